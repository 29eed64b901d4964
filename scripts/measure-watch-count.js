// Measures what watching a folder of many small files costs, with and without the rule that
// leaves known files unwatched: inotify watches, resident memory and the time to `ready`. Each
// case runs in its own Node process. Linux only, because it counts watches in /proc.
// Run it with `npm run measure:watch-count -- [files]` (default 100000), which builds dist/.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSignature } from '../dist/daemon/file-signature.js';
import { MemoryKnownCleanFiles } from '../dist/daemon/known-clean-files.js';
import { watchFolder } from '../dist/daemon/watch-folder.js';

const FILES_PER_FOLDER = 1_000;

if (process.argv[2] === '--case') {
  const result = await measureCase(process.argv[3], process.argv[4]);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

if (process.platform !== 'linux') {
  console.error('measure-watch-count: counts inotify watches in /proc, so it runs on Linux only.');
  process.exit(1);
}
const fileCount = Number(process.argv[2] ?? 100_000);
const root = await mkdtemp(path.join(os.tmpdir(), 'metaclear-watch-count-'));
try {
  await createFiles(root, fileCount);
  console.log(`${fileCount} files in ${Math.ceil(fileCount / FILES_PER_FOLDER)} folders`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}`);
  for (const name of ['known', 'plain']) {
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', fileURLToPath(import.meta.url), '--case', name, root],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    console.log(JSON.stringify(JSON.parse(output)));
  }
} finally {
  await rm(root, { recursive: true, force: true });
}

async function createFiles(dir, count) {
  for (let index = 0; index < count; index += 1) {
    const folder = path.join(dir, `folder ${Math.floor(index / FILES_PER_FOLDER)}`);
    if (index % FILES_PER_FOLDER === 0) {
      await mkdir(folder);
    }
    await writeFile(path.join(folder, `shot ${index}.png`), `screenshot ${index}`);
  }
}

/**
 * Watches `dir` once. `known` first records every file as the daemon's history would, and
 * `plain` watches without the rule.
 */
async function measureCase(name, dir) {
  const known = new MemoryKnownCleanFiles();
  if (name === 'known') {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) {
        const signature = await readFileSignature(path.join(entry.parentPath, entry.name));
        if (signature !== null) {
          known.add(signature);
        }
      }
    }
  }
  globalThis.gc?.();
  const rssBeforeMb = getRssMb();
  const startedAt = performance.now();
  const watcher = watchFolder(dir, name === 'known' ? { knownCleanFiles: known } : {});
  await watcher.onReady();
  const readyMs = Math.round(performance.now() - startedAt);
  globalThis.gc?.();
  const result = {
    case: name,
    readyMs,
    inotifyWatches: await countInotifyWatches(),
    rssMb: getRssMb(),
    rssForWatchingMb: getRssMb() - rssBeforeMb,
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1_000_000),
  };
  await watcher.close();
  return result;
}

function getRssMb() {
  return Math.round(process.memoryUsage().rss / 1_000_000);
}

async function countInotifyWatches() {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target === 'anon_inode:inotify') {
      const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8');
      count += info.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
    }
  }
  return count;
}
