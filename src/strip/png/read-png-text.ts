import { inflateBounded } from './inflate-bounded.js';

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
 * The text body of a PNG text chunk: its bytes, `'invalid'` for a broken layout, an unknown
 * compression method or a broken zlib stream, or `'too-large'` when it passes the caller's bound.
 */
export type PngTextBody = Uint8Array | 'invalid' | 'too-large';

/**
 * Reads the text body of a `tEXt`, `zTXt` or `iTXt` chunk's data as bytes, inflating it when
 * the chunk is compressed. A body longer than `maxBodyBytes` is `'too-large'`, and inflating
 * stops there, so a zlib bomb costs no more than that bound.
 */
export function readPngTextBody(type: string, data: Uint8Array, maxBodyBytes: number): PngTextBody {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 0) {
    return 'invalid';
  }
  const afterKeyword = data.subarray(keywordEnd + 1);
  switch (type) {
    case 'tEXt':
      return limitLength(afterKeyword, maxBodyBytes);
    case 'zTXt':
      return afterKeyword[0] === 0 ? inflate(afterKeyword.subarray(1), maxBodyBytes) : 'invalid';
    case 'iTXt':
      return readInternationalTextBody(afterKeyword, maxBodyBytes);
    default:
      return 'invalid';
  }
}

/** Reads an iTXt body: compression flag, method, language tag, translated keyword, text. */
function readInternationalTextBody(fields: Uint8Array, maxBodyBytes: number): PngTextBody {
  const compressionFlag = fields[0];
  const compressionMethod = fields[1];
  const languageEnd = fields.indexOf(0, 2);
  const translatedKeywordEnd = languageEnd < 0 ? -1 : fields.indexOf(0, languageEnd + 1);
  if (translatedKeywordEnd < 0) {
    return 'invalid';
  }
  const text = fields.subarray(translatedKeywordEnd + 1);
  if (compressionFlag === 0) {
    return limitLength(text, maxBodyBytes);
  }
  return compressionFlag === 1 && compressionMethod === 0 ? inflate(text, maxBodyBytes) : 'invalid';
}

function limitLength(body: Uint8Array, maxBodyBytes: number): PngTextBody {
  return body.length > maxBodyBytes ? 'too-large' : body;
}

function inflate(compressed: Uint8Array, maxBodyBytes: number): PngTextBody {
  const inflated = inflateBounded(compressed, maxBodyBytes);
  return inflated.status === 'complete' ? inflated.output : inflated.status;
}
