// A stand-in for the compiled clean worker that misbehaves on request, for testing how
// WorkerPool and the daemon survive it. It speaks the same protocol (CleanRequest in,
// CleanReply out) and picks its behaviour from the first word of the file's bytes, which a
// `file` request names by path.
// `hang` loops forever, `oom` fills the heap, `exit` ends the thread, and `throw` raises an
// uncaught error. `slow` replies after 200 ms, and anything else is returned unchanged.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const port = parentPort;

port.on('message', (message) => {
  const request = withBytes(message);
  const word = new TextDecoder().decode(request.bytes.subarray(0, 8)).split(/\s/)[0];
  switch (word) {
    case 'hang':
      for (;;) {
        // Spins until the pool terminates the thread.
      }
    case 'oom': {
      const hoard = [];
      for (;;) {
        hoard.push(new Array(10_000).fill(hoard.length));
      }
    }
    case 'exit':
      process.exit(3);
      break;
    case 'throw':
      setImmediate(() => {
        throw new Error('deliberate failure outside any job');
      });
      break;
    case 'slow':
      setTimeout(() => replyUnchanged(request), 200);
      break;
    default:
      replyUnchanged(request);
  }
});

/** Returns the request with the bytes it carries, or those of the file it names. */
function withBytes(request) {
  if (request.kind !== 'file') {
    return { ...request, sha256: null };
  }
  const bytes = new Uint8Array(readFileSync(request.filePath));
  const sha256 = request.hash ? createHash('sha256').update(bytes).digest('hex') : null;
  return { ...request, bytes, sha256 };
}

function replyUnchanged(request) {
  const result = { format: 'jpeg', bytes: request.bytes, removed: [], kept: [], changed: false };
  const reply = { jobId: request.jobId, ok: true, result, sha256: request.sha256 };
  port.postMessage(reply, [request.bytes.buffer]);
}
