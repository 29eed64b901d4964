// One start-up of the daemon's watching half on a large folder, in its own process so that
// its memory, descriptors and watches are its own. The parent (measure-scale.js) passes the
// home, whose config it wrote, and a time limit; this prints one JSON line of results.
// It runs `createDaemon` from dist/ as `metaclear daemon` does, with the same history, and an
// inspector that counts the files read for settling.
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { openHistory } from '../../dist/commit/history/open-history.js';
import { loadConfig } from '../../dist/config/load-config.js';
import { createDaemon } from '../../dist/daemon/daemon.js';
import { createFileInspector } from '../../dist/daemon/file-inspector.js';
import { resolveLocations } from '../../dist/shared/paths.js';
import { readDescriptors, readIoCounters, readMemoryMb } from './process-stats.js';

const [home, timeoutText] = process.argv.slice(2);
const locations = resolveLocations({ ...process.env, METACLEAR_HOME: home, HOME: home });
const config = await loadConfig(locations);
const history = openHistory(locations.stateDir);
const readPaths = new Set();
const inspector = countReads(createFileInspector({ maxFileBytes: config.limits.maxFileBytes }));
const jobs = {};
const ioBefore = await readIoCounters(process.pid);
const startedAt = performance.now();
const daemon = createDaemon({ config, locations, history, inspector });
for (const event of ['job.done', 'job.failed', 'job.attention']) {
  daemon.on(event, (result) => {
    jobs[result.status] = (jobs[result.status] ?? 0) + 1;
    readPaths.add(result.input);
  });
}
await daemon.start();
const startMs = performance.now() - startedAt;
const isQuiescent = await Promise.race([
  daemon.onQuiescent().then(() => true),
  delay(Number(timeoutText)).then(() => false),
]);
const quiescentMs = isQuiescent ? performance.now() - startedAt : null;
const ioAfter = await readIoCounters(process.pid);
const result = {
  startMs: Math.round(startMs),
  quiescentMs: quiescentMs === null ? null : Math.round(quiescentMs),
  secondsMeasured: Math.round((performance.now() - startedAt) / 1000),
  filesRead: readPaths.size,
  jobs,
  readMegabytes: Math.round((ioAfter.readBytes - ioBefore.readBytes) / 1e6),
  ...(await readMemoryMb(process.pid)),
  ...(await readDescriptors(process.pid)),
  heapUsedAfterGcMb: getHeapUsedAfterGcMb(),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
// A start that did not become quiescent is cut short; its jobs are not waited for.
if (isQuiescent) {
  await daemon.close();
  history.close();
}
process.exit(0);

/**
 * Returns the JavaScript heap in use after a full collection, which separates the memory the
 * daemon keeps from garbage it has not collected yet. The parent starts this with `--expose-gc`.
 */
function getHeapUsedAfterGcMb() {
  globalThis.gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1e6);
}

/** Wraps `inspector` so that every path whose contents it reads is recorded. */
function countReads(inner) {
  return {
    readSignature: (filePath) => inner.readSignature(filePath),
    inspectContents: (filePath) => {
      readPaths.add(filePath);
      return inner.inspectContents(filePath);
    },
  };
}
