import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { createDirtyJpeg } from './create-test-images.js';
import { runMain } from './run-cli.js';

const hasExifTool = isExifToolAvailable();

afterEach(removeTempDirs);
afterAll(closeExifTool);

describe.skipIf(!hasExifTool)('metaclear clean -', () => {
  let dirtyJpegBytes: Buffer;

  beforeAll(async () => {
    const dir = await createTempDir('metaclear-fixture-');
    await createDirtyJpeg(path.join(dir, 'dirty.jpg'));
    dirtyJpegBytes = await readFile(path.join(dir, 'dirty.jpg'));
  });

  it('writes a clean image to stdout', async () => {
    const dir = await createTempDir();

    const run = await runMain(['clean', '-'], { home: dir, stdin: dirtyJpegBytes });
    await writeFile(path.join(dir, 'stdout.jpg'), run.stdout);
    const tags = await readAllTags(path.join(dir, 'stdout.jpg'));

    expect(run.exitCode).toBe(0);
    expect(tags['EXIF:GPS:GPSLatitude']).toBeUndefined();
    expect(listIdentifyingTags(tags)).toEqual([]);
    expect(run.stderr).toMatch(/^cleaned +\(standard input\): removed GPS location/);
  });

  it('writes nothing to stdout for an unsupported input', async () => {
    const run = await runMain(['clean', '-'], {
      home: await createTempDir(),
      stdin: Buffer.from('plain text, not an image'),
    });

    expect(run.exitCode).toBe(1);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toMatch(/^unsupported +\(standard input\): .*\(E_UNSUPPORTED_FORMAT\)\n$/);
  });

  it('rejects a terminal as stdin', async () => {
    const run = await runMain(['clean', '-'], { home: await createTempDir(), stdinIsTty: true });

    expect(run.exitCode).toBe(2);
    expect(run.stdout.length).toBe(0);
  });

  it('rejects - with --json', async () => {
    const run = await runMain(['clean', '--json', '-'], {
      home: await createTempDir(),
      stdin: dirtyJpegBytes,
    });

    expect(run.exitCode).toBe(2);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toContain('--json');
  });

  it('rejects input over limits.maxFileBytes', async () => {
    const home = await createTempDir();
    await mkdir(path.join(home, 'config'));
    await writeFile(
      path.join(home, 'config', 'config.json'),
      JSON.stringify({ version: 1, folders: [], limits: { maxFileBytes: 100 } }),
    );

    const run = await runMain(['clean', '-'], { home, stdin: dirtyJpegBytes });

    expect(run.exitCode).toBe(1);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toContain('E_FILE_TOO_LARGE');
  });
});
