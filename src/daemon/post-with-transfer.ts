import type { MessagePort, Worker } from 'node:worker_threads';

/**
 * Posts the message that `createMessage` builds around `bytes`, moving their memory to the
 * receiving thread instead of copying it, and leaves `bytes` detached (empty). A view that
 * covers only part of its buffer is copied first, because a transfer moves the whole buffer.
 */
export function postWithTransfer(
  target: Worker | MessagePort,
  bytes: Uint8Array,
  createMessage: (bytes: Uint8Array) => unknown,
): void {
  const movable = isWholeBuffer(bytes) ? bytes : bytes.slice();
  try {
    target.postMessage(createMessage(movable), [movable.buffer as ArrayBuffer]);
  } catch (error) {
    if (!isDataCloneError(error)) {
      throw error;
    }
    // Node marks some buffers untransferable, such as memory that sharp's native code owns.
    // Node 20 then copies them silently, and Node 21 and later throw, so this copies as well.
    target.postMessage(createMessage(movable));
  }
}

function isWholeBuffer(bytes: Uint8Array): boolean {
  return (
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength
  );
}

function isDataCloneError(error: unknown): boolean {
  return error instanceof Error && error.name === 'DataCloneError';
}
