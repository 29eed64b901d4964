import { inflateSync } from 'node:zlib';

/** The outcome of {@link inflatePngStream}. */
export type PngStreamInflation =
  | { readonly status: 'complete'; readonly output: Uint8Array; readonly consumed: number }
  | { readonly status: 'too-large' | 'truncated' | 'invalid' };

/**
 * Inflates one zlib stream from a PNG (`iCCP` data, or the joined IDAT or `fdAT` data of one
 * image) into at most `maxOutputLength` bytes, and reports how many input bytes the stream
 * took up to its end. `chunkSize` sets the size of zlib's output buffer; giving the expected
 * output length makes zlib write the image into one buffer instead of joining many.
 */
export function inflatePngStream(
  compressed: Uint8Array,
  maxOutputLength: number,
  chunkSize?: number,
): PngStreamInflation {
  let result: unknown;
  try {
    result = inflateSync(compressed, {
      info: true,
      maxOutputLength: Math.max(1, maxOutputLength),
      ...(chunkSize === undefined ? {} : { chunkSize: Math.max(64, chunkSize) }),
    });
  } catch (error) {
    switch ((error as NodeJS.ErrnoException).code) {
      case 'ERR_BUFFER_TOO_LARGE':
        return { status: 'too-large' };
      case 'Z_BUF_ERROR':
        return { status: 'truncated' };
      default:
        return { status: 'invalid' };
    }
  }
  // With `info: true`, Node returns the output and the zlib engine (typed as a Buffer by
  // @types/node); the engine's `bytesWritten` counts the input bytes the stream consumed.
  const { buffer, engine } = (result ?? {}) as {
    buffer?: unknown;
    engine?: { bytesWritten?: unknown };
  };
  if (!(buffer instanceof Uint8Array) || typeof engine?.bytesWritten !== 'number') {
    throw new TypeError('zlib inflateSync with `info: true` returned no engine');
  }
  return { status: 'complete', output: buffer, consumed: engine.bytesWritten };
}
