// Batch throughput, side by side in each round: `metaclear clean --out` against ExifTool with
// the same keep policy and against `cp` (neither of them fsyncs), and `metaclear clean` in
// place (which fsyncs each file) against `cp` followed by `sync`.
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { getProfileArgs } from './node-args.js';
import { median, round } from './stats.js';

const run = promisify(execFile);

/**
 * ExifTool's arguments for MetaClear's default keep policy: remove everything, then copy back
 * the ICC profile and the orientation.
 */
const EXIFTOOL_KEEP_ARGS = ['-all=', '-tagsfromfile', '@', '-icc_profile', '-orientation'];

/**
 * Runs `rounds` rounds over the files in `sourceDir`. Each round warms the page cache, then
 * times each command after a `sync`, so no command pays for the previous one's writeback.
 * `inPlace` adds the in-place pair.
 */
export async function measureThroughput(options) {
  const { sourceDir, workDir, rounds, inPlace, repoRoot, exiftoolPath, home } = options;
  const files = await listFiles(sourceDir);
  const bytes = await sumSizes(files);
  const cli = path.join(repoRoot, 'bin', 'metaclear.js');
  const env = { ...process.env, METACLEAR_HOME: home, HOME: home };
  const out = path.join(workDir, 'out');
  const commands = createCommands({
    sourceDir,
    out,
    cli,
    exiftoolPath,
    eatmydata: options.eatmydata,
  });

  const samples = [];
  let statuses = {};
  for (let index = 0; index < rounds; index += 1) {
    const sample = {};
    for (const [name, { command, args }] of Object.entries(commands)) {
      await prepare(sourceDir, [out]);
      const result = await timeCommand(command, args, env);
      sample[name] = result.ms;
      sample[`${name}Outputs`] = (await listFiles(out)).length;
      if (name === 'cleanOut') {
        statuses = countStatuses(result.stdout);
      }
    }
    if (inPlace) {
      Object.assign(sample, await measureInPlaceRound(sourceDir, workDir, cli, env));
    }
    samples.push(sample);
  }
  await rm(out, { recursive: true, force: true });
  return summarize(samples, files.length, bytes, statuses);
}

/** Returns the commands that write the batch to `out`: cp, ExifTool and `clean --out`. */
function createCommands({ sourceDir, out, cli, exiftoolPath, eatmydata }) {
  const commands = {
    cp: { command: 'cp', args: ['-r', sourceDir, out] },
    exiftool: {
      command: 'perl',
      args: [exiftoolPath, '-q', '-q', '-m', ...EXIFTOOL_KEEP_ARGS, '-o', `${out}/`, sourceDir],
    },
    cleanOut: {
      command: process.execPath,
      args: [...getProfileArgs(), cli, 'clean', '--json', '--out', out, sourceDir],
    },
  };
  if (eatmydata) {
    // eatmydata (Debian package) turns fsync into a no-op through LD_PRELOAD, which shows how
    // much of `clean --out` is spent waiting for the disk.
    commands.cleanOutNoFsync = {
      command: 'eatmydata',
      args: [process.execPath, ...commands.cleanOut.args],
    };
  }
  return commands;
}

/** Times `cp -r && sync` against `metaclear clean` on a fresh copy of the batch. */
async function measureInPlaceRound(sourceDir, workDir, cli, env) {
  const copy = path.join(workDir, 'in-place');
  const cpTarget = path.join(workDir, 'cp-sync');
  await prepare(sourceDir, [copy, cpTarget]);
  const cpSync = await timeCommand(
    'sh',
    ['-c', 'cp -r "$0" "$1" && sync', sourceDir, cpTarget],
    env,
  );
  await run('cp', ['-r', sourceDir, copy]);
  await prepare(copy, []);
  const cleanArgs = [...getProfileArgs(), cli, 'clean', '--json', copy];
  const clean = await timeCommand(process.execPath, cleanArgs, env);
  const inPlaceStatuses = countStatuses(clean.stdout);
  await rm(copy, { recursive: true, force: true });
  await rm(cpTarget, { recursive: true, force: true });
  await rm(path.join(env.METACLEAR_HOME, 'Originals'), { recursive: true, force: true });
  return { cpSync: cpSync.ms, cleanInPlace: clean.ms, inPlaceStatuses };
}

/** Removes `outputs`, reads every file under `sourceDir` into the page cache, then syncs. */
async function prepare(sourceDir, outputs) {
  for (const output of outputs) {
    await rm(output, { recursive: true, force: true });
  }
  for (const file of await listFiles(sourceDir)) {
    await readFile(file);
  }
  await run('sync');
}

async function timeCommand(command, args, env) {
  const startedAt = performance.now();
  let stdout = '';
  try {
    ({ stdout } = await run(command, args, { env, maxBuffer: 256 << 20 }));
  } catch (error) {
    // ExifTool and `metaclear clean` exit 1 when some file failed; the output counts show it.
    if (typeof error.code !== 'number') {
      throw error;
    }
    stdout = error.stdout;
  }
  return { ms: performance.now() - startedAt, stdout };
}

function countStatuses(stdout) {
  const counts = {};
  for (const file of JSON.parse(stdout).files) {
    counts[file.status] = (counts[file.status] ?? 0) + 1;
  }
  return counts;
}

function summarize(samples, fileCount, bytes, statuses) {
  const rate = (ms) => ({
    filesPerSecond: round(fileCount / (ms / 1000), 1),
    mbPerSecond: round(bytes / 1e6 / (ms / 1000), 1),
    ms: round(ms),
  });
  const names = Object.keys(samples[0]).filter((key) => typeof samples[0][key] === 'number');
  const tools = {};
  for (const name of names.filter((key) => !key.endsWith('Outputs'))) {
    tools[name] = { ...rate(median(samples.map((sample) => sample[name]))) };
    tools[name].outputs = samples.at(-1)[`${name}Outputs`];
  }
  // A ratio is taken within each round, where both commands saw the same load, and the
  // median over rounds is reported.
  const ratio = (baseline, tool) =>
    round(median(samples.map((sample) => sample[baseline] / sample[tool])), 2);
  const ratios = {
    cleanOutVsExiftool: ratio('exiftool', 'cleanOut'),
    cleanOutVsCp: ratio('cp', 'cleanOut'),
  };
  if ('cleanOutNoFsync' in samples[0]) {
    ratios.noFsyncVsExiftool = ratio('exiftool', 'cleanOutNoFsync');
    ratios.noFsyncVsCp = ratio('cp', 'cleanOutNoFsync');
  }
  if ('cleanInPlace' in samples[0]) {
    ratios.inPlaceVsCpSync = ratio('cpSync', 'cleanInPlace');
  }
  return {
    files: fileCount,
    megabytes: round(bytes / 1e6, 1),
    rounds: samples.length,
    tools,
    ratios,
    statuses,
    inPlaceStatuses: samples.at(-1).inPlaceStatuses ?? null,
    samples: samples.map((sample) =>
      Object.fromEntries(Object.entries(sample).filter(([, value]) => typeof value === 'number')),
    ),
  };
}

/** Lists the regular files under `dir`, recursively. */
export async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

async function sumSizes(files) {
  let total = 0;
  for (const file of files) {
    total += (await stat(file)).size;
  }
  return total;
}
