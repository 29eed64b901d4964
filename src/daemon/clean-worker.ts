/**
 * Entry point of a clean worker thread: reads (for a `file` request), strips and verifies the
 * files that a `WorkerPool` sends it, one at a time, and replies with the result or the error
 * code. It runs only as a worker, from its compiled `clean-worker.js`.
 */
import { parentPort } from 'node:worker_threads';
import { cleanBytes } from '../commit/clean-bytes.js';
import { hashBytes } from '../commit/hash-file.js';
import { readSourceContents } from '../commit/source-file.js';
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
    let bytes: Uint8Array;
    let sha256: string | null = null;
    if (request.kind === 'file') {
      bytes = await readSourceContents(request.filePath, request.stats);
      sha256 = request.hash ? hashBytes(bytes) : null;
    } else {
      bytes = request.bytes;
    }
    const result = await cleanBytes(bytes, request.policy);
    postWithTransfer(port, result.bytes, (resultBytes): CleanReply => {
      return { jobId, ok: true, result: { ...result, bytes: resultBytes }, sha256 };
    });
  } catch (error) {
    const reply: CleanReply = {
      jobId,
      ok: false,
      code: isAppError(error) ? error.code : null,
      path: isAppError(error) ? (error.path ?? null) : null,
      message: error instanceof Error ? error.message : String(error),
    };
    port.postMessage(reply);
  }
}
