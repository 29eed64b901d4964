import type { Kind } from '../shared/kinds.js';

/** Each kind of metadata in words, for human output. */
const KIND_WORDS: Readonly<Record<Kind, string>> = {
  gps: 'GPS location',
  'camera-serial': 'camera serial number',
  'camera-model': 'camera make and model',
  owner: 'owner, artist and copyright names',
  datetime: 'dates and times',
  software: 'software names',
  'maker-notes': 'maker notes',
  'exif-other': 'other EXIF tags',
  thumbnail: 'thumbnails',
  xmp: 'XMP',
  iptc: 'IPTC',
  comment: 'comments',
  'text-chunk': 'PNG text chunks',
  'ai-prompt': 'AI prompt and workflow',
  c2pa: 'C2PA content credentials',
  'motion-photo': 'motion photo video',
  'depth-map': 'depth map',
  trailer: 'data after the image',
  'unknown-block': 'unknown metadata blocks',
  xattr: 'extended attributes',
  orientation: 'orientation',
  'icc-profile': 'colour profile',
  'hdr-gain-map': 'HDR gain map',
  'capture-date': 'capture date',
  copyright: 'copyright',
  'content-credentials': 'content credentials',
};

/** Joins the kinds in words, such as `GPS location, dates and times`. */
export function describeKinds(kinds: readonly Kind[]): string {
  return kinds.map((kind) => KIND_WORDS[kind]).join(', ');
}
