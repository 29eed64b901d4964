import { ByteWriter } from './byte-writer.js';
import { encodeFullBox, encodeBox } from './encode-box.js';

/** Encodes the `hdlr` box of an image collection: handler `pict`, no name. */
export function encodeHandlerBox(): Uint8Array {
  const fields = new ByteWriter().writeUint32(0).writeFourCc('pict');
  fields.writeBytes(new Uint8Array(12)).writeUint8(0);
  return encodeFullBox('hdlr', 0, 0, fields.toBytes());
}

/** Encodes a `dinf` box whose one `dref` entry means "this file" (`url ` with flag 1). */
export function encodeDataInformationBox(): Uint8Array {
  const entryCount = new ByteWriter().writeUint32(1).toBytes();
  const dataReference = encodeFullBox('dref', 0, 0, entryCount, encodeFullBox('url ', 0, 1));
  return encodeBox('dinf', dataReference);
}

/** Encodes a `pitm` box: version 0 with a 16-bit item ID when it fits, else version 1. */
export function encodePrimaryItemBox(itemId: number): Uint8Array {
  const isSmall = itemId <= 0xffff;
  const id = new ByteWriter().writeUintOfSize(itemId, isSmall ? 2 : 4).toBytes();
  return encodeFullBox('pitm', isSmall ? 0 : 1, 0, id);
}
