import { ByteWriter } from './byte-writer.js';

/** The largest box size that fits the 32-bit size field; bigger boxes use a 64-bit size. */
const MAX_COMPACT_SIZE = 0xffff_ffff;

/** Returns the header size of a box with `payloadLength` bytes of payload: 8, or 16 when large. */
export function getBoxHeaderSize(payloadLength: number): number {
  return payloadLength + 8 > MAX_COMPACT_SIZE ? 16 : 8;
}

/** Encodes a box header for `payloadLength` bytes of payload, with a 64-bit size if needed. */
export function encodeBoxHeader(type: string, payloadLength: number): Uint8Array {
  const headerSize = getBoxHeaderSize(payloadLength);
  const writer = new ByteWriter();
  if (headerSize === 16) {
    writer
      .writeUint32(1)
      .writeFourCc(type)
      .writeUintOfSize(payloadLength + 16, 8);
  } else {
    writer.writeUint32(payloadLength + 8).writeFourCc(type);
  }
  return writer.toBytes();
}

/** Encodes a whole box: header, then the payload parts in order. */
export function encodeBox(type: string, ...payload: readonly Uint8Array[]): Uint8Array {
  const length = payload.reduce((sum, part) => sum + part.length, 0);
  const writer = new ByteWriter().writeBytes(encodeBoxHeader(type, length));
  for (const part of payload) {
    writer.writeBytes(part);
  }
  return writer.toBytes();
}

/** Encodes a full box: header, version, 24-bit flags, then the payload parts. */
export function encodeFullBox(
  type: string,
  version: number,
  flags: number,
  ...payload: readonly Uint8Array[]
): Uint8Array {
  const versionAndFlags = new ByteWriter().writeUint32(version * 0x100_0000 + flags).toBytes();
  return encodeBox(type, versionAndFlags, ...payload);
}
