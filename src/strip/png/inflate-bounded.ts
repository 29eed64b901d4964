import { inflateSync } from 'node:zlib';

/** The outcome of {@link inflateBounded}. */
export type BoundedInflation =
  | {
      readonly status: 'complete';
      readonly output: Uint8Array;
      /** Input bytes up to the end of the zlib stream. Anything after them is not zlib data. */
      readonly consumed: number;
    }
  | { readonly status: 'too-large' }
  | { readonly status: 'invalid' };

/** The fields Node returns from `inflateSync` with `info: true`. */
interface InflateInfo {
  readonly buffer: Uint8Array;
  readonly engine: { readonly bytesWritten: number };
}

/**
 * Inflates a zlib stream, stopping once the output would pass `maxOutputLength` bytes, so a
 * zlib bomb costs at most that much memory and the time to produce it. Returns how many input
 * bytes the stream took, which lets callers reject bytes hidden after its end.
 */
export function inflateBounded(compressed: Uint8Array, maxOutputLength: number): BoundedInflation {
  if (maxOutputLength < 1) {
    return { status: 'too-large' };
  }
  let result: unknown;
  try {
    result = inflateSync(compressed, { info: true, maxOutputLength });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ERR_BUFFER_TOO_LARGE' ? { status: 'too-large' } : { status: 'invalid' };
  }
  // @types/node types the result as a Buffer, but `info: true` makes Node return an object
  // with the output and the zlib engine, whose `bytesWritten` counts the input consumed.
  if (!isInflateInfo(result)) {
    throw new TypeError('zlib inflateSync with `info: true` returned no engine');
  }
  return { status: 'complete', output: result.buffer, consumed: result.engine.bytesWritten };
}

function isInflateInfo(value: unknown): value is InflateInfo {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { buffer, engine } = value as Partial<InflateInfo>;
  return buffer instanceof Uint8Array && typeof engine?.bytesWritten === 'number';
}
