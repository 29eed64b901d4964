import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kind } from '../../../src/shared/kinds.js';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import { stripImage } from '../../../src/strip/strip-image.js';
import { stripWebp } from '../../../src/strip/webp/strip-webp.js';
import { verifyClean } from '../../../src/verify/verify-clean.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { expectCleanOutput, type FormatUnderTest } from '../../helpers/expect-clean-output.js';
import { getStripErrorCode } from '../../helpers/get-strip-error-code.js';
import { orientationTiff } from '../../helpers/png-chunks.js';
import { resetPngFixtureDir } from '../../helpers/png-fixtures.js';
import { decodeFrames, splitFrames } from '../../helpers/pixels.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import {
  createAnimatedWebp,
  createWebp,
  encodeChunk,
  extendSimpleWebp,
  findChunks,
  FLAG,
  joinChunks,
  listChunkTypes,
  readFlags,
  readWebpTags,
  splitChunks,
  vp8xChunk,
  writeWebpMetadata,
  type RiffChunk,
} from './webp-fixtures.js';

const hasExifTool = isExifToolAvailable();

const SIZE = { width: 24, height: 16 } as const;

let lossy: Buffer;
let lossless: Buffer;
let alpha: Buffer;
let animated: Buffer;
let withProfile: Buffer;
let losslessAlpha: Buffer;

beforeAll(async () => {
  lossy = await createWebp();
  lossless = await createWebp({ lossless: true });
  alpha = await createWebp({ alpha: true });
  animated = await createAnimatedWebp();
  withProfile = await createWebp({ icc: 'p3' });
  losslessAlpha = await createWebp({ lossless: true, alpha: true });
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

const WEBP: FormatUnderTest = {
  strip: stripWebp,
  decodeImages: async (bytes) => splitFrames(await decodeFrames(bytes)),
  extension: 'webp',
};

describe('stripWebp', () => {
  it('has an animated fixture that decodes to three frames', async () => {
    expect((await decodeFrames(animated)).frames).toBe(3);
  });

  it.each([
    ['lossy', () => lossy],
    ['lossless', () => lossless],
    ['alpha', () => alpha],
    ['animated', () => animated],
  ] as const)('returns a clean %s file as the same array', (_name, getInput) => {
    const input = getInput();
    const result = stripWebp(input, DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(false);
    expect(result.bytes).toBe(input);
    expect(result.removed).toEqual([]);
    expect(result.kept).toEqual([]);
    expect(result.format).toBe('webp');
  });

  it('is what stripImage runs for a WebP file', () => {
    const input = extendSimpleWebp(lossy, FLAG.xmp, SIZE, [xmpChunk()]);

    const result = stripImage(input, DEFAULT_KEEP_POLICY);

    expect(result.format).toBe('webp');
    expect(result.removed).toEqual(['xmp']);
  });

  describe.skipIf(!hasExifTool)('metadata written by ExifTool', () => {
    const cases: readonly { name: string; args: readonly string[]; kind: Kind }[] = [
      { name: 'GPS position', args: ['-GPSLatitude=48.85', '-GPSLatitudeRef=N'], kind: 'gps' },
      { name: 'camera make', args: ['-EXIF:Make=Acme'], kind: 'camera-model' },
      { name: 'camera serial', args: ['-EXIF:SerialNumber=SN-0042'], kind: 'camera-serial' },
      { name: 'EXIF artist', args: ['-EXIF:Artist=A. Person'], kind: 'owner' },
      {
        name: 'EXIF capture date',
        args: ['-EXIF:DateTimeOriginal=2021:02:03 04:05:06'],
        kind: 'datetime',
      },
      { name: 'EXIF software', args: ['-EXIF:Software=Editor 1.0'], kind: 'software' },
      { name: 'XMP creator', args: ['-XMP-dc:Creator=A. Person'], kind: 'xmp' },
    ];
    const images = [
      ['lossy', () => lossy],
      ['lossless', () => lossless],
      ['animated', () => animated],
    ] as const;
    const matrix = images.flatMap(([image, getInput]) =>
      cases.map((entry) => [`${entry.name} in a ${image} file`, getInput, entry] as const),
    );

    it.each(matrix)('removes %s', async (_title, getInput, entry) => {
      const input = await writeWebpMetadata(getInput(), entry.args);

      const result = stripWebp(input, DEFAULT_KEEP_POLICY);

      expect(result.changed).toBe(true);
      expect(result.removed).toContain(entry.kind);
      expect(listChunkTypes(result.bytes)).not.toContain('EXIF');
      expect(listChunkTypes(result.bytes)).not.toContain('XMP ');
      await expectCleanOutput(WEBP, input, result);
    });

    it.each(images)(
      'keeps the orientation of a %s file in a minimal EXIF chunk',
      async (_n, get) => {
        const input = await writeWebpMetadata(get(), [
          '-Orientation#=6',
          '-GPSLatitude=48.85',
          '-GPSLatitudeRef=N',
        ]);

        const result = stripWebp(input, DEFAULT_KEEP_POLICY);

        expect(result.kept).toEqual(['orientation']);
        expect(result.removed).toContain('gps');
        expect(findChunks(result.bytes, 'EXIF')[0]?.data.equals(orientationTiff(6))).toBe(true);
        expect((readFlags(result.bytes) ?? 0) & FLAG.exif).toBe(FLAG.exif);
        expect((await readWebpTags(result.bytes))['EXIF:IFD0:Orientation']).toBe(6);
        await expectCleanOutput(WEBP, input, result, DEFAULT_KEEP_POLICY, [
          'EXIF:IFD0:Orientation',
        ]);
      },
    );

    it('drops the orientation when the policy does not keep it', async () => {
      const input = await writeWebpMetadata(lossy, ['-Orientation#=6']);
      const policy = { ...DEFAULT_KEEP_POLICY, orientation: false };

      const result = stripWebp(input, policy);

      expect(result.removed).toContain('orientation');
      expect(result.kept).toEqual([]);
      expect(listChunkTypes(result.bytes)).not.toContain('EXIF');
      expect((readFlags(result.bytes) ?? 0) & FLAG.exif).toBe(0);
      await expectCleanOutput(WEBP, input, result, policy);
    });

    it('keeps the capture date when the policy keeps it', async () => {
      const input = await writeWebpMetadata(lossy, [
        '-EXIF:DateTimeOriginal=2021:02:03 04:05:06',
        '-EXIF:Make=Acme',
      ]);
      const policy = { ...DEFAULT_KEEP_POLICY, captureDate: true };

      const result = stripWebp(input, policy);

      expect(result.kept).toEqual(['capture-date']);
      expect(result.removed).toContain('camera-model');
      const tags = await readWebpTags(result.bytes);
      expect(tags['EXIF:ExifIFD:DateTimeOriginal']).toBe('2021:02:03 04:05:06');
      await expectCleanOutput(WEBP, input, result, policy, ['EXIF:ExifIFD:DateTimeOriginal']);
    });

    it('reports a ComfyUI prompt and workflow as ai-prompt', async () => {
      const input = await writeWebpMetadata(lossy, [
        '-EXIF:Make=workflow:{"last_node_id":9,"nodes":[]}',
        '-EXIF:Model=prompt:{"3":{"class_type":"KSampler","inputs":{}}}',
      ]);

      const result = stripWebp(input, DEFAULT_KEEP_POLICY);

      // ExifTool adds YCbCrPositioning, which is exif-other; no camera is reported.
      expect(result.removed).toEqual(['exif-other', 'ai-prompt']);
      await expectCleanOutput(WEBP, input, result);
    });
  });

  describe('colour profile', () => {
    it('keeps the ICC profile byte for byte under the default policy', async () => {
      const result = stripWebp(withProfile, DEFAULT_KEEP_POLICY);

      expect(result.changed).toBe(false);
      expect(result.kept).toEqual(['icc-profile']);
      await expectCleanOutput(WEBP, withProfile, result);
    });

    it('removes the ICC profile and its flag when the policy drops it', () => {
      const policy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };

      const result = stripWebp(withProfile, policy);

      expect(result.removed).toEqual(['icc-profile']);
      expect(listChunkTypes(result.bytes)).toEqual(['VP8X', 'VP8 ']);
      expect((readFlags(result.bytes) ?? 0) & FLAG.icc).toBe(0);
      expect(() => {
        verifyClean(withProfile, result, policy);
      }).not.toThrow();
    });

    it('removes an ICCP chunk that the VP8X flags do not announce', async () => {
      const [profile] = findChunks(withProfile, 'ICCP');
      const input = extendSimpleWebp(lossy, 0, SIZE, []);
      const chunks = splitChunks(input);
      const withUnflagged = joinChunks([chunks[0], profile, ...chunks.slice(1)] as RiffChunk[]);

      const result = stripWebp(withUnflagged, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['icc-profile']);
      expect(result.kept).toEqual([]);
      await expectCleanOutput(WEBP, withUnflagged, result);
    });
  });

  describe('chunks ExifTool cannot write', () => {
    it('removes a file whose only metadata is XMP', async () => {
      const input = extendSimpleWebp(lossy, FLAG.xmp, SIZE, [xmpChunk()]);

      const result = stripWebp(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['xmp']);
      expect(listChunkTypes(result.bytes)).toEqual(['VP8X', 'VP8 ']);
      expect(readFlags(result.bytes)).toBe(0);
      await expectCleanOutput(WEBP, input, result);
    });

    it('removes an unknown chunk', async () => {
      const unknown = { fourcc: 'ZZZZ', data: Buffer.from('serial 4242, odd length') };
      const input = extendSimpleWebp(lossless, 0, SIZE, [unknown]);

      const result = stripWebp(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['unknown-block']);
      expect(listChunkTypes(result.bytes)).toEqual(['VP8X', 'VP8L']);
      await expectCleanOutput(WEBP, input, result);
    });

    it('reads XMP in a chunk named XMP\\0 as XMP', async () => {
      const input = extendSimpleWebp(lossy, 0, SIZE, [{ ...xmpChunk(), fourcc: 'XMP\0' }]);

      const result = stripWebp(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['xmp']);
      await expectCleanOutput(WEBP, input, result);
    });

    it('removes an unknown chunk inside an animation frame', async () => {
      const chunks = splitChunks(animated);
      const frameIndex = chunks.findIndex((chunk) => chunk.fourcc === 'ANMF');
      const frame = chunks[frameIndex] as RiffChunk;
      const note = encodeChunk('NOTE', Buffer.from('written by someone'));
      chunks[frameIndex] = { fourcc: 'ANMF', data: Buffer.concat([frame.data, note]) };
      const input = joinChunks(chunks);

      const result = stripWebp(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['unknown-block']);
      expect(result.bytes).toEqual(animated);
      await expectCleanOutput(WEBP, input, result);
    });

    it('keeps orientation from an EXIF chunk with an Exif\\0\\0 prefix', async () => {
      const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), orientationTiff(8)]);
      const input = extendSimpleWebp(lossy, FLAG.exif, SIZE, [{ fourcc: 'EXIF', data: exif }]);

      const result = stripWebp(input, DEFAULT_KEEP_POLICY);

      expect(result.kept).toEqual(['orientation']);
      expect(result.removed).toEqual([]);
      expect(findChunks(result.bytes, 'EXIF')[0]?.data.equals(orientationTiff(8))).toBe(true);
      await expectCleanOutput(WEBP, input, result, DEFAULT_KEEP_POLICY, ['EXIF:IFD0:Orientation']);
    });

    it.each([
      ['lossy', () => lossy, 0],
      ['lossless with alpha', () => losslessAlpha, FLAG.alpha],
    ] as const)(
      'gives a simple %s file a VP8X header to carry its orientation',
      async (_name, getInput, alphaFlag) => {
        const simple = getInput();
        const [image] = splitChunks(simple);
        const exif = { fourcc: 'EXIF', data: orientationTiff(3) };
        const input = joinChunks([image as RiffChunk, exif, xmpChunk()]);

        const result = stripWebp(input, DEFAULT_KEEP_POLICY);

        expect(result.kept).toEqual(['orientation']);
        expect(result.removed).toEqual(['xmp']);
        expect(listChunkTypes(result.bytes)).toEqual(['VP8X', image?.fourcc, 'EXIF']);
        const header = findChunks(result.bytes, 'VP8X')[0]?.data;
        expect(header?.equals(vp8xChunk(FLAG.exif | alphaFlag, 24, 16).data)).toBe(true);
        await expectCleanOutput(WEBP, input, result, DEFAULT_KEEP_POLICY, [
          'EXIF:IFD0:Orientation',
        ]);
      },
    );

    it('removes bytes after the RIFF chunk as a trailer', async () => {
      const input = Buffer.concat([lossy, Buffer.from('trailing data')]);

      const result = stripWebp(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['trailer']);
      expect(result.bytes).toEqual(lossy);
      await expectCleanOutput(WEBP, input, result);
    });
  });

  describe('rejections', () => {
    it('rejects a file cut inside a chunk as truncated', () => {
      expect(getStripErrorCode(stripWebp, lossy.subarray(0, lossy.length - 10))).toBe(
        'E_TRUNCATED',
      );
    });

    it('rejects a file shorter than its RIFF size as truncated', () => {
      const input = Buffer.from(animated);
      input.writeUInt32LE(input.length + 100, 4);

      expect(getStripErrorCode(stripWebp, input)).toBe('E_TRUNCATED');
    });

    it('rejects a file cut inside the RIFF header as truncated', () => {
      expect(getStripErrorCode(stripWebp, lossy.subarray(0, 7))).toBe('E_TRUNCATED');
    });

    it('rejects a last odd chunk without its padding byte as corrupt', () => {
      const input = extendSimpleWebp(lossy, 0, SIZE, [{ fourcc: 'ZZZZ', data: Buffer.from('x') }]);
      const unpadded = input.subarray(0, input.length - 1);
      unpadded.writeUInt32LE(unpadded.length - 8, 4);

      expect(getStripErrorCode(stripWebp, unpadded)).toBe('E_CORRUPT');
    });

    it('rejects a chunk that runs past the RIFF size as corrupt', () => {
      const input = extendSimpleWebp(lossy, 0, SIZE, [{ fourcc: 'ZZZZ', data: Buffer.alloc(8) }]);
      input.writeUInt32LE(input.length - 8 - 4, 4);

      expect(getStripErrorCode(stripWebp, input)).toBe('E_CORRUPT');
    });

    it('rejects a chunk type of zero bytes as corrupt', () => {
      const garbage = { fourcc: '\0\0\0\0', data: Buffer.alloc(0) };
      const input = extendSimpleWebp(lossy, 0, SIZE, [garbage, garbage]);

      expect(getStripErrorCode(stripWebp, input)).toBe('E_CORRUPT');
    });

    it.each([
      ['metadata before the image chunk', () => joinChunks([xmpChunk(), ...splitChunks(lossy)])],
      ['a second image chunk', () => joinChunks([...splitChunks(lossy), ...splitChunks(lossy)])],
      [
        'a canvas that differs from the image',
        () => extendSimpleWebp(lossy, 0, { width: 25, height: 16 }, []),
      ],
      [
        'a canvas above 2^32 pixels',
        () => extendSimpleWebp(lossy, 0, { width: 4544257, height: 11600195 }, []),
      ],
      ['an animation flag without ANIM', () => extendSimpleWebp(lossy, FLAG.animation, SIZE, [])],
      [
        'a VP8 payload without a key frame',
        () => joinChunks([{ fourcc: 'VP8 ', data: Buffer.alloc(12, 1) }]),
      ],
      [
        'ANMF frames without the animation flag',
        () => {
          const chunks = splitChunks(animated).filter((chunk) => chunk.fourcc !== 'VP8X');
          return joinChunks([vp8xChunk(0, 24, 16), ...chunks]);
        },
      ],
    ])('rejects %s as corrupt', (_name, build) => {
      expect(getStripErrorCode(stripWebp, build())).toBe('E_CORRUPT');
    });
  });
});

function xmpChunk(): RiffChunk {
  const packet =
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="A. Person"/></rdf:RDF>' +
    '</x:xmpmeta><?xpacket end="w"?>';
  return { fourcc: 'XMP ', data: Buffer.from(packet, 'utf8') };
}
