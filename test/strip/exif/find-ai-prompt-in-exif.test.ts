import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAiPromptInExif } from '../../../src/strip/exif/find-ai-prompt-in-exif.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { resetPngFixtureDir } from '../../helpers/png-fixtures.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { createWebp, findChunks, writeWebpMetadata } from '../webp/webp-fixtures.js';

const hasExifTool = isExifToolAvailable();

let base: Buffer;

beforeAll(async () => {
  base = await createWebp();
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

/** Lets ExifTool write `args` into a WebP and returns the EXIF block it wrote. */
async function createExifBlock(args: readonly string[]): Promise<Buffer> {
  const [exif] = findChunks(await writeWebpMetadata(base, args), 'EXIF');
  if (exif === undefined) {
    throw new Error('ExifTool wrote no EXIF chunk');
  }
  return exif.data;
}

/** AUTOMATIC1111's parameters text, with its newlines as spaces (ExifTool takes one line). */
const A1111_PARAMETERS =
  'a castle on a hill Negative prompt: blurry Steps: 20, Sampler: Euler a, CFG scale: 7';

describe.skipIf(!hasExifTool)('findAiPromptInExif', () => {
  it.each([
    [
      'ComfyUI workflow and prompt in Make and Model',
      ['-EXIF:Make=workflow:{"nodes":[]}', '-EXIF:Model=prompt:{"3":{"inputs":{}}}'],
      ['camera-model'],
    ],
    [
      'a ComfyUI graph in ImageDescription',
      ['-EXIF:ImageDescription={"3":{"class_type":"KSampler"}}'],
      ['comment'],
    ],
    [
      'AUTOMATIC1111 parameters in an ASCII UserComment',
      [`-EXIF:UserComment=${A1111_PARAMETERS}`],
      ['comment'],
    ],
  ] as const)('finds %s', async (_name, args, kinds) => {
    const finding = findAiPromptInExif(await createExifBlock(args));

    expect(finding.hasPrompt).toBe(true);
    expect([...finding.kindsOnlyInPrompts]).toEqual(kinds);
  });

  it('reads a UserComment that ExifTool stores as UTF-16', async () => {
    const tiff = await createExifBlock([`-EXIF:UserComment=${A1111_PARAMETERS} café`]);

    expect(tiff.includes(Buffer.from('UNICODE\0', 'latin1'))).toBe(true);
    expect(findAiPromptInExif(tiff).hasPrompt).toBe(true);
  });

  it('keeps a kind that another tag also has', async () => {
    const tiff = await createExifBlock([
      '-EXIF:Make=workflow:{"nodes":[]}',
      '-EXIF:LensModel=50mm f/1.8',
    ]);

    const finding = findAiPromptInExif(tiff);

    expect(finding.hasPrompt).toBe(true);
    expect([...finding.kindsOnlyInPrompts]).toEqual([]);
  });

  it('finds nothing in a camera block with ordinary text', async () => {
    const tiff = await createExifBlock([
      '-EXIF:Make=Canon',
      '-EXIF:Model=EOS R5',
      '-EXIF:ImageDescription=Sunset over the bay',
      '-EXIF:UserComment=prompt delivery of prints',
    ]);

    expect(findAiPromptInExif(tiff).hasPrompt).toBe(false);
  });
});

describe('findAiPromptInExif without a TIFF header', () => {
  it('finds nothing in bytes that are not EXIF', () => {
    expect(findAiPromptInExif(Buffer.from('prompt: not a TIFF block')).hasPrompt).toBe(false);
    expect(findAiPromptInExif(Buffer.alloc(0)).hasPrompt).toBe(false);
  });
});
