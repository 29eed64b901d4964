/**
 * An ICC profile compatible with Adobe RGB (1998), for camera JPEGs that mark Adobe RGB only
 * through EXIF (ColorSpace and the Interop index). Removing the EXIF removes that marking, so
 * the cleaned file carries this profile instead and still decodes to the same colours.
 *
 * The profile is ICC version 2.1, class `mntr`, with a matrix and one gamma curve. Its numbers
 * come from the Adobe RGB (1998) specification (version 2005-05): primaries R (0.64, 0.33),
 * G (0.21, 0.71), B (0.15, 0.06), white point D65 (0.3127, 0.3290), and gamma 563/256. The
 * colorant tags are those primaries in XYZ, adapted from D65 to the D50 connection space with
 * the Bradford transform, as ICC profiles require.
 */

type Vector = readonly [number, number, number];
type Matrix = readonly [Vector, Vector, Vector];

/** The chromaticities of Adobe RGB (1998) and its white point. */
const PRIMARIES = { red: [0.64, 0.33], green: [0.21, 0.71], blue: [0.15, 0.06] } as const;
const WHITE_D65: readonly [number, number] = [0.3127, 0.329];

/** The ICC connection-space illuminant (D50) in XYZ, as the ICC specification fixes it. */
const WHITE_D50: Vector = [0.9642, 1, 0.8249];

/** The Bradford cone-response matrix. */
const BRADFORD: Matrix = [
  [0.8951, 0.2664, -0.1614],
  [-0.7502, 1.7135, 0.0367],
  [0.0389, -0.0685, 1.0296],
];

/** Gamma 2.19921875 (563/256) as the u8Fixed8Number that a `curv` tag with one entry stores. */
const GAMMA_U8_FIXED_8 = 563;

const DESCRIPTION = 'Adobe RGB (1998) compatible';
const COPYRIGHT = 'No copyright, use freely';

let cachedProfile: Uint8Array | undefined;

/**
 * Builds the Adobe RGB (1998) compatible ICC profile described above. The bytes are the same
 * on every call, so a cleaned file is reproducible and the structure check can compare them.
 */
export function buildAdobeRgbProfile(): Uint8Array {
  cachedProfile ??= createProfile();
  return cachedProfile.slice();
}

function createProfile(): Uint8Array {
  const colorants = computeColorantsD50();
  const curve = createCurveTag();
  const tags: readonly (readonly [string, Uint8Array])[] = [
    ['desc', createDescriptionTag(DESCRIPTION)],
    ['cprt', createTextTag(COPYRIGHT)],
    ['wtpt', createXyzTag(WHITE_D50)],
    ['rXYZ', createXyzTag(colorants[0])],
    ['gXYZ', createXyzTag(colorants[1])],
    ['bXYZ', createXyzTag(colorants[2])],
    ['rTRC', curve],
    ['gTRC', curve],
    ['bTRC', curve],
  ];
  return assembleProfile(tags);
}

/** Lays out header, tag table and tag data; the three TRC tags share one data block. */
function assembleProfile(tags: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const tableSize = 4 + tags.length * 12;
  const offsets = new Map<Uint8Array, number>();
  let size = 128 + tableSize;
  for (const [, data] of tags) {
    if (!offsets.has(data)) {
      offsets.set(data, size);
      size += alignTo4(data.length);
    }
  }
  const profile = new Uint8Array(size);
  const view = new DataView(profile.buffer);
  writeHeader(profile, view, size);
  view.setUint32(128, tags.length);
  tags.forEach(([signature, data], index) => {
    const entry = 132 + index * 12;
    writeAscii(profile, entry, signature);
    view.setUint32(entry + 4, offsets.get(data) ?? 0);
    view.setUint32(entry + 8, data.length);
    profile.set(data, offsets.get(data) ?? 0);
  });
  return profile;
}

function writeHeader(profile: Uint8Array, view: DataView, size: number): void {
  view.setUint32(0, size);
  view.setUint32(8, 0x02100000); // version 2.1.0
  writeAscii(profile, 12, 'mntrRGB XYZ ');
  // Creation date 2024-01-01 00:00:00, fixed so that the bytes never change.
  [2024, 1, 1, 0, 0, 0].forEach((value, index) => {
    view.setUint16(24 + index * 2, value);
  });
  writeAscii(profile, 36, 'acsp');
  view.setUint32(64, 0); // perceptual rendering intent
  WHITE_D50.forEach((value, index) => {
    view.setInt32(68 + index * 4, toS15Fixed16(value));
  });
}

/** Returns the XYZ (D50) of the red, green and blue primaries. */
function computeColorantsD50(): Matrix {
  const adapt = computeBradfordAdaptation(xyToXyz(WHITE_D65), WHITE_D50);
  // The columns of the RGB-to-XYZ matrix are the primaries, so transpose to get them as rows.
  return transpose(multiply(adapt, computeRgbToXyz()));
}

/** Returns the RGB-to-XYZ (D65) matrix, scaled so that RGB white maps to the white point. */
function computeRgbToXyz(): Matrix {
  const unscaled = transpose([
    xyToXyz(PRIMARIES.red),
    xyToXyz(PRIMARIES.green),
    xyToXyz(PRIMARIES.blue),
  ]);
  const scale = apply(invert(unscaled), xyToXyz(WHITE_D65));
  return toMatrix((row, column) => unscaled[row][column] * scale[column]);
}

function computeBradfordAdaptation(source: Vector, target: Vector): Matrix {
  const sourceCone = apply(BRADFORD, source);
  const targetCone = apply(BRADFORD, target);
  const ratio = toMatrix((row, column) => (row === column ? targetCone[row] / sourceCone[row] : 0));
  return multiply(invert(BRADFORD), multiply(ratio, BRADFORD));
}

/** Converts a chromaticity to XYZ with Y = 1. */
function xyToXyz([x, y]: readonly [number, number]): Vector {
  return [x / y, 1, (1 - x - y) / y];
}

type Index = 0 | 1 | 2;

function toMatrix(cell: (row: Index, column: Index) => number): Matrix {
  const row = (index: Index): Vector => [cell(index, 0), cell(index, 1), cell(index, 2)];
  return [row(0), row(1), row(2)];
}

function transpose(matrix: Matrix): Matrix {
  return toMatrix((row, column) => matrix[column][row]);
}

function apply(matrix: Matrix, vector: Vector): Vector {
  const dot = (row: Vector): number => row[0] * vector[0] + row[1] * vector[1] + row[2] * vector[2];
  return [dot(matrix[0]), dot(matrix[1]), dot(matrix[2])];
}

function multiply(left: Matrix, right: Matrix): Matrix {
  return toMatrix(
    (row, column) =>
      left[row][0] * right[0][column] +
      left[row][1] * right[1][column] +
      left[row][2] * right[2][column],
  );
}

function invert(matrix: Matrix): Matrix {
  const [[a, b, c], [d, e, f], [g, h, i]] = matrix;
  const determinant = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  const adjugate: Matrix = [
    [e * i - f * h, c * h - b * i, b * f - c * e],
    [f * g - d * i, a * i - c * g, c * d - a * f],
    [d * h - e * g, b * g - a * h, a * e - b * d],
  ];
  return toMatrix((row, column) => adjugate[row][column] / determinant);
}

function createXyzTag(xyz: Vector): Uint8Array {
  const tag = new Uint8Array(20);
  const view = new DataView(tag.buffer);
  writeAscii(tag, 0, 'XYZ ');
  xyz.forEach((value, index) => {
    view.setInt32(8 + index * 4, toS15Fixed16(value));
  });
  return tag;
}

function createCurveTag(): Uint8Array {
  const tag = new Uint8Array(14);
  const view = new DataView(tag.buffer);
  writeAscii(tag, 0, 'curv');
  view.setUint32(8, 1); // one entry: a pure gamma
  view.setUint16(12, GAMMA_U8_FIXED_8);
  return tag;
}

function createTextTag(text: string): Uint8Array {
  const tag = new Uint8Array(8 + text.length + 1);
  writeAscii(tag, 0, 'text');
  writeAscii(tag, 8, text);
  return tag;
}

/** A version 2 `textDescriptionType`: ASCII text, then empty Unicode and ScriptCode parts. */
function createDescriptionTag(text: string): Uint8Array {
  const asciiSize = text.length + 1;
  const tag = new Uint8Array(12 + asciiSize + 8 + 3 + 67);
  const view = new DataView(tag.buffer);
  writeAscii(tag, 0, 'desc');
  view.setUint32(8, asciiSize);
  writeAscii(tag, 12, text);
  return tag;
}

function writeAscii(target: Uint8Array, offset: number, text: string): void {
  for (let index = 0; index < text.length; index += 1) {
    target[offset + index] = text.charCodeAt(index);
  }
}

function toS15Fixed16(value: number): number {
  return Math.round(value * 65536);
}

function alignTo4(size: number): number {
  return Math.ceil(size / 4) * 4;
}
