import { AppError } from '../errors.js';

/** The largest frame, newline excluded: 1 MiB. */
export const MAX_FRAME_BYTES = 1_048_576;

const NEWLINE = 0x0a;

/** One line read from the socket: its parsed JSON, or why it could not be parsed. */
export type DecodedFrame =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: AppError };

/**
 * Serializes one frame as a line of JSON.
 *
 * @throws AppError `E_FRAME_TOO_LARGE` when the JSON is longer than {@link MAX_FRAME_BYTES}.
 */
export function encodeFrame(frame: unknown): string {
  const json = JSON.stringify(frame);
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_FRAME_BYTES) {
    throw createFrameTooLargeError(bytes);
  }
  return `${json}\n`;
}

/**
 * Splits a byte stream into newline-delimited JSON frames. Blank lines are skipped, and a line
 * that is not JSON yields an `E_PROTOCOL` error in its place, so a reader can reply to it and
 * go on.
 *
 * @example
 * const decoder = new FrameDecoder();
 * socket.on('data', (chunk) => decoder.push(chunk).forEach(handleFrame));
 */
export class FrameDecoder {
  readonly #chunks: Buffer[] = [];
  #bufferedBytes = 0;

  /**
   * Adds bytes and returns the frames they complete.
   *
   * @throws AppError `E_FRAME_TOO_LARGE` when a frame passes {@link MAX_FRAME_BYTES} before its
   *   newline; the stream cannot be read further.
   */
  push(chunk: Buffer): DecodedFrame[] {
    const frames: DecodedFrame[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      this.#append(chunk.subarray(start, end));
      const line = Buffer.concat(this.#chunks).toString('utf8');
      this.#chunks.length = 0;
      this.#bufferedBytes = 0;
      start = end + 1;
      if (line.trim() !== '') {
        frames.push(parseFrame(line));
      }
    }
    this.#append(chunk.subarray(start));
    return frames;
  }

  /** Bytes of an unfinished frame waiting for its newline. */
  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  #append(part: Buffer): void {
    if (part.length === 0) {
      return;
    }
    this.#bufferedBytes += part.length;
    if (this.#bufferedBytes > MAX_FRAME_BYTES) {
      throw createFrameTooLargeError(this.#bufferedBytes);
    }
    this.#chunks.push(part);
  }
}

function parseFrame(line: string): DecodedFrame {
  try {
    return { ok: true, value: JSON.parse(line) as unknown };
  } catch (error) {
    const message = `a frame is not valid JSON (${(error as Error).message}); send one JSON object per line.`;
    return { ok: false, error: new AppError('E_PROTOCOL', message, { cause: error }) };
  }
}

function createFrameTooLargeError(bytes: number): AppError {
  return new AppError(
    'E_FRAME_TOO_LARGE',
    `a frame of ${bytes} bytes or more passes the limit of ${MAX_FRAME_BYTES} bytes; split the request.`,
  );
}
