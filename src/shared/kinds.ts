/**
 * The closed list of metadata kinds that reports name in `removed`, `kept` and `found`.
 * Reports carry kinds only, never the values behind them.
 */
export const KINDS = [
  'gps',
  'camera-serial',
  'camera-model',
  'owner',
  'datetime',
  'software',
  'maker-notes',
  'exif-other',
  'thumbnail',
  'xmp',
  'iptc',
  'comment',
  'text-chunk',
  'ai-prompt',
  'c2pa',
  'motion-photo',
  'depth-map',
  'trailer',
  'unknown-block',
  'xattr',
  'orientation',
  'icc-profile',
  'hdr-gain-map',
  'capture-date',
  'copyright',
  'content-credentials',
] as const;

/** One kind of metadata, as named in every report. */
export type Kind = (typeof KINDS)[number];

/** Returns the kinds in the order of {@link KINDS}, without repeats. */
export function sortKinds(kinds: Iterable<Kind>): Kind[] {
  const present = new Set(kinds);
  return KINDS.filter((kind) => present.has(kind));
}

/** Returns true when `value` is one of the {@link KINDS}. */
export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}
