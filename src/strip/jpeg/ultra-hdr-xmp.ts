/**
 * The `hdrgm` properties of an Ultra HDR gain map image (Adobe's gain map namespace, which
 * Android's Ultra HDR format uses), in the order they are written. Each value is a decimal
 * number or `True`/`False`, or for the per-channel ones a sequence of one or three decimals.
 */
export interface UltraHdrGainMapXmp {
  readonly version: string;
  readonly values: ReadonlyMap<string, string | readonly string[]>;
}

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const HDRGM = 'http://ns.adobe.com/hdr-gain-map/1.0/';
const CONTAINER = 'http://ns.google.com/photos/1.0/container/';
const ITEM = 'http://ns.google.com/photos/1.0/container/item/';

/** The gain map's properties besides Version, in the order Ultra HDR writers use. */
const GAIN_MAP_PROPERTIES = [
  'BaseRenditionIsHDR',
  'GainMapMin',
  'GainMapMax',
  'Gamma',
  'OffsetSDR',
  'OffsetHDR',
  'HDRCapacityMin',
  'HDRCapacityMax',
] as const;

const DECIMAL = /^[+-]?(?:\d{1,12}(?:\.\d{0,12})?|\.\d{1,12})(?:[eE][+-]?\d{1,3})?$/;
const BOOLEAN = /^(?:True|False)$/;
const VERSION = /^\d{1,3}\.\d{1,3}$/;

/**
 * Reads `hdrgm:Version` from a primary image's XMP, or null when it has none that is well
 * formed. The rest of the packet (the GContainer directory included) is rebuilt, not read.
 */
export function readUltraHdrVersion(packet: Uint8Array): string | null {
  const text = toText(packet);
  if (!text.includes(HDRGM)) {
    return null;
  }
  const version = readScalar(text, 'Version');
  return version !== null && VERSION.test(version) ? version : null;
}

/**
 * Reads the `hdrgm` properties of a gain map image's XMP, written as attributes or elements.
 * Returns null when the packet has no well-formed `hdrgm:Version` or no `hdrgm:GainMapMax`
 * (which every gain map has). A property with a malformed value counts as absent.
 */
export function readUltraHdrGainMapXmp(packet: Uint8Array): UltraHdrGainMapXmp | null {
  const version = readUltraHdrVersion(packet);
  if (version === null) {
    return null;
  }
  const text = toText(packet);
  const values = new Map<string, string | readonly string[]>();
  for (const name of GAIN_MAP_PROPERTIES) {
    const value = readSequence(text, name) ?? readScalar(text, name);
    if (value !== null && isValidValue(name, value)) {
      values.set(name, value);
    }
  }
  return values.has('GainMapMax') ? { version, values } : null;
}

/**
 * Builds the primary image's XMP of a cleaned Ultra HDR JPEG: `hdrgm:Version` and a
 * GContainer directory of two items, the primary image and a JPEG gain map of
 * `gainMapLength` bytes.
 */
export function buildUltraHdrPrimaryXmp(version: string, gainMapLength: number): Uint8Array {
  checkVersion(version);
  if (!Number.isSafeInteger(gainMapLength) || gainMapLength <= 0) {
    throw new RangeError(`\`gainMapLength\` must be a positive integer; received ${gainMapLength}`);
  }
  const item = (attributes: string): string =>
    `<rdf:li rdf:parseType="Resource"><Container:Item ${attributes}/></rdf:li>`;
  const description =
    `<rdf:Description xmlns:Container="${CONTAINER}" xmlns:Item="${ITEM}" ` +
    `xmlns:hdrgm="${HDRGM}" hdrgm:Version="${version}">` +
    '<Container:Directory><rdf:Seq>' +
    item('Item:Semantic="Primary" Item:Mime="image/jpeg"') +
    item(`Item:Semantic="GainMap" Item:Mime="image/jpeg" Item:Length="${gainMapLength}"`) +
    '</rdf:Seq></Container:Directory></rdf:Description>';
  return wrapPacket(description);
}

/**
 * Reads the gain map length from a packet that {@link buildUltraHdrPrimaryXmp} wrote, and
 * returns it with the version, or null when the packet is not exactly such a packet.
 */
export function readUltraHdrPrimaryXmp(
  packet: Uint8Array,
): { readonly version: string; readonly gainMapLength: number } | null {
  const text = toText(packet);
  const version = readUltraHdrVersion(packet);
  const length = /Item:Semantic="GainMap" Item:Mime="image\/jpeg" Item:Length="(\d{1,10})"/.exec(
    text,
  )?.[1];
  if (version === null || length === undefined) {
    return null;
  }
  const gainMapLength = Number(length);
  const isExact =
    gainMapLength > 0 &&
    Buffer.from(buildUltraHdrPrimaryXmp(version, gainMapLength)).equals(Buffer.from(packet));
  return isExact ? { version, gainMapLength } : null;
}

/** Builds a gain map image's XMP holding only its `hdrgm` properties. */
export function buildUltraHdrGainMapXmp(xmp: UltraHdrGainMapXmp): Uint8Array {
  checkVersion(xmp.version);
  let attributes = `hdrgm:Version="${xmp.version}"`;
  let elements = '';
  for (const name of GAIN_MAP_PROPERTIES) {
    const value = xmp.values.get(name);
    if (value === undefined) {
      continue;
    }
    if (!isValidValue(name, value)) {
      throw new RangeError(`\`${name}\` must be a number or a boolean`);
    }
    if (typeof value === 'string') {
      attributes += ` hdrgm:${name}="${value}"`;
    } else {
      const items = value.map((item) => `<rdf:li>${item}</rdf:li>`).join('');
      elements += `<hdrgm:${name}><rdf:Seq>${items}</rdf:Seq></hdrgm:${name}>`;
    }
  }
  const description =
    elements === ''
      ? `<rdf:Description xmlns:hdrgm="${HDRGM}" ${attributes}/>`
      : `<rdf:Description xmlns:hdrgm="${HDRGM}" ${attributes}>${elements}</rdf:Description>`;
  return wrapPacket(description);
}

function wrapPacket(description: string): Uint8Array {
  const text =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">' +
    `<rdf:RDF xmlns:rdf="${RDF}">${description}</rdf:RDF></x:xmpmeta>`;
  return Buffer.from(text, 'utf8');
}

function checkVersion(version: string): void {
  if (!VERSION.test(version)) {
    throw new RangeError(`\`version\` must look like 1.0; received ${version.length} characters`);
  }
}

function isValidValue(name: string, value: string | readonly string[]): boolean {
  if (typeof value !== 'string') {
    // One value for all channels or one per colour channel; ExifTool writes a list of one.
    return (value.length === 1 || value.length === 3) && value.every((item) => DECIMAL.test(item));
  }
  return name === 'BaseRenditionIsHDR' ? BOOLEAN.test(value) : DECIMAL.test(value);
}

function readScalar(text: string, name: string): string | null {
  const attribute = new RegExp(`hdrgm:${name}\\s*=\\s*["']([^"'<]{0,64})["']`).exec(text);
  const element = new RegExp(`<hdrgm:${name}>\\s*([^<]{0,64}?)\\s*</hdrgm:${name}>`).exec(text);
  return (attribute ?? element)?.[1] ?? null;
}

function readSequence(text: string, name: string): string[] | null {
  const element = new RegExp(
    `<hdrgm:${name}>\\s*<rdf:Seq>([\\s\\S]{0,400}?)</rdf:Seq>\\s*</hdrgm:${name}>`,
  ).exec(text);
  if (element?.[1] === undefined) {
    return null;
  }
  return [...element[1].matchAll(/<rdf:li>\s*([^<]{0,64}?)\s*<\/rdf:li>/g)].map(
    (match) => match[1] ?? '',
  );
}

function toText(packet: Uint8Array): string {
  return Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength).toString('utf8');
}
