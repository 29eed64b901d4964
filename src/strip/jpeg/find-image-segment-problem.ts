import { isSofMarker, JPEG_MARKER } from './jpeg-markers.js';

/** DQT and DHT table destinations: 0..3 in every JPEG process (ITU-T T.81, B.2.4). */
const MAX_TABLE_ID = 3;

/**
 * Returns why the payload of an image-defining segment does not have the layout that ITU-T T.81
 * (Annex B) gives its marker, or null when it has. Every byte of such a payload belongs to a
 * field, so a kept segment cannot carry bytes that decoders skip. libjpeg's jdmarker.c rejects
 * the same wrong lengths in SOF, SOS, DQT, DHT, DAC and DRI, so no file it decodes fails here.
 * Returns null for other markers.
 */
export function findImageSegmentProblem(marker: number, payload: Uint8Array): string | null {
  if (isSofMarker(marker) || marker === JPEG_MARKER.dhp) {
    return findFrameHeaderProblem(payload);
  }
  switch (marker) {
    case JPEG_MARKER.sos:
      return findScanHeaderProblem(payload);
    case JPEG_MARKER.dqt:
      return findQuantizationTableProblem(payload);
    case JPEG_MARKER.dht:
      return findHuffmanTableProblem(payload);
    case JPEG_MARKER.dac:
      return findArithmeticTableProblem(payload);
    case JPEG_MARKER.dri:
    case JPEG_MARKER.dnl:
      return payload.length === 2 ? null : `has ${payload.length} payload bytes instead of 2`;
    case JPEG_MARKER.exp:
      return payload.length === 1 ? null : `has ${payload.length} payload bytes instead of 1`;
    default:
      return null;
  }
}

/** Checks P, Y, X, Nf and Nf 3-byte component entries (B.2.2). DHP has the same layout. */
function findFrameHeaderProblem(payload: Uint8Array): string | null {
  const componentCount = payload[5] ?? 0;
  if (componentCount === 0) {
    return 'declares no components';
  }
  const expected = 6 + 3 * componentCount;
  return payload.length === expected ? null : describeSize(payload.length, expected);
}

/** Checks Ns, Ns 2-byte component entries, then Ss, Se, Ah and Al (B.2.3). */
function findScanHeaderProblem(payload: Uint8Array): string | null {
  const componentCount = payload[0] ?? 0;
  if (componentCount < 1 || componentCount > 4) {
    return `declares ${componentCount} components instead of 1 to 4`;
  }
  const expected = 1 + 2 * componentCount + 3;
  return payload.length === expected ? null : describeSize(payload.length, expected);
}

/** Checks a sequence of tables: Pq and Tq, then 64 values of 8 or 16 bits (B.2.4.1). */
function findQuantizationTableProblem(payload: Uint8Array): string | null {
  if (payload.length === 0) {
    return 'defines no table';
  }
  let offset = 0;
  while (offset < payload.length) {
    const precision = (payload[offset] ?? 0) >> 4;
    const id = (payload[offset] ?? 0) & 0x0f;
    if (precision > 1 || id > MAX_TABLE_ID) {
      return `has an invalid table header at payload byte ${offset}`;
    }
    offset += 1 + 64 * (precision + 1);
  }
  return offset === payload.length ? null : 'ends inside a table';
}

/** Checks a sequence of tables: Tc and Th, 16 code counts, then that many values (B.2.4.2). */
function findHuffmanTableProblem(payload: Uint8Array): string | null {
  if (payload.length === 0) {
    return 'defines no table';
  }
  let offset = 0;
  while (offset < payload.length) {
    const tableClass = (payload[offset] ?? 0) >> 4;
    const id = (payload[offset] ?? 0) & 0x0f;
    if (tableClass > 1 || id > MAX_TABLE_ID || offset + 17 > payload.length) {
      return `has an invalid table header at payload byte ${offset}`;
    }
    let valueCount = 0;
    for (let index = 1; index <= 16; index += 1) {
      valueCount += payload[offset + index] ?? 0;
    }
    if (valueCount > 256) {
      return `declares ${valueCount} codes in one table, more than 256`;
    }
    offset += 17 + valueCount;
  }
  return offset === payload.length ? null : 'ends inside a table';
}

/** Checks a sequence of 2-byte entries: Tc and Tb, then the conditioning value (B.2.4.3). */
function findArithmeticTableProblem(payload: Uint8Array): string | null {
  if (payload.length === 0 || payload.length % 2 !== 0) {
    return `has ${payload.length} payload bytes, not a whole number of 2-byte entries`;
  }
  for (let offset = 0; offset < payload.length; offset += 2) {
    const tableClass = (payload[offset] ?? 0) >> 4;
    const id = (payload[offset] ?? 0) & 0x0f;
    if (tableClass > 1 || id > MAX_TABLE_ID) {
      return `has an invalid table header at payload byte ${offset}`;
    }
  }
  return null;
}

function describeSize(actual: number, expected: number): string {
  return `has ${actual} payload bytes where its fields take ${expected}`;
}
