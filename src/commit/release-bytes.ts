import { MessageChannel } from 'node:worker_threads';

/**
 * Frees the memory of `bytes` now, instead of at V8's next full collection, and leaves
 * `bytes` empty. Call it only on an array that covers its whole buffer and that nothing else
 * reads any more, such as a worker's reply after its commit. It does nothing for any other
 * array, or for a buffer Node does not let move.
 *
 * The daemon's main thread receives each cleaned file's bytes from a worker. Their buffers are
 * allocated outside V8's heap, and V8 frees a dead one only at a full collection, which it
 * starts once about 64 MiB of such memory has built up (V8 11.3, Node 20). Moving the buffer
 * into a message of a channel that is then closed frees it at once, because closing drops the
 * message.
 */
export function releaseBytes(bytes: Uint8Array): void {
  const { buffer } = bytes;
  if (
    !(buffer instanceof ArrayBuffer) ||
    bytes.byteOffset !== 0 ||
    bytes.byteLength !== buffer.byteLength ||
    buffer.byteLength === 0
  ) {
    return;
  }
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(null, [buffer]);
  } catch {
    // Node marks some buffers untransferable; the garbage collector frees those.
  } finally {
    port1.close();
    port2.close();
  }
}
