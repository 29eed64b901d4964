import sharp from 'sharp';
import { listIdentifyingTags } from '../helpers/exiftool.js';

/** Where an identifying value of the input still occurs in an output: tag name and offset. */
export interface LeakedValue {
  readonly tag: string;
  readonly offset: number;
}

/** The shortest value searched for; shorter ones match image data by chance. */
const MIN_VALUE_BYTES = 6;

/**
 * Collects the byte strings of the identifying tag values ExifTool read from an input
 * (`tags`, from `readAllTags`), each in UTF-8 and latin1, with the name of its tag. Values are
 * kept as bytes and never returned as text, because they hold personal data.
 */
export function collectIdentifyingValues(
  tags: Record<string, unknown>,
): { tag: string; bytes: Buffer }[] {
  const values: { tag: string; bytes: Buffer }[] = [];
  for (const tag of listIdentifyingTags(tags)) {
    for (const text of flattenStrings(tags[tag])) {
      for (const encoding of ['utf8', 'latin1'] as const) {
        const bytes = Buffer.from(text.trim(), encoding);
        if (bytes.length >= MIN_VALUE_BYTES) {
          values.push({ tag, bytes });
        }
      }
    }
  }
  return values;
}

/**
 * Returns where identifying values of the input occur in `output`, skipping values that occur
 * in the output's ICC profile, which stays byte for byte and may share a maker's name.
 */
export async function findLeakedValues(
  values: readonly { tag: string; bytes: Buffer }[],
  output: Uint8Array,
): Promise<LeakedValue[]> {
  const outputBytes = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  const icc = await readIccProfile(outputBytes);
  const leaks: LeakedValue[] = [];
  for (const { tag, bytes } of values) {
    const offset = outputBytes.indexOf(bytes);
    if (offset !== -1 && !icc.includes(bytes)) {
      leaks.push({ tag, offset });
    }
  }
  return leaks;
}

async function readIccProfile(bytes: Buffer): Promise<Buffer> {
  try {
    return (await sharp(bytes, { failOn: 'none' }).metadata()).icc ?? Buffer.alloc(0);
  } catch {
    // A format sharp cannot read (never a cleaned one) has no profile to skip.
    return Buffer.alloc(0);
  }
}

function flattenStrings(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(flattenStrings);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).flatMap(flattenStrings);
  }
  return [];
}
