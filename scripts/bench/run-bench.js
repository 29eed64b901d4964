// MetaClear's benchmark: batch throughput against ExifTool and cp, daemon latency, a burst,
// idle cost and start-up on a large folder. `npm run bench` builds dist/, runs every section
// and writes the results into docs/BENCHMARKS.md. It only prints with `--quick` (small sizes,
// to check that every part works) and with `--only throughput,latency,burst,idle,scale`,
// unless `--write` is given. `--cpu-prof DIR` makes every MetaClear process it starts write a
// CPU profile to DIR. Linux only: it reads /proc.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import {
  copyNumbered,
  createCameraJpeg,
  createMixedBatch,
  createScreenshotPngs,
  startExifTool,
  writeScreenshots,
} from './create-inputs.js';
import { describeMachine, startLoadSampler } from './machine.js';
import { measureBurst, measureIdle, measureLatency } from './measure-daemon.js';
import { measureScale } from './measure-scale.js';
import { measureThroughput } from './measure-throughput.js';
import { renderResults, replaceResults } from './render-report.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECTIONS = ['throughput', 'latency', 'burst', 'idle', 'scale'];

/** Sizes of a full run, and of `--quick`, which only checks that every part works. */
const SIZES = {
  full: {
    batchFiles: 200,
    mixedFiles: 200,
    rounds: 3,
    drops: 200,
    burstFiles: 5_000,
    idleMs: 60_000,
    scaleFiles: 100_000,
    scaleReadFiles: 10_000,
    scaleNewFiles: 100,
    scaleTimeoutMs: 180_000,
  },
  quick: {
    batchFiles: 20,
    mixedFiles: 40,
    rounds: 1,
    drops: 10,
    burstFiles: 100,
    idleMs: 5_000,
    scaleFiles: 2_000,
    scaleReadFiles: 1_000,
    scaleNewFiles: 10,
    scaleTimeoutMs: 60_000,
  },
};

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    only: { type: 'string', default: SECTIONS.join(',') },
    'cpu-prof': { type: 'string' },
  },
});
const sections = new Set(values.only.split(','));
for (const section of sections) {
  if (!SECTIONS.includes(section)) {
    console.error(
      `bench: --only takes ${SECTIONS.join(', ')}; received ${JSON.stringify(section)}`,
    );
    process.exit(2);
  }
}
if (process.platform !== 'linux') {
  console.error(
    'bench: reads /proc for CPU time, memory and inotify watches, so it runs on Linux only.',
  );
  process.exit(1);
}
if (values['cpu-prof'] !== undefined) {
  const profileDir = path.resolve(values['cpu-prof']);
  await mkdir(profileDir, { recursive: true });
  process.env.METACLEAR_BENCH_CPU_PROF = profileDir;
}
const sizes = values.quick ? SIZES.quick : SIZES.full;
const corpusDir = path.resolve(REPO_ROOT, process.env.METACLEAR_CORPUS ?? '../shared/corpus');
const exiftoolPath = path.join(
  REPO_ROOT,
  'node_modules',
  'exiftool-vendored.pl',
  'bin',
  'exiftool',
);
const hasEatmydata = hasCommand('eatmydata');

const workDir = await mkdtemp(path.join(os.tmpdir(), 'metaclear-bench-'));
const load = startLoadSampler();
const startedAt = new Date();
const results = {
  command: values.quick ? 'npm run bench -- --quick' : 'npm run bench',
  startedAt: startedAt.toISOString().replace(/\.\d+Z$/, 'Z'),
  machine: describeMachine(workDir),
  throughput: [],
};
try {
  const inputs = await createInputs(workDir);
  const common = { workDir, repoRoot: REPO_ROOT };
  if (sections.has('throughput')) {
    load.setSection('throughput');
    log(`throughput: ${sizes.batchFiles} camera JPEGs, ${sizes.rounds} rounds`);
    const options = { ...common, exiftoolPath, rounds: sizes.rounds, eatmydata: hasEatmydata };
    results.throughput.push({
      label: 'camera JPEGs',
      description:
        '4000×3000 JPEGs of about 5 MB with EXIF (GPS, serials), an IFD1 thumbnail, XMP, IPTC, ICC and a comment written by ExifTool',
      ...(await measureThroughput({
        ...options,
        sourceDir: inputs.batchDir,
        inPlace: true,
        home: path.join(workDir, 'cli-home'),
      })),
    });
    if (inputs.mixed !== null) {
      log(`throughput: ${sizes.mixedFiles} mixed corpus files`);
      const formats = Object.entries(inputs.mixed.formats).map(
        ([name, count]) => `${count} ${name}`,
      );
      results.throughput.push({
        label: 'mixed corpus batch',
        description: `copied round-robin from ${inputs.mixed.sourceFiles} corpus files (${formats.join(', ')})`,
        ...(await measureThroughput({
          ...options,
          sourceDir: inputs.mixedDir,
          inPlace: false,
          home: path.join(workDir, 'cli-home'),
        })),
      });
    } else {
      log(`throughput: no corpus at ${corpusDir}, so the mixed batch is left out`);
    }
  }
  if (sections.has('latency')) {
    load.setSection('latency');
    log(`latency: ${sizes.drops} drops`);
    results.latency = {
      label: '5 MB camera JPEG',
      ...(await measureLatency({ ...common, source: inputs.largeJpeg, drops: sizes.drops })),
    };
  }
  if (sections.has('burst')) {
    load.setSection('burst');
    log(`burst: ${sizes.burstFiles} files`);
    const rollDir = path.join(workDir, 'DCIM');
    await copyNumbered(inputs.mediumJpeg, rollDir, sizes.burstFiles);
    results.burst = {
      label: '1600×1200 JPEGs of about 0.7 MB with the same metadata',
      ...(await measureBurst({ ...common, rollDir, count: sizes.burstFiles })),
    };
    await rm(rollDir, { recursive: true, force: true });
  }
  if (sections.has('idle')) {
    load.setSection('idle');
    log(`idle: ${sizes.idleMs / 1000} s`);
    results.idle = await measureIdle({
      ...common,
      durationMs: sizes.idleMs,
      // Start-up (the scan of both folders, V8 tidying its heap after it) is over well before
      // this, so the window measures only what a daemon costs while nothing happens.
      settleMs: 20_000,
      seedFolder: inputs.idleSeedDir,
    });
  }
  if (sections.has('scale')) {
    load.setSection('scale');
    log(`scale: ${sizes.scaleFiles} files`);
    results.scale = await measureScale({
      workDir,
      fileCount: sizes.scaleFiles,
      readFileCount: sizes.scaleReadFiles,
      perFolder: 1_000,
      newCount: sizes.scaleNewFiles,
      pngs: inputs.pngs,
      timeoutMs: sizes.scaleTimeoutMs,
    });
  }
} finally {
  load.stop();
  await rm(workDir, { recursive: true, force: true });
}
results.load = load.summarize();
results.minutes = Math.round((Date.now() - startedAt.getTime()) / 60_000);
console.log(JSON.stringify(results, null, 2));
const markdown = renderResults(results);
// Only a full run of every section replaces the page's results, unless --write is given.
const isFullRun = !values.quick && sections.size === SECTIONS.length;
if (!isFullRun && !values.write) {
  console.log(`\n${markdown}`);
} else {
  const pagePath = path.join(REPO_ROOT, 'docs', 'BENCHMARKS.md');
  const page = await readFile(pagePath, 'utf8').catch(() => '# Benchmarks\n');
  // The page is formatted as `npm run lint` checks it (prettier --check).
  const options = { ...(await prettier.resolveConfig(pagePath)), filepath: pagePath };
  await writeFile(pagePath, await prettier.format(replaceResults(page, markdown), options));
  log(`results written to ${path.relative(REPO_ROOT, pagePath)}`);
}

async function createInputs(dir) {
  log('creating inputs');
  const exiftool = startExifTool();
  try {
    const largeJpeg = path.join(dir, 'large.jpg');
    await createCameraJpeg(exiftool, largeJpeg, { width: 4000, height: 3000, sigma: 16 });
    const mediumJpeg = path.join(dir, 'medium.jpg');
    await createCameraJpeg(exiftool, mediumJpeg, { width: 1600, height: 1200, sigma: 16 });
    const batchDir = path.join(dir, 'batch');
    await copyNumbered(largeJpeg, batchDir, sizes.batchFiles);
    const mixedDir = path.join(dir, 'mixed');
    const mixed = await createMixedBatch(corpusDir, mixedDir, sizes.mixedFiles);
    const pngs = await createScreenshotPngs(exiftool, path.join(dir, 'png'));
    const idleSeedDir = path.join(dir, 'idle-seed');
    await writeScreenshots(idleSeedDir, 1_000, 250, pngs, 1_000_000);
    return { largeJpeg, mediumJpeg, batchDir, mixedDir, mixed, pngs, idleSeedDir };
  } finally {
    await exiftool.end();
  }
}

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function log(message) {
  console.error(`bench: ${message}`);
}
