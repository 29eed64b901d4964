/**
 * Writes `chunk` and waits until the stream has taken it, so a large image on standard output
 * respects backpressure. A write error (such as `EPIPE` when the reader has exited) rejects
 * instead of crashing the process as an unhandled `error` event.
 */
export async function writeToStream(
  stream: NodeJS.WritableStream,
  chunk: string | Uint8Array,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(error);
    };
    stream.once('error', onError);
    stream.write(chunk, (error?: Error | null) => {
      if (error) {
        // The listener stays, because the stream emits `error` after this callback.
        reject(error);
      } else {
        stream.off('error', onError);
        resolve();
      }
    });
  });
}
