// A stand-in for the compiled clean worker that misbehaves on request, for testing how
// WorkerPool and the daemon survive it. It speaks the same protocol (CleanRequest in,
// CleanReply out) and picks its behaviour from the first word of the file's bytes.
// `hang` loops forever, `oom` fills the heap, `exit` ends the thread, and `throw` raises an
// uncaught error. `slow` replies after 200 ms, and anything else is returned unchanged.
import { parentPort } from 'node:worker_threads';

const port = parentPort;

port.on('message', (request) => {
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

function replyUnchanged(request) {
  const result = { format: 'jpeg', bytes: request.bytes, removed: [], kept: [], changed: false };
  port.postMessage({ jobId: request.jobId, ok: true, result }, [request.bytes.buffer]);
}
