import { inflateSync } from 'node:zlib';

/**
 * Upper bound on an inflated zTXt or iTXt body. Bodies are inflated only to read ImageMagick's
 * raw profiles, whose hex text is about twice the size of the EXIF or IPTC block inside, so
 * this leaves room for any real profile while stopping a zlib bomb.
 */
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

/** The PNG specification limits keywords to 1-79 Latin-1 bytes. */
const MAX_KEYWORD_BYTES = 79;

/**
 * Reads the keyword of a `tEXt`, `zTXt` or `iTXt` chunk's data, or returns '' when the data
 * has no NUL-terminated keyword of 1-79 bytes.
 */
export function readPngTextKeyword(data: Uint8Array): string {
  const end = data.indexOf(0);
  if (end < 1 || end > MAX_KEYWORD_BYTES) {
    return '';
  }
  return Buffer.from(data.subarray(0, end)).toString('latin1');
}

/**
 * Reads the text body of a `tEXt`, `zTXt` or `iTXt` chunk's data as bytes, inflating it when
 * the chunk is compressed. Returns null when the layout is invalid, the compression method
 * is not zlib, or the compressed stream is broken or inflates past 32 MiB.
 */
export function readPngTextBody(type: string, data: Uint8Array): Uint8Array | null {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 0) {
    return null;
  }
  const afterKeyword = data.subarray(keywordEnd + 1);
  switch (type) {
    case 'tEXt':
      return afterKeyword;
    case 'zTXt':
      return afterKeyword[0] === 0 ? inflateBounded(afterKeyword.subarray(1)) : null;
    case 'iTXt':
      return readInternationalTextBody(afterKeyword);
    default:
      return null;
  }
}

/** Reads an iTXt body: compression flag, method, language tag, translated keyword, text. */
function readInternationalTextBody(fields: Uint8Array): Uint8Array | null {
  const compressionFlag = fields[0];
  const compressionMethod = fields[1];
  const languageEnd = fields.indexOf(0, 2);
  const translatedKeywordEnd = languageEnd < 0 ? -1 : fields.indexOf(0, languageEnd + 1);
  if (translatedKeywordEnd < 0) {
    return null;
  }
  const text = fields.subarray(translatedKeywordEnd + 1);
  if (compressionFlag === 0) {
    return text;
  }
  return compressionFlag === 1 && compressionMethod === 0 ? inflateBounded(text) : null;
}

function inflateBounded(compressed: Uint8Array): Uint8Array | null {
  try {
    return inflateSync(compressed, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch {
    return null;
  }
}
