import { AppError } from '../shared/errors.js';

/**
 * Reads a stream to its end, such as standard input.
 *
 * @throws {AppError} `E_FILE_TOO_LARGE` once more than `maxBytes` arrive; the rest is not read.
 */
export async function readStreamBytes(
  stream: NodeJS.ReadableStream,
  maxBytes: number,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes) {
      throw new AppError(
        'E_FILE_TOO_LARGE',
        `standard input is larger than limits.maxFileBytes (${maxBytes} bytes); ` +
          'raise the limit in the config file, or clean a smaller image.',
      );
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}
