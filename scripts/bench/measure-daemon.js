// Measures the daemon as a user runs it (`metaclear daemon` in its own process): the latency
// of single drops, a burst of many files, and what it costs while nothing happens.
import { execFile } from 'node:child_process';
import { watch } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createConfig, readLog, startDaemon, waitForLog, writeConfig } from './daemon-process.js';
import { listFiles } from './measure-throughput.js';
import { readCpuNs, readDescriptors, readMemoryMb, sampleMemory } from './process-stats.js';
import { median, percentile, round } from './stats.js';

const run = promisify(execFile);

async function startInboxDaemon(repoRoot, home) {
  const inbox = path.join(home, 'To Clean');
  const cleaned = path.join(home, 'Cleaned');
  const folder = {
    path: inbox,
    mode: 'output',
    output: cleaned,
    recursive: true,
    existing: 'clean',
  };
  await writeConfig(home, createConfig(home, [folder]));
  return { inbox, cleaned, daemon: await startDaemon(repoRoot, home) };
}

/**
 * Drops `source` into the inbox `drops` times, one file at a time. Latency runs from the
 * moment the copy returned (the file is complete) to the inotify event of the cleaned file's
 * name in the output folder (the publishing link or rename).
 */
export async function measureLatency({ repoRoot, workDir, source, drops }) {
  const home = path.join(workDir, 'latency-home');
  const { inbox, cleaned, daemon } = await startInboxDaemon(repoRoot, home);
  const publishedAt = new Map();
  const watcher = watch(cleaned, (_event, name) => {
    if (name !== null && !publishedAt.has(name)) {
      publishedAt.set(name, performance.now());
    }
  });
  const latencies = [];
  try {
    for (let index = 0; index < drops; index += 1) {
      const name = `drop ${index}.jpg`;
      await copyFile(source, path.join(inbox, name));
      const completeAt = performance.now();
      const done = await waitForLog(
        home,
        (line) => line.msg === 'job done' && path.basename(line.path ?? '') === name,
        60_000,
      );
      if (done.status !== 'cleaned' || !publishedAt.has(name)) {
        throw new Error(`drop ${index} ended ${done.status} without a published file`);
      }
      latencies.push(publishedAt.get(name) - completeAt);
    }
  } finally {
    watcher.close();
    await daemon.stop();
  }
  const jobMs = (await readLog(home))
    .filter((line) => line.msg === 'job done')
    .map((line) => line.durationMs);
  return {
    drops,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(Math.max(...latencies)),
    jobP50Ms: round(median(jobMs)),
  };
}

/**
 * Copies a folder of `count` files into the inbox with one `cp -r` and times until every
 * cleaned file is published. Then it counts, from the log and the folders, the jobs of each
 * file, the files without a job, and the files left in each place.
 */
export async function measureBurst({ repoRoot, workDir, rollDir, count }) {
  const home = path.join(workDir, 'burst-home');
  const { inbox, cleaned, daemon } = await startInboxDaemon(repoRoot, home);
  const memory = sampleMemory(daemon.pid);
  const cleanedRoll = path.join(cleaned, path.basename(rollDir));
  let seconds;
  let peakRssMb;
  let maxSampledRssMb;
  try {
    const startedAt = performance.now();
    await run('cp', ['-r', rollDir, inbox]);
    const copySeconds = (performance.now() - startedAt) / 1000;
    const deadline = Date.now() + 60 * 60_000;
    while ((await countVisibleFiles(cleanedRoll)) < count) {
      if (Date.now() > deadline) {
        throw new Error(`the burst did not finish within an hour`);
      }
      await delay(100);
    }
    seconds = (performance.now() - startedAt) / 1000;
    await waitForJobCount(home, count);
    maxSampledRssMb = memory.stop();
    ({ peakRssMb } = await readMemoryMb(daemon.pid));
    return {
      count,
      seconds: round(seconds, 1),
      copySeconds: round(copySeconds, 1),
      filesPerSecond: round(count / seconds, 1),
      peakRssMb: round(peakRssMb),
      maxSampledRssMb: round(maxSampledRssMb),
      ...(await auditBurst(home, inbox, cleanedRoll, count)),
    };
  } finally {
    memory.stop();
    await daemon.stop();
  }
}

async function countVisibleFiles(dir) {
  const names = await readdir(dir).catch(() => []);
  return names.filter((name) => !name.startsWith('.')).length;
}

async function waitForJobCount(home, count) {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const ended = (await readLog(home)).filter((line) => line.msg.startsWith('job '));
    if (ended.filter((line) => line.msg !== 'job queued').length >= count) {
      return;
    }
    await delay(200);
  }
}

/** Counts jobs per input from the log, and the files left in the inbox, output and vault. */
async function auditBurst(home, inbox, cleanedRoll, count) {
  const ended = (await readLog(home)).filter((line) =>
    ['job done', 'job failed', 'job needs attention'].includes(line.msg),
  );
  const perInput = new Map();
  for (const line of ended) {
    perInput.set(line.path, (perInput.get(line.path) ?? 0) + 1);
  }
  const outputs = await readdir(cleanedRoll);
  return {
    cleaned: ended.filter((line) => line.status === 'cleaned').length,
    notCleaned: ended.filter((line) => line.status !== 'cleaned').length,
    cleanedTwice: [...perInput.values()].filter((jobs) => jobs > 1).length,
    missing: count - perInput.size,
    outputs: outputs.length,
    renamedOutputs: outputs.filter((name) => / \(\d+\)\.[^.]+$/.test(name)).length,
    originalsInVault: (await listFiles(path.join(home, 'Originals'))).length,
    leftInInbox: (await listFiles(inbox)).length,
  };
}

/**
 * Starts a daemon watching three folders (an inbox and two in-place folders holding
 * `existingFiles` files each), waits `settleMs`, then measures CPU time and memory over
 * `durationMs` in which nothing happens.
 */
export async function measureIdle({ repoRoot, workDir, durationMs, settleMs, seedFolder }) {
  const home = path.join(workDir, 'idle-home');
  const screenshots = path.join(home, 'Screenshots');
  const downloads = path.join(home, 'Downloads');
  await mkdir(home, { recursive: true });
  await run('cp', ['-r', seedFolder, screenshots]);
  await run('cp', ['-r', seedFolder, downloads]);
  const inPlace = { mode: 'in-place', recursive: true, existing: 'skip' };
  const folders = [
    {
      path: path.join(home, 'To Clean'),
      mode: 'output',
      output: path.join(home, 'Cleaned'),
      recursive: true,
      existing: 'clean',
    },
    { path: screenshots, ...inPlace },
    { path: downloads, ...inPlace },
  ];
  await writeConfig(home, createConfig(home, folders));
  const daemon = await startDaemon(repoRoot, home);
  try {
    await delay(settleMs);
    const memory = sampleMemory(daemon.pid, 1_000);
    const cpuBefore = await readCpuNs(daemon.pid);
    const startedAt = performance.now();
    await delay(durationMs);
    const cpuNs = (await readCpuNs(daemon.pid)) - cpuBefore;
    const elapsedNs = (performance.now() - startedAt) * 1e6;
    const maxRssMb = memory.stop();
    const { rssMb } = await readMemoryMb(daemon.pid);
    return {
      settleSeconds: round(settleMs / 1000),
      seconds: round(elapsedNs / 1e9),
      watchedFiles: (await listFiles(screenshots)).length + (await listFiles(downloads)).length,
      cpuMs: round(cpuNs / 1e6, 1),
      cpuPercentOfOneCore: round((100 * cpuNs) / elapsedNs, 3),
      rssMb: round(rssMb),
      maxRssMb: round(Math.max(maxRssMb, rssMb)),
      ...(await readDescriptors(daemon.pid)),
    };
  } finally {
    await daemon.stop();
  }
}
