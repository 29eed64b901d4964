import type { Kind } from '../../shared/kinds.js';
import { classifyExifTag, type IfdRole } from './classify-exif-tag.js';
import { EXIF_TAG } from './exif-tags.js';
import { readIfd, type IfdEntry } from './read-ifd.js';
import { readIfdPointer } from './read-ifd-value.js';
import { TIFF_TYPE, TiffReader } from './tiff-reader.js';

/** The image-generator traces found in an EXIF block. */
export interface AiPromptFinding {
  /** True when a tag contains a generator's prompt, settings or node graph. */
  readonly hasPrompt: boolean;
  /**
   * Kinds that only the prompt-holding tags have, such as `camera-model` when ComfyUI's
   * workflow fills Make and Model. Such a block names no camera, so these kinds overstate it.
   */
  readonly kindsOnlyInPrompts: ReadonlySet<Kind>;
}

/**
 * Text tags that image generators fill: ComfyUI writes `workflow:{...}` into Make and
 * `prompt:{...}` into Model when it saves WebP, other tools use ImageDescription, and
 * AUTOMATIC1111's web UI stores its `parameters` text in the Exif IFD's UserComment.
 */
const PROMPT_TAGS: ReadonlyMap<number, IfdRole> = new Map<number, IfdRole>([
  [0x010e, 'ifd0'],
  [0x010f, 'ifd0'],
  [0x0110, 'ifd0'],
  [0x9286, 'exif'],
]);

/** UserComment starts with an 8-byte character code (`ASCII\0\0\0`, `UNICODE\0`). */
const USER_COMMENT_TAG = 0x9286;
const USER_COMMENT_CODE_SIZE = 8;

/** The number of characters of each value that the patterns look at. */
const MAX_SCANNED_LENGTH = 64 * 1024;

/** Text that generators write: a `prompt:` or `workflow:` prefix, or AUTOMATIC1111 settings. */
const PROMPT_PATTERNS: readonly RegExp[] = [
  /^\s*(?:prompt|workflow|parameters|negative_prompt)\s*:/i,
  /\bNegative prompt:/,
  /\bSteps: \d+, Sampler: /,
];

/** JSON keys of ComfyUI's prompt and workflow graphs, for values stored without a prefix. */
const GRAPH_KEY_PATTERN = /"(?:class_type|prompt|workflow|last_node_id)"\s*:/;

const NO_PROMPT: AiPromptFinding = { hasPrompt: false, kindsOnlyInPrompts: new Set() };

/**
 * Looks for an image generator's prompt or node graph in an EXIF block (from its TIFF header
 * on): in IFD0 ImageDescription, Make or Model, or in the Exif IFD's UserComment. Never
 * throws: unreadable directories and values count as no prompt.
 */
export function findAiPromptInExif(tiff: Uint8Array): AiPromptFinding {
  const reader = TiffReader.open(tiff);
  const ifd0 = reader === null ? null : readIfd(reader, reader.firstIfdOffset);
  if (reader === null || ifd0 === null) {
    return NO_PROMPT;
  }
  const entries: { entry: IfdEntry; role: IfdRole }[] = ifd0.entries.map((entry) => ({
    entry,
    role: 'ifd0',
  }));
  const pointer = ifd0.entries.find((entry) => entry.tag === EXIF_TAG.exifIfdPointer);
  const exifOffset = pointer === undefined ? null : readIfdPointer(reader, pointer);
  const exifIfd = exifOffset === null ? null : readIfd(reader, exifOffset);
  for (const entry of exifIfd?.entries ?? []) {
    entries.push({ entry, role: 'exif' });
  }

  const promptKinds = new Set<Kind>();
  const otherKinds = new Set<Kind>();
  for (const { entry, role } of entries) {
    const isPrompt = PROMPT_TAGS.get(entry.tag) === role && isPromptText(readText(reader, entry));
    (isPrompt ? promptKinds : otherKinds).add(classifyExifTag(role, entry.tag));
  }
  if (promptKinds.size === 0) {
    return NO_PROMPT;
  }
  const kindsOnlyInPrompts = new Set([...promptKinds].filter((kind) => !otherKinds.has(kind)));
  return { hasPrompt: true, kindsOnlyInPrompts };
}

/**
 * Reads an ASCII or UNDEFINED value as latin1, after UserComment's character code, dropping
 * NUL bytes so that UTF-16 text in either byte order reads as its ASCII characters.
 */
function readText(reader: TiffReader, entry: IfdEntry): string {
  const skip = entry.tag === USER_COMMENT_TAG ? USER_COMMENT_CODE_SIZE : 0;
  const isText = entry.type === TIFF_TYPE.ascii || entry.type === TIFF_TYPE.undefined;
  if (!isText || entry.valueLength === null || entry.valueLength <= skip) {
    return '';
  }
  const length = Math.min(entry.valueLength - skip, MAX_SCANNED_LENGTH);
  const bytes = reader.readBytes(entry.valueOffset + skip, length);
  if (bytes === null) {
    return '';
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replaceAll('\0', '');
}

function isPromptText(text: string): boolean {
  if (PROMPT_PATTERNS.some((pattern) => pattern.test(text))) {
    return true;
  }
  return text.trimStart().startsWith('{') && GRAPH_KEY_PATTERN.test(text);
}
