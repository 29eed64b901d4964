// Runs a daemon from the compiled dist/ in a child process for the burst test, so that its
// memory is measured apart from the test runner. argv[2] is a JSON object with `home` and
// `config`. It sends `{ type: 'ready' }`, then `{ type: 'result', input, status, code }` for
// each job, and on the message 'stop' closes the daemon, sends `{ type: 'memory', ... }` with
// the peak of each process.memoryUsage() field, and exits.
import { configSchema } from '../../dist/config/config-schema.js';
import { createDaemon } from '../../dist/daemon/daemon.js';
import { resolveLocations } from '../../dist/shared/paths.js';

const { home, config } = JSON.parse(process.argv[2]);
const peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const baseline = process.memoryUsage();

function sampleMemory() {
  const usage = process.memoryUsage();
  for (const key of Object.keys(peak)) {
    peak[key] = Math.max(peak[key], usage[key]);
  }
}

const sampler = setInterval(sampleMemory, 10);
const daemon = createDaemon({
  config: configSchema.parse(config),
  locations: resolveLocations({ METACLEAR_HOME: home }),
});
for (const name of ['job.done', 'job.failed', 'job.attention']) {
  daemon.on(name, (result) => {
    process.send({ type: 'result', input: result.input, status: result.status, code: result.code });
  });
}
process.on('message', (message) => {
  if (message !== 'stop') {
    return;
  }
  void daemon.close().then(() => {
    clearInterval(sampler);
    sampleMemory();
    process.send({ type: 'memory', peak, baselineRss: baseline.rss }, () => process.exit(0));
  });
});
await daemon.start();
process.send({ type: 'ready' });
