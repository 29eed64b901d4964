import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdobeRgbProfile } from '../../../src/strip/exif/build-adobe-rgb-profile.js';
import { createIccSegments } from '../../../src/strip/jpeg/create-icc-segments.js';
import { closeExifTool, isExifToolAvailable, readAllTags } from '../../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { createJpeg, insertAfterSoi } from '../jpeg/jpeg-fixtures.js';

let dir = '';

beforeAll(async () => {
  dir = await createTempDir();
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

/**
 * Converts 8-bit Adobe RGB (1998) to 8-bit sRGB with the matrices the two standards publish:
 * Adobe RGB (1998) section 4.3.4.1 (RGB to XYZ, D65) and IEC 61966-2-1 (XYZ to sRGB, D65).
 */
function convertAdobeToSrgb(rgb: readonly [number, number, number]): number[] {
  const [r, g, b] = rgb.map((value) => (value / 255) ** (563 / 256)) as [number, number, number];
  const x = 0.57667 * r + 0.18556 * g + 0.18823 * b;
  const y = 0.29734 * r + 0.62736 * g + 0.07529 * b;
  const z = 0.02703 * r + 0.07069 * g + 0.99134 * b;
  const linear = [
    3.2406 * x - 1.5372 * y - 0.4986 * z,
    -0.9689 * x + 1.8758 * y + 0.0415 * z,
    0.0557 * x - 0.204 * y + 1.057 * z,
  ];
  return linear.map((value) => {
    const clipped = Math.min(1, Math.max(0, value));
    const encoded = clipped <= 0.0031308 ? 12.92 * clipped : 1.055 * clipped ** (1 / 2.4) - 0.055;
    return Math.round(encoded * 255);
  });
}

/** Encodes one flat 8×8 block per colour, side by side, without chroma subsampling. */
async function createColourBlocks(colours: readonly (readonly number[])[]): Promise<Buffer> {
  const width = colours.length * 8;
  const pixels = Buffer.alloc(width * 8 * 3);
  for (let pixel = 0; pixel < width * 8; pixel += 1) {
    const colour = colours[Math.floor((pixel % width) / 8)] ?? [];
    pixels.set(colour, pixel * 3);
  }
  return sharp(pixels, { raw: { width, height: 8, channels: 3 } })
    .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
    .toBuffer();
}

describe('buildAdobeRgbProfile', () => {
  it('returns the same bytes on every call', () => {
    expect(Buffer.from(buildAdobeRgbProfile()).equals(buildAdobeRgbProfile())).toBe(true);
  });

  it('stores its own size in the header', () => {
    const profile = Buffer.from(buildAdobeRgbProfile());

    expect(profile.readUInt32BE(0)).toBe(profile.length);
    expect(profile.subarray(36, 40).toString('latin1')).toBe('acsp');
  });

  it.runIf(isExifToolAvailable())('reads as an RGB display profile in ExifTool', async () => {
    const jpeg = insertAfterSoi(await createJpeg(), ...createIccSegments(buildAdobeRgbProfile()));
    const filePath = path.join(dir, 'adobe.jpg');
    await writeFile(filePath, jpeg);

    const tags = await readAllTags(filePath);

    expect(tags['ICC_Profile:ICC-header:ProfileClass']).toBe('mntr');
    expect(tags['ICC_Profile:ICC-header:ColorSpaceData']).toBe('RGB ');
    expect(tags['ICC_Profile:ProfileDescription']).toBe('Adobe RGB (1998) compatible');
    expect(tags['ICC_Profile:RedMatrixColumn']).toBe('0.60974 0.31111 0.01947');
  });

  it('converts colours to sRGB as the standards do', async () => {
    const colours: [number, number, number][] = [
      [128, 128, 128],
      [200, 100, 50],
      [50, 150, 200],
      [230, 60, 120],
      [90, 180, 70],
    ];
    const jpeg = await createColourBlocks(colours);
    const tagged = insertAfterSoi(jpeg, ...createIccSegments(buildAdobeRgbProfile()));

    const device = await sharp(jpeg).raw().toBuffer();
    const converted = await sharp(tagged).withIccProfile('srgb').raw().toBuffer();

    colours.forEach((_colour, index) => {
      // The centre of each 8×8 block, where JPEG leaves the colour flat.
      const offset = (4 * colours.length * 8 + index * 8 + 4) * 3;
      const expected = convertAdobeToSrgb([
        device[offset] ?? 0,
        device[offset + 1] ?? 0,
        device[offset + 2] ?? 0,
      ]);
      for (let channel = 0; channel < 3; channel += 1) {
        const difference = Math.abs((converted[offset + channel] ?? -1) - (expected[channel] ?? 0));
        expect(difference, `colour ${index}, channel ${channel}`).toBeLessThanOrEqual(2);
      }
    });
  });
});
