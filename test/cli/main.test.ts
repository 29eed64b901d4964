import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src/cli/parse-command-line.js';
import { getTrayPaths } from '../../src/cli/tray/launch-tray.js';
import { closeExifTool, isExifToolAvailable, readAllTags } from '../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { createDirtyJpeg } from './create-test-images.js';
import { parseCleanJson } from './json-envelope.js';
import { hasBuiltCli, runBin, runMain } from './run-cli.js';

const PACKAGE_JSON = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../package.json',
);

afterEach(removeTempDirs);
afterAll(closeExifTool);

async function readPackageVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { version: string };
  return manifest.version;
}

describe('main', () => {
  it.each([[['--help']], [['-h']], [['help']]])('prints the general help for %j', async (argv) => {
    const run = await runMain(argv, { home: await createTempDir() });
    const text = run.stdout.toString('utf8');

    expect(run.exitCode).toBe(0);
    expect(text).toMatch(/^Usage: metaclear COMMAND/);
    for (const command of ['clean', 'check', 'status', 'folders', 'daemon', 'help']) {
      expect(text).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(run.stderr).toBe('');
  });

  it('lists only commands that exist', async () => {
    const run = await runMain(['--help'], { home: await createTempDir() });
    const commands = run.stdout
      .toString('utf8')
      .split('\n')
      .filter((line) => /^ {2}[a-z]/.test(line))
      .map((line) => line.trim().split(' ')[0]);

    expect(commands).toEqual([...COMMAND_NAMES]);
  });

  it.each([
    [['help', 'clean'], '--keep-orientation=false'],
    [['clean', '--help'], '--bake-orientation'],
    [['help', 'check'], 'Usage: metaclear check'],
    [['check', '-h'], 'Usage: metaclear check'],
    [['help', 'daemon'], '--agent'],
    [['help', 'status'], 'Usage: metaclear status'],
    [['pause', '--help'], '--until TIME'],
    [['help', 'resume'], 'Usage: metaclear resume'],
    [['folders', 'add', '--help'], '--existing clean|skip'],
    [['help', 'recent'], 'Usage: metaclear recent'],
    [['attention', '-h'], 'attention dismiss ID'],
    [['help', 'revert'], 'Usage: metaclear revert JOB_ID'],
    [['daemon', '--help'], '--agent'],
  ])('prints command help for %j', async (argv, expected) => {
    const run = await runMain(argv, { home: await createTempDir() });

    expect(run.exitCode).toBe(0);
    expect(run.stdout.toString('utf8')).toContain(expected);
  });

  it('documents every clean option', async () => {
    const run = await runMain(['help', 'clean'], { home: await createTempDir() });
    const text = run.stdout.toString('utf8');

    for (const option of ['--out DIR', '--json', '--keep-orientation=false', '--to-srgb']) {
      expect(text).toMatch(new RegExp(`^  ${option} +[A-Z]`, 'm'));
    }
  });

  it.each([
    ['status', ['--json']],
    ['pause', ['--for DURATION', '--until TIME', '--json']],
    ['resume', ['--json']],
    ['folders', ['--mode in-place', '--mode output', '--output DIR', '--existing clean|skip']],
    ['folders', ['--screenshots', '--json']],
    ['recent', ['--limit N', '--json']],
    ['attention', ['--json']],
    ['revert', ['--json']],
  ])('documents the options of %s', async (command, options) => {
    const run = await runMain(['help', command], { home: await createTempDir() });
    const text = run.stdout.toString('utf8');

    for (const option of options) {
      expect(text).toMatch(new RegExp(`^  ${option} +[A-Z]`, 'm'));
    }
    expect(text).toContain('3 no daemon is running');
  });

  it('prints the package version', async () => {
    const run = await runMain(['--version'], { home: await createTempDir() });

    expect(run.exitCode).toBe(0);
    expect(run.stdout.toString('utf8')).toBe(`${await readPackageVersion()}\n`);
  });

  it.each([
    [[]],
    [['frobnicate']],
    [['clean']],
    [['clean', '--bogus', 'a.jpg']],
    [['check', '--json']],
    [['clean', '--bake-orientation', '--keep-orientation=false', 'a.jpg']],
    [['pause', '--for', '10 minutes']],
    [['folders', 'add']],
    [['revert', 'not-a-job']],
  ])('exits 2 for %j', async (argv) => {
    const run = await runMain(argv, { home: await createTempDir() });

    expect(run.exitCode).toBe(2);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toMatch(/^metaclear: /);
  });

  it('shows the help on stderr without a command', async () => {
    const run = await runMain([], { home: await createTempDir() });

    expect(run.stderr).toContain('Usage: metaclear COMMAND');
  });
});

describe.skipIf(!hasBuiltCli())('bin/metaclear.js', () => {
  it('prints help and exits 0', async () => {
    const run = await runBin(['--help'], { home: await createTempDir() });

    expect(run.exitCode).toBe(0);
    expect(run.stdout.toString('utf8')).toMatch(/^Usage: metaclear COMMAND/);
  });

  it('prints the version', async () => {
    const run = await runBin(['--version'], { home: await createTempDir() });

    expect(run.stdout.toString('utf8')).toBe(`${await readPackageVersion()}\n`);
  });

  it('exits 2 for an unknown option', async () => {
    const run = await runBin(['clean', '--bogus', 'x.jpg'], { home: await createTempDir() });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--bogus');
  });

  it('exits 2 for - with --json', async () => {
    const run = await runBin(['clean', '--json', '-'], { home: await createTempDir() });

    expect(run.exitCode).toBe(2);
    expect(run.stdout.length).toBe(0);
  });

  it.skipIf(existsSync(path.join(getTrayPaths().runtimeDir, 'node_modules', 'electron')))(
    'says how to install the tray',
    async () => {
      const run = await runMain(['tray'], { home: await createTempDir() });

      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('`npm run tray`');
      expect(run.stdout.toString('utf8')).toBe('');
    },
  );

  it('exits 78 for an invalid config', async () => {
    const home = await createTempDir();
    await mkdir(path.join(home, 'config'));
    await writeFile(
      path.join(home, 'config', 'config.json'),
      '{"version":1,"folders":[],"bogusKey":1}',
    );

    const run = await runBin(['check', path.join(home, 'none.jpg')], { home });

    expect(run.exitCode).toBe(78);
    expect(run.stderr).toContain('bogusKey');
  });

  it('runs the daemon and returns its exit code', async () => {
    const home = await createTempDir();
    await mkdir(path.join(home, 'config'));
    await writeFile(path.join(home, 'config', 'config.json'), '{"version":1,"folders":"none"}');

    const run = await runBin(['daemon'], { home });

    expect(run.exitCode).toBe(78);
  });

  it.skipIf(!isExifToolAvailable())('cleans stdin to stdout', async () => {
    const dir = await createTempDir();
    await createDirtyJpeg(path.join(dir, 'dirty.jpg'));

    const run = await runBin(['clean', '-'], {
      home: dir,
      stdin: await readFile(path.join(dir, 'dirty.jpg')),
    });
    await writeFile(path.join(dir, 'out.jpg'), run.stdout);
    const tags = await readAllTags(path.join(dir, 'out.jpg'));

    expect(run.exitCode).toBe(0);
    expect(tags['EXIF:GPS:GPSLatitude']).toBeUndefined();
    expect(tags['File:FileType']).toBe('JPEG');
  });

  it.skipIf(!isExifToolAvailable())('exits 1 when a file fails', async () => {
    const dir = await createTempDir();
    await createDirtyJpeg(path.join(dir, 'a.jpg'));

    const run = await runBin(
      ['clean', '--json', '--out', path.join(dir, 'out'), path.join(dir, 'a.jpg'), '--', '-gone'],
      { home: dir },
    );
    const entries = parseCleanJson(run.stdout);

    expect(run.exitCode).toBe(1);
    expect(entries.map((entry) => entry.status)).toEqual(['cleaned', 'failed']);
  });
});
