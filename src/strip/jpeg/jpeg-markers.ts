/** JPEG marker codes (the byte after 0xFF) that this module handles by name. */
export const JPEG_MARKER = {
  tem: 0x01,
  sof0: 0xc0,
  dht: 0xc4,
  jpg: 0xc8,
  dac: 0xcc,
  rst0: 0xd0,
  rst7: 0xd7,
  soi: 0xd8,
  eoi: 0xd9,
  sos: 0xda,
  dqt: 0xdb,
  dnl: 0xdc,
  dri: 0xdd,
  dhp: 0xde,
  exp: 0xdf,
  app0: 0xe0,
  app1: 0xe1,
  app2: 0xe2,
  app11: 0xeb,
  app13: 0xed,
  app14: 0xee,
  app15: 0xef,
  jpg0: 0xf0,
  sof55: 0xf7,
  jpg13: 0xfd,
  com: 0xfe,
} as const;

/** Returns true for SOF0..SOF15 (0xC0..0xCF without DHT, JPG and DAC). */
export function isSofMarker(marker: number): boolean {
  return (
    marker >= JPEG_MARKER.sof0 &&
    marker <= 0xcf &&
    marker !== JPEG_MARKER.dht &&
    marker !== JPEG_MARKER.jpg &&
    marker !== JPEG_MARKER.dac
  );
}

/**
 * Returns true for the markers of the hierarchical process: DHP, EXP and the differential frame
 * headers SOF5..SOF7 and SOF13..SOF15.
 */
export function isHierarchicalMarker(marker: number): boolean {
  const isDifferentialFrame =
    (marker >= 0xc5 && marker <= 0xc7) || (marker >= 0xcd && marker <= 0xcf);
  return marker === JPEG_MARKER.dhp || marker === JPEG_MARKER.exp || isDifferentialFrame;
}

/** Returns true for the restart markers RST0..RST7. */
export function isRstMarker(marker: number): boolean {
  return marker >= JPEG_MARKER.rst0 && marker <= JPEG_MARKER.rst7;
}

/** Returns true for APP0..APP15. */
export function isAppMarker(marker: number): boolean {
  return marker >= JPEG_MARKER.app0 && marker <= JPEG_MARKER.app15;
}

/** Returns true for JPG (0xC8) and JPG0..JPG13 (0xF0..0xFD), reserved for JPEG extensions. */
export function isExtensionMarker(marker: number): boolean {
  return marker === JPEG_MARKER.jpg || (marker >= JPEG_MARKER.jpg0 && marker <= JPEG_MARKER.jpg13);
}

/**
 * Returns true for the segments that define the image: frame headers, Huffman and arithmetic
 * tables, quantisation tables, restart interval, line count, hierarchical headers and scan
 * headers. Cleaning copies these byte for byte.
 */
export function isImageDefiningMarker(marker: number): boolean {
  switch (marker) {
    case JPEG_MARKER.dht:
    case JPEG_MARKER.dac:
    case JPEG_MARKER.sos:
    case JPEG_MARKER.dqt:
    case JPEG_MARKER.dnl:
    case JPEG_MARKER.dri:
    case JPEG_MARKER.dhp:
    case JPEG_MARKER.exp:
      return true;
    default:
      return isSofMarker(marker);
  }
}

/** Returns the standard name of a marker, such as `APP1`, `SOF2` or `DHT`, for messages. */
export function getMarkerName(marker: number): string {
  const names: Readonly<Record<number, string>> = {
    [JPEG_MARKER.tem]: 'TEM',
    [JPEG_MARKER.dht]: 'DHT',
    [JPEG_MARKER.jpg]: 'JPG',
    [JPEG_MARKER.dac]: 'DAC',
    [JPEG_MARKER.soi]: 'SOI',
    [JPEG_MARKER.eoi]: 'EOI',
    [JPEG_MARKER.sos]: 'SOS',
    [JPEG_MARKER.dqt]: 'DQT',
    [JPEG_MARKER.dnl]: 'DNL',
    [JPEG_MARKER.dri]: 'DRI',
    [JPEG_MARKER.dhp]: 'DHP',
    [JPEG_MARKER.exp]: 'EXP',
    [JPEG_MARKER.com]: 'COM',
  };
  const name = names[marker];
  if (name !== undefined) {
    return name;
  }
  if (isSofMarker(marker)) {
    return `SOF${marker - JPEG_MARKER.sof0}`;
  }
  if (isRstMarker(marker)) {
    return `RST${marker - JPEG_MARKER.rst0}`;
  }
  if (isAppMarker(marker)) {
    return `APP${marker - JPEG_MARKER.app0}`;
  }
  if (marker >= JPEG_MARKER.jpg0 && marker <= JPEG_MARKER.jpg13) {
    return `JPG${marker - JPEG_MARKER.jpg0}`;
  }
  return `0xFF${marker.toString(16).toUpperCase().padStart(2, '0')}`;
}
