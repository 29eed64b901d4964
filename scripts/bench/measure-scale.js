// Start-up on a screenshots folder that already contains many files, most of them clean: the
// time to `onQuiescent()`, memory, files read, inotify watches and open descriptors. Each
// start runs in its own process (scale-case.js).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeScreenshots } from './create-inputs.js';
import { createConfig, writeConfig } from './daemon-process.js';
import { getProfileArgs } from './node-args.js';

const run = promisify(execFile);
const SCALE_CASE = fileURLToPath(new URL('./scale-case.js', import.meta.url));

/** One file in this many carries metadata; the rest are clean. */
const DIRTY_EVERY = 100;

/**
 * Writes `fileCount` screenshots in folders of `perFolder`, then measures two starts on them:
 * the folder added with `existing: skip` (its files recorded, none read) and a restart after
 * `newCount` new screenshots arrived. A second folder of `readFileCount` screenshots measures
 * the folder added with `existing: clean` (every file read) and a restart after that, which
 * shows whether files found clean before are read again. It is smaller because every file is
 * read there, at a rate that would take many minutes for `fileCount` files.
 */
export async function measureScale(options) {
  const { workDir, fileCount, readFileCount, perFolder, newCount, pngs, timeoutMs } = options;
  const root = path.join(workDir, 'scale');
  const folder = path.join(root, 'Screenshots');
  await writeScreenshots(folder, fileCount, perFolder, pngs, DIRTY_EVERY);
  const cases = [];
  const skipHome = path.join(root, 'skip-home');
  await writeFolderConfig(skipHome, folder, 'skip');
  const added = await runCase(skipHome, timeoutMs);
  cases.push({ name: 'added, existing: skip', files: fileCount, ...added });
  await writeScreenshots(folder, newCount, perFolder, pngs, 1, 'new shot');
  const restarted = await runCase(skipHome, timeoutMs);
  cases.push({ name: `restart, ${newCount} new files`, files: fileCount + newCount, ...restarted });
  const readFolder = path.join(root, 'Old Screenshots');
  await writeScreenshots(readFolder, readFileCount, perFolder, pngs, DIRTY_EVERY);
  const cleanHome = path.join(root, 'clean-home');
  await writeFolderConfig(cleanHome, readFolder, 'clean');
  const addedToRead = await runCase(cleanHome, timeoutMs);
  cases.push({ name: 'added, existing: clean', files: readFileCount, ...addedToRead });
  if (addedToRead.quiescentMs !== null) {
    const rereadCase = await runCase(cleanHome, timeoutMs);
    cases.push({ name: 'restart after that', files: readFileCount, ...rereadCase });
  }
  return {
    perFolder,
    dirtyShare: `1 in ${DIRTY_EVERY}`,
    timeoutSeconds: timeoutMs / 1000,
    cases,
  };
}

async function writeFolderConfig(home, folder, existing) {
  const config = createConfig(home, [
    { path: folder, mode: 'in-place', recursive: true, existing },
  ]);
  await writeConfig(home, config);
}

async function runCase(home, timeoutMs) {
  const args = ['--expose-gc', ...getProfileArgs(), SCALE_CASE, home, String(timeoutMs)];
  const { stdout } = await run(process.execPath, args, {
    maxBuffer: 16 << 20,
    env: { ...process.env, METACLEAR_HOME: home, HOME: home },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}
