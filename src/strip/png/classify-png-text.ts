import type { Kind } from '../../shared/kinds.js';

/**
 * The class of a PNG text chunk, judged by its keyword: a metadata kind, or an ImageMagick raw
 * EXIF profile whose kinds and orientation come from the EXIF block inside.
 */
export type PngTextClass = Kind | 'raw-exif-profile';

/**
 * Keywords under which image generators store prompts, settings and node graphs: Stable
 * Diffusion web UIs and Fooocus (`parameters`), ComfyUI (`prompt`, `workflow`), InvokeAI
 * (`invokeai_*`, `sd-metadata`, `Dream`), and others that write `negative_prompt` or
 * `generation_data`.
 */
const AI_PROMPT_KEYWORDS = new Set([
  'parameters',
  'prompt',
  'workflow',
  'negative_prompt',
  'invokeai_metadata',
  'invokeai_graph',
  'invokeai_workflow',
  'sd-metadata',
  'dream',
  'generation_data',
]);

/** Standard PNG keywords and common writer keywords, lower-cased, with the kind they carry. */
const KEYWORD_KINDS = new Map<string, PngTextClass>([
  ['xml:com.adobe.xmp', 'xmp'],
  ['raw profile type exif', 'raw-exif-profile'],
  ['raw profile type app1', 'raw-exif-profile'],
  ['raw profile type iptc', 'iptc'],
  ['raw profile type 8bim', 'iptc'],
  ['raw profile type xmp', 'xmp'],
  ['comment', 'comment'],
  ['description', 'comment'],
  ['author', 'owner'],
  ['artist', 'owner'],
  ['copyright', 'owner'],
  ['creation time', 'datetime'],
  ['software', 'software'],
]);

/**
 * Classifies a `tEXt`, `zTXt` or `iTXt` chunk by its keyword, ignoring case because writers
 * disagree on it (`Comment`, `comment`). Keywords MetaClear does not know are `text-chunk`.
 */
export function classifyPngText(keyword: string): PngTextClass {
  const normalized = keyword.toLowerCase();
  if (AI_PROMPT_KEYWORDS.has(normalized)) {
    return 'ai-prompt';
  }
  // ImageMagick writes its own timestamps as `date:create`, `date:modify` and `date:timestamp`.
  if (normalized.startsWith('date:')) {
    return 'datetime';
  }
  return KEYWORD_KINDS.get(normalized) ?? 'text-chunk';
}
