import ExifReader from 'exifreader';
import { AppError } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import type { StripResult } from '../strip/strip-result.js';
import { rejectGifBlocksHiddenFromReader } from './reject-gif-blocks-hidden-from-reader.js';
import { rejectWebpChunksHiddenFromReader } from './reject-webp-chunks-hidden-from-reader.js';
import { getSecondReaderAllowlist, type SecondReaderAllowlist } from './second-reader-allowlist.js';
import { splitCleanedJpeg, type CleanedJpegImage } from './split-cleaned-jpeg.js';

/** Groups whose values are numbers for image structure but strings for PNG text chunks. */
const NUMERIC_GROUPS: ReadonlySet<string> = new Set(['png', 'pngFile']);

/**
 * Reads the cleaned file with ExifReader, a reader independent of MetaClear's strippers, and
 * rejects it when any tag lies outside what `policy` keeps. A file with no metadata at all
 * passes. An ICC profile passes only when the policy keeps colour profiles.
 *
 * ExifReader 4.46's synchronous mode skips compressed PNG data (`zTXt`, compressed `iTXt`, and
 * `iCCP`), so a PNG containing those chunks is rejected as unreadable unless the chunk is a kept
 * `iCCP`. WebP chunks and GIF extensions that ExifReader does not read are rejected the same
 * way. ExifReader reads only the first image of a multi-picture JPEG, so each further image
 * that its MPF index declares is read on its own as well. `jpegImages` are those images as the
 * structure check split them; without them the output is split here.
 *
 * @throws {AppError} `E_VERIFY_READER` naming the first disallowed tag (never its value), or
 *   saying that ExifReader could not parse the file.
 */
export function verifyWithSecondReader(
  result: StripResult,
  policy: KeepPolicy,
  jpegImages?: readonly CleanedJpegImage[],
): void {
  if (result.format === 'png') {
    rejectChunksHiddenFromReader(result.bytes, policy);
  }
  if (result.format === 'webp') {
    rejectWebpChunksHiddenFromReader(result.bytes);
  }
  if (result.format === 'gif') {
    rejectGifBlocksHiddenFromReader(result.bytes, policy);
  }
  checkTags(result.bytes, result.format, policy);
  if (result.format === 'jpeg') {
    const images = jpegImages ?? splitCleanedJpeg(result.bytes);
    for (const image of images.slice(1)) {
      checkTags(image.bytes, result.format, policy);
    }
  }
}

/** Reads one image with ExifReader and rejects it when a tag lies outside the allowlist. */
function checkTags(bytes: Uint8Array, format: StripResult['format'], policy: KeepPolicy): void {
  const tags = readTags(bytes);
  if (tags === null) {
    return;
  }
  const fileType = tags.file?.FileType?.value;
  if (fileType !== undefined && !isExpectedFileType(fileType, format)) {
    throw new AppError(
      'E_VERIFY_READER',
      `The second reader (ExifReader) read the cleaned ${format.toUpperCase()} file as ${fileType}, so its structure is in doubt.`,
    );
  }
  const allowlist = getSecondReaderAllowlist(policy, format);
  const disallowed = findDisallowedTag(tags, allowlist, policy);
  if (disallowed !== null) {
    throw new AppError(
      'E_VERIFY_READER',
      `The second reader (ExifReader) found the tag ${disallowed} in the cleaned file, which the keep policy does not allow.`,
    );
  }
}

/** ExifReader names a HEIF file by its brand: `heic` for HEIF and HEIC, `avif` for AVIF. */
const HEIF_FILE_TYPES: ReadonlySet<string> = new Set(['heic', 'avif']);

function isExpectedFileType(fileType: string, format: StripResult['format']): boolean {
  return fileType === format || (format === 'heif' && HEIF_FILE_TYPES.has(fileType));
}

/** Returns the tags ExifReader finds, or null when it reports that the file has none. */
function readTags(bytes: Uint8Array): ExifReader.ExpandedTags | null {
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return ExifReader.load(buffer, { expanded: true, includeUnknown: true });
  } catch (error) {
    if (error instanceof Error && error.name === 'MetadataMissingError') {
      return null;
    }
    throw new AppError(
      'E_VERIFY_READER',
      'The second reader (ExifReader) could not parse the cleaned file.',
      { cause: error },
    );
  }
}

/** Returns `group:name` of the first tag outside the allowlist, or null when all are allowed. */
function findDisallowedTag(
  tags: ExifReader.ExpandedTags,
  allowlist: SecondReaderAllowlist,
  policy: KeepPolicy,
): string | null {
  for (const [group, groupTags] of Object.entries(tags) as [string, unknown][]) {
    if (group === 'icc' && policy.colorProfile === true) {
      continue;
    }
    if (typeof groupTags !== 'object' || groupTags === null) {
      return group;
    }
    const allowed = allowlist.get(group);
    for (const [name, tag] of Object.entries(groupTags) as [string, unknown][]) {
      // `_raw` is the XMP packet as text, and its properties are the tags listed beside it.
      const isRawXmp = group === 'xmp' && name === '_raw';
      if (!isRawXmp && !isAllowedTag(allowed, group, name, tag)) {
        return `${group}:${formatTagName(name)}`;
      }
    }
  }
  return null;
}

function isAllowedTag(
  allowed: ReadonlySet<string> | undefined,
  group: string,
  name: string,
  tag: unknown,
): boolean {
  if (allowed?.has(name) !== true) {
    return false;
  }
  if (!NUMERIC_GROUPS.has(group)) {
    return true;
  }
  return (
    typeof tag === 'object' &&
    tag !== null &&
    typeof (tag as { value?: unknown }).value === 'number'
  );
}

/** Keeps tag names printable and short, because a PNG text keyword comes from the file. */
function formatTagName(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable;
}

/**
 * Rejects PNG chunks that ExifReader's synchronous mode does not read: compressed text, and
 * an ICC profile the policy does not keep. Walks only lengths and types, because the
 * structure check has already validated the file.
 */
function rejectChunksHiddenFromReader(bytes: Uint8Array, policy: KeepPolicy): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 8; offset + 12 <= bytes.length; offset += 12 + view.getUint32(offset)) {
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const isCompressedText =
      type === 'zTXt' ||
      (type === 'iTXt' && isCompressedInternationalText(readChunkData(bytes, view, offset)));
    const isRemovedProfile = type === 'iCCP' && policy.colorProfile !== true;
    if (isCompressedText || isRemovedProfile) {
      throw new AppError(
        'E_VERIFY_READER',
        `The cleaned PNG still holds a '${type}' chunk, which the second reader (ExifReader) cannot read and the keep policy does not allow.`,
      );
    }
  }
}

function readChunkData(bytes: Uint8Array, view: DataView, chunkStart: number): Uint8Array {
  return bytes.subarray(chunkStart + 8, chunkStart + 8 + view.getUint32(chunkStart));
}

/** Returns true unless the iTXt data has a keyword followed by a zero compression flag. */
function isCompressedInternationalText(data: Uint8Array): boolean {
  const keywordEnd = data.indexOf(0);
  return keywordEnd < 0 || data[keywordEnd + 1] !== 0;
}
