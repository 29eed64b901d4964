/** The values of an Apple gain map's XMP packet that renderers read. */
export interface AppleGainMapXmp {
  /** `HDRGainMap:HDRGainMapVersion`, an integer such as 65536. */
  readonly version: string;
  /** `HDRGainMap:HDRGainMapHeadroom`, a decimal number, or null when the packet has none. */
  readonly headroom: string | null;
}

/** The namespace Apple declares for the `HDRGainMap` prefix. */
const NAMESPACE = 'http://ns.apple.com/HDRGainMap/1.0/';

const INTEGER = /^\d{1,10}$/;
const DECIMAL = /^[+-]?\d{1,10}(?:\.\d{1,12})?$/;

/**
 * Reads the version and headroom of an Apple gain map's XMP packet, written as elements (as
 * Apple does) or attributes, with either quote character (ExifTool writes single quotes). Returns null when the packet does not declare Apple's
 * `HDRGainMap` namespace or has no well-formed version. A malformed headroom counts as absent.
 */
export function readAppleGainMapXmp(packet: Uint8Array): AppleGainMapXmp | null {
  const text = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength).toString('utf8');
  const isDeclared = [`"${NAMESPACE}"`, `'${NAMESPACE}'`].some((value) =>
    text.includes(`xmlns:HDRGainMap=${value}`),
  );
  if (!isDeclared) {
    return null;
  }
  const version = readProperty(text, 'HDRGainMapVersion');
  if (version === null || !INTEGER.test(version)) {
    return null;
  }
  const headroom = readProperty(text, 'HDRGainMapHeadroom');
  return { version, headroom: headroom !== null && DECIMAL.test(headroom) ? headroom : null };
}

function readProperty(text: string, name: string): string | null {
  const element = new RegExp(`<HDRGainMap:${name}>\\s*([^<]*?)\\s*</HDRGainMap:${name}>`);
  const attribute = new RegExp(`HDRGainMap:${name}\\s*=\\s*["']([^"']*)["']`);
  return (element.exec(text) ?? attribute.exec(text))?.[1] ?? null;
}

/**
 * Builds the XMP packet of an Apple gain map that carries only its version and headroom, in
 * the element form Apple writes, without the toolkit name or any other property.
 *
 * @throws RangeError when a value is not a plain number, so no text can travel in it.
 */
export function buildAppleGainMapXmp(values: AppleGainMapXmp): Uint8Array {
  if (!INTEGER.test(values.version)) {
    throw new RangeError(
      `\`version\` must be an integer; received ${values.version.length} characters`,
    );
  }
  if (values.headroom !== null && !DECIMAL.test(values.headroom)) {
    throw new RangeError(
      `\`headroom\` must be a decimal number; received ${values.headroom.length} characters`,
    );
  }
  const headroom =
    values.headroom === null
      ? ''
      : `<HDRGainMap:HDRGainMapHeadroom>${values.headroom}</HDRGainMap:HDRGainMapHeadroom>`;
  const text =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">' +
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    `<rdf:Description rdf:about="" xmlns:HDRGainMap="${NAMESPACE}">` +
    `<HDRGainMap:HDRGainMapVersion>${values.version}</HDRGainMap:HDRGainMapVersion>` +
    headroom +
    '</rdf:Description></rdf:RDF></x:xmpmeta>';
  return Buffer.from(text, 'utf8');
}
