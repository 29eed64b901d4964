import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { createCleanJpeg, createDirtyJpeg, createDirtyPng } from './create-test-images.js';
import { parseCheckJson } from './json-envelope.js';
import { runMain } from './run-cli.js';

const hasExifTool = isExifToolAvailable();

afterEach(removeTempDirs);
afterAll(closeExifTool);

describe.skipIf(!hasExifTool)('metaclear check', () => {
  it('finds metadata in a dirty JPEG', async () => {
    const dir = await createTempDir();
    const input = path.join(dir, 'dirty.jpg');
    await createDirtyJpeg(input);
    const before = await readFile(input);

    const run = await runMain(['check', '--json', input], { home: await createTempDir() });
    const [entry] = parseCheckJson(run.stdout);

    expect(run.exitCode).toBe(1);
    expect(entry?.input).toBe(input);
    expect(entry?.status).toBe('has-metadata');
    expect(entry?.found).toEqual(expect.arrayContaining(['gps', 'camera-serial', 'owner']));
    expect(entry?.found).not.toContain('orientation');
    expect(entry?.kept).toContain('orientation');
    expect(entry?.code).toBeNull();
    expect((await readFile(input)).equals(before)).toBe(true);
  });

  it('finds metadata in a dirty PNG', async () => {
    const dir = await createTempDir();
    const input = path.join(dir, 'dirty.png');
    await createDirtyPng(input);

    const run = await runMain(['check', '--json', input], { home: await createTempDir() });
    const [entry] = parseCheckJson(run.stdout);

    expect(entry?.status).toBe('has-metadata');
    expect(entry?.found).toContain('gps');
  });

  it('reports a clean JPEG as clean', async () => {
    const dir = await createTempDir();
    const input = path.join(dir, 'clean.jpg');
    await createCleanJpeg(input);

    const run = await runMain(['check', '--json', input], { home: await createTempDir() });
    const [entry] = parseCheckJson(run.stdout);

    expect(run.exitCode).toBe(0);
    expect(entry).toEqual({
      input,
      status: 'clean',
      found: [],
      kept: entry?.kept ?? [],
      code: null,
      reason: null,
    });
  });

  it('reports a file after cleaning as clean', async () => {
    const dir = await createTempDir();
    const home = await createTempDir();
    const input = path.join(dir, 'dirty.jpg');
    await createDirtyJpeg(input);

    await runMain(['clean', input], { home });
    const run = await runMain(['check', input], { home });

    expect(run.exitCode).toBe(0);
    expect(run.stdout.toString('utf8')).toMatch(/^clean +.*dirty\.jpg: kept orientation\n$/);
  });

  it('prints found kinds in words', async () => {
    const dir = await createTempDir();
    const input = path.join(dir, 'dirty.jpg');
    await createDirtyJpeg(input);

    const run = await runMain(['check', input], { home: await createTempDir() });

    expect(run.stdout.toString('utf8')).toMatch(/^has metadata +.*dirty\.jpg: .*GPS location/);
  });

  it('walks folders and reports problems', async () => {
    const dir = await createTempDir();
    await createCleanJpeg(path.join(dir, 'a.jpg'));
    await writeFile(path.join(dir, 'notes.txt'), 'not an image');

    const run = await runMain(['check', '--json', dir, path.join(dir, 'gone.jpg')], {
      home: await createTempDir(),
    });
    const entries = parseCheckJson(run.stdout);

    expect(run.exitCode).toBe(1);
    expect(entries.map((entry) => entry.status)).toEqual(['clean', 'unsupported', 'failed']);
    expect(entries[2]?.code).toBe('E_NOT_FOUND');
  });
});
