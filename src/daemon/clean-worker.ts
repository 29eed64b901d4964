/**
 * Entry point of a clean worker thread: strips and verifies the files that a
 * `WorkerPool` sends it, one at a time, and replies with the result or the error code.
 * It runs only as a worker, from its compiled `clean-worker.js`.
 */
import { parentPort } from 'node:worker_threads';
import { cleanBytes } from '../commit/clean-bytes.js';
import { isAppError } from '../shared/errors.js';
import type { CleanReply, CleanRequest } from './clean-worker-protocol.js';
import { postWithTransfer } from './post-with-transfer.js';

if (parentPort === null) {
  throw new Error('clean-worker.js runs only as a worker thread; start it through WorkerPool.');
}
const port = parentPort;

port.on('message', (request: CleanRequest) => {
  void handleRequest(request);
});

async function handleRequest(request: CleanRequest): Promise<void> {
  const { jobId } = request;
  try {
    const result = await cleanBytes(request.bytes, request.policy);
    postWithTransfer(port, result.bytes, (bytes): CleanReply => {
      return { jobId, ok: true, result: { ...result, bytes } };
    });
  } catch (error) {
    const reply: CleanReply = {
      jobId,
      ok: false,
      code: isAppError(error) ? error.code : null,
      message: error instanceof Error ? error.message : String(error),
    };
    port.postMessage(reply);
  }
}
