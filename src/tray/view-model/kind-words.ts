import { sortKinds, type Kind } from '../../shared/kinds.js';

/** Each kind of metadata in a few plain words, short enough for a 360 px popup line. */
export const KIND_WORDS: Readonly<Record<Kind, string>> = {
  gps: 'location',
  'camera-serial': 'camera serial',
  'camera-model': 'camera model',
  owner: 'owner name',
  datetime: 'dates',
  software: 'software',
  'maker-notes': 'maker notes',
  'exif-other': 'other EXIF',
  thumbnail: 'thumbnail',
  xmp: 'XMP',
  iptc: 'IPTC',
  comment: 'comment',
  'text-chunk': 'text',
  'ai-prompt': 'AI prompt',
  c2pa: 'content credentials',
  'motion-photo': 'motion video',
  'depth-map': 'depth map',
  trailer: 'hidden trailing data',
  'unknown-block': 'unknown blocks',
  xattr: 'download origin',
  orientation: 'orientation',
  'icc-profile': 'colour profile',
  'hdr-gain-map': 'HDR gain map',
  'capture-date': 'capture date',
  copyright: 'copyright',
  'content-credentials': 'content credentials',
};

/**
 * Names up to `maxNamed` kinds in words, in the order of `KINDS` (most revealing first), and
 * counts the rest: `location, camera serial, 3 more`. Returns an empty string for no kinds.
 */
export function describeKinds(kinds: Iterable<Kind>, maxNamed = 2): string {
  const sorted = sortKinds(kinds);
  const words = [...new Set(sorted.map((kind) => KIND_WORDS[kind]))];
  if (words.length <= maxNamed + 1) {
    return words.join(', ');
  }
  return [...words.slice(0, maxNamed), `${words.length - maxNamed} more`].join(', ');
}
