import { AppError } from '../shared/errors.js';

/** The IHDR fields the PNG structure check needs. */
export interface VerifiedPngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly isInterlaced: boolean;
  /** Samples per pixel: 1, 3, 1, 2 or 4 for colour types 0, 2, 3, 4 and 6. */
  readonly samples: number;
}

/** Samples per pixel and allowed bit depths, indexed by colour type. Gaps are invalid types. */
const COLOR_TYPES: readonly ({ samples: number; depths: readonly number[] } | undefined)[] = [
  { samples: 1, depths: [1, 2, 4, 8, 16] },
  undefined,
  { samples: 3, depths: [8, 16] },
  { samples: 1, depths: [1, 2, 4, 8] },
  { samples: 2, depths: [8, 16] },
  undefined,
  { samples: 4, depths: [8, 16] },
];

/**
 * Reads an IHDR chunk's data for the structure check, which rejects any IHDR the PNG
 * specification does not allow.
 *
 * @throws {AppError} `E_VERIFY_STRUCTURE` for a wrong length or an invalid field.
 */
export function readVerifiedPngHeader(data: Uint8Array): VerifiedPngHeader {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const isLength13 = data.length === 13;
  const width = isLength13 ? view.getUint32(0) : 0;
  const height = isLength13 ? view.getUint32(4) : 0;
  const bitDepth = data[8] ?? 0;
  const colorType = data[9] ?? 0;
  const layout = COLOR_TYPES[colorType];
  const isValid =
    isLength13 &&
    width >= 1 &&
    height >= 1 &&
    width <= 0x7fff_ffff &&
    height <= 0x7fff_ffff &&
    layout?.depths.includes(bitDepth) === true &&
    data[10] === 0 &&
    data[11] === 0 &&
    (data[12] === 0 || data[12] === 1);
  if (!isValid) {
    throw new AppError('E_VERIFY_STRUCTURE', 'The cleaned PNG has an invalid IHDR chunk.');
  }
  return {
    width,
    height,
    bitDepth,
    colorType,
    isInterlaced: data[12] === 1,
    samples: layout.samples,
  };
}
