import { existsSync } from 'node:fs';
import { link, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { createCleanJpeg, createDirtyJpeg, createDirtyPng } from './create-test-images.js';
import { parseCleanJson } from './json-envelope.js';
import { runMain } from './run-cli.js';

const hasExifTool = isExifToolAvailable();

afterEach(removeTempDirs);
afterAll(closeExifTool);

/** Creates a fresh `METACLEAR_HOME` and a work folder beside it. */
async function createWorkspace(): Promise<{ home: string; work: string }> {
  const root = await createTempDir();
  const home = path.join(root, 'home');
  const work = path.join(root, 'work');
  await mkdir(home);
  await mkdir(work);
  return { home, work };
}

async function writeConfig(home: string, config: Record<string, unknown>): Promise<void> {
  await mkdir(path.join(home, 'config'), { recursive: true });
  await writeFile(path.join(home, 'config', 'config.json'), JSON.stringify(config));
}

describe.skipIf(!hasExifTool)('metaclear clean --out', () => {
  let dirtyJpegBytes: Buffer;

  beforeAll(async () => {
    const dir = await createTempDir('metaclear-fixture-');
    await createDirtyJpeg(path.join(dir, 'dirty.jpg'));
    dirtyJpegBytes = await readFile(path.join(dir, 'dirty.jpg'));
  });

  it('leaves inputs byte-identical', async () => {
    const { home, work } = await createWorkspace();
    const input = path.join(work, 'a.jpg');
    await writeFile(input, dirtyJpegBytes);
    const out = path.join(work, 'out');

    const run = await runMain(['clean', '--out', out, input], { home });

    expect(run.exitCode).toBe(0);
    expect((await readFile(input)).equals(dirtyJpegBytes)).toBe(true);
    expect(existsSync(path.join(out, 'a.jpg'))).toBe(true);
  });

  it('writes a copy without identifying tags', async () => {
    const { home, work } = await createWorkspace();
    const input = path.join(work, 'a.jpg');
    await writeFile(input, dirtyJpegBytes);
    const out = path.join(work, 'out');

    await runMain(['clean', '--out', out, input], { home });
    const tags = await readAllTags(path.join(out, 'a.jpg'));

    expect(tags['EXIF:GPS:GPSLatitude']).toBeUndefined();
    expect(listIdentifyingTags(tags)).toEqual([]);
    expect(tags['EXIF:IFD0:Orientation']).toBe(6);
  });

  it('reports the copy in the JSON envelope', async () => {
    const { home, work } = await createWorkspace();
    const input = path.join(work, 'a.jpg');
    await writeFile(input, dirtyJpegBytes);
    const out = path.join(work, 'out');

    const run = await runMain(['clean', '--json', '--out', out, input], { home });
    const [entry, ...rest] = parseCleanJson(run.stdout);

    expect(rest).toEqual([]);
    expect(entry?.input).toBe(input);
    expect(entry?.output).toBe(path.join(out, 'a.jpg'));
    expect(entry?.original).toBeNull();
    expect(entry?.status).toBe('cleaned');
    expect(entry?.removed).toContain('gps');
    expect(entry?.removed).toContain('camera-serial');
    expect(entry?.kept).toContain('orientation');
    expect(entry?.code).toBeNull();
    expect(entry?.reason).toBeNull();
    expect(run.stderr).toBe('');
  });

  it('creates a missing --out folder', async () => {
    const { home, work } = await createWorkspace();
    await writeFile(path.join(work, 'a.jpg'), dirtyJpegBytes);
    const out = path.join(work, 'new', 'nested', 'out');

    const run = await runMain(['clean', '--out', out, path.join(work, 'a.jpg')], { home });

    expect(run.exitCode).toBe(0);
    expect(existsSync(path.join(out, 'a.jpg'))).toBe(true);
  });

  it('rejects an --out that is a file', async () => {
    const { home, work } = await createWorkspace();
    await writeFile(path.join(work, 'a.jpg'), dirtyJpegBytes);
    await writeFile(path.join(work, 'not-a-dir'), 'x');

    const run = await runMain(
      ['clean', '--out', path.join(work, 'not-a-dir'), path.join(work, 'a.jpg')],
      { home },
    );

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('not-a-dir');
  });

  it('keeps a walked folder name under DIR', async () => {
    const { home, work } = await createWorkspace();
    await mkdir(path.join(work, 'photos', '2024'), { recursive: true });
    await writeFile(path.join(work, 'photos', 'a.jpg'), dirtyJpegBytes);
    await writeFile(path.join(work, 'photos', '2024', 'b.jpg'), dirtyJpegBytes);
    await writeFile(path.join(work, 'photos', '._a.jpg'), dirtyJpegBytes);
    await writeFile(path.join(work, 'photos', '.DS_Store'), 'x');
    const out = path.join(work, 'out');

    const run = await runMain(['clean', '--json', '--out', out, path.join(work, 'photos')], {
      home,
    });
    const entries = parseCleanJson(run.stdout);

    expect(run.exitCode).toBe(0);
    expect(entries.map((entry) => entry.output)).toEqual([
      path.join(out, 'photos', '2024', 'b.jpg'),
      path.join(out, 'photos', 'a.jpg'),
    ]);
    expect(existsSync(path.join(out, 'photos', '._a.jpg'))).toBe(false);
  });

  it('does not walk into its own --out folder', async () => {
    const { home, work } = await createWorkspace();
    await mkdir(path.join(work, 'photos', 'out'), { recursive: true });
    await writeFile(path.join(work, 'photos', 'a.jpg'), dirtyJpegBytes);
    await writeFile(path.join(work, 'photos', 'out', 'old.jpg'), dirtyJpegBytes);
    const out = path.join(work, 'photos', 'out');

    const run = await runMain(['clean', '--json', '--out', out, path.join(work, 'photos')], {
      home,
    });

    expect(parseCleanJson(run.stdout).map((entry) => entry.input)).toEqual([
      path.join(work, 'photos', 'a.jpg'),
    ]);
  });

  it('numbers colliding names case-folded and NFC-normalised', async () => {
    const { home, work } = await createWorkspace();
    for (const dir of ['one', 'two', 'three', 'four']) {
      await mkdir(path.join(work, dir));
    }
    await writeFile(path.join(work, 'one', 'photo.jpg'), dirtyJpegBytes);
    await writeFile(path.join(work, 'two', 'PHOTO.jpg'), dirtyJpegBytes);
    await writeFile(path.join(work, 'three', 'caf\u00e9.jpg'), dirtyJpegBytes);
    await writeFile(path.join(work, 'four', 'cafe\u0301.jpg'), dirtyJpegBytes);
    const out = path.join(work, 'out');
    await mkdir(out);
    await writeFile(path.join(out, 'Photo.JPG'), 'already there');
    const inputs = [
      path.join(work, 'one', 'photo.jpg'),
      path.join(work, 'two', 'PHOTO.jpg'),
      path.join(work, 'three', 'caf\u00e9.jpg'),
      path.join(work, 'four', 'cafe\u0301.jpg'),
    ];

    const run = await runMain(['clean', '--json', '--out', out, ...inputs], { home });
    const outputs = parseCleanJson(run.stdout).map((entry) => path.basename(entry.output ?? ''));

    expect(outputs).toEqual([
      'photo (2).jpg',
      'PHOTO (3).jpg',
      'caf\u00e9.jpg',
      'cafe\u0301 (2).jpg',
    ]);
    expect(await readFile(path.join(out, 'Photo.JPG'), 'utf8')).toBe('already there');
  });

  it('cleans awkward file names', async () => {
    const { home, work } = await createWorkspace();
    const names = ['-dash.jpg', 'with space.jpg', 'it\'s "quoted".jpg', 'e\u0301te\u0301.jpg'];
    for (const name of names) {
      await writeFile(path.join(work, name), dirtyJpegBytes);
    }
    const out = path.join(work, 'out');

    const run = await runMain(
      ['clean', '--json', '--out', out, '--', ...names.map((name) => path.join(work, name))],
      { home },
    );
    const entries = parseCleanJson(run.stdout);

    expect(run.exitCode).toBe(0);
    expect(entries.map((entry) => path.basename(entry.output ?? ''))).toEqual(names);
    expect(entries.every((entry) => entry.status === 'cleaned')).toBe(true);
  });

  it('cleans a hard-linked file into a copy', async () => {
    const { home, work } = await createWorkspace();
    await writeFile(path.join(work, 'a.jpg'), dirtyJpegBytes);
    await link(path.join(work, 'a.jpg'), path.join(work, 'b.jpg'));

    const run = await runMain(
      ['clean', '--json', '--out', path.join(work, 'out'), path.join(work, 'a.jpg')],
      { home },
    );

    expect(parseCleanJson(run.stdout)[0]?.status).toBe('cleaned');
  });

  it('drops orientation with --keep-orientation=false', async () => {
    const { home, work } = await createWorkspace();
    await writeFile(path.join(work, 'a.jpg'), dirtyJpegBytes);
    const out = path.join(work, 'out');

    const run = await runMain(
      ['clean', '--json', '--keep-orientation=false', '--out', out, path.join(work, 'a.jpg')],
      { home },
    );
    const tags = await readAllTags(path.join(out, 'a.jpg'));

    expect(parseCleanJson(run.stdout)[0]?.removed).toContain('orientation');
    expect(tags['EXIF:IFD0:Orientation']).toBeUndefined();
  });

  it('rotates the pixels with --bake-orientation', async () => {
    const { home, work } = await createWorkspace();
    await writeFile(path.join(work, 'a.jpg'), dirtyJpegBytes);
    const out = path.join(work, 'out');

    const run = await runMain(
      ['clean', '--bake-orientation', '--out', out, path.join(work, 'a.jpg')],
      { home },
    );
    const metadata = await sharp(path.join(out, 'a.jpg')).metadata();

    expect(run.exitCode).toBe(0);
    // Orientation 6 turns the 24x16 fixture upright as 16x24.
    expect([metadata.width, metadata.height]).toEqual([16, 24]);
    expect(metadata.orientation ?? 1).toBe(1);
  });

  it('applies the top-level keep of the config file', async () => {
    const { home, work } = await createWorkspace();
    await writeConfig(home, { version: 1, folders: [], keep: { orientation: false } });
    await writeFile(path.join(work, 'a.jpg'), dirtyJpegBytes);

    const run = await runMain(
      ['clean', '--json', '--out', path.join(work, 'out'), path.join(work, 'a.jpg')],
      { home },
    );
    const overridden = await runMain(
      [
        'clean',
        '--json',
        '--keep-orientation',
        '--out',
        path.join(work, 'out2'),
        path.join(work, 'a.jpg'),
      ],
      { home },
    );

    expect(parseCleanJson(run.stdout)[0]?.removed).toContain('orientation');
    expect(parseCleanJson(overridden.stdout)[0]?.kept).toContain('orientation');
  });
});

describe.skipIf(!hasExifTool)('metaclear clean in place', () => {
  let dirtyJpegBytes: Buffer;

  beforeAll(async () => {
    const dir = await createTempDir('metaclear-fixture-');
    await createDirtyJpeg(path.join(dir, 'dirty.jpg'));
    dirtyJpegBytes = await readFile(path.join(dir, 'dirty.jpg'));
  });

  it('moves the original to the vault', async () => {
    const { home, work } = await createWorkspace();
    const input = path.join(work, 'a.jpg');
    await writeFile(input, dirtyJpegBytes);

    const run = await runMain(['clean', '--json', input], { home });
    const [entry] = parseCleanJson(run.stdout);

    expect(run.exitCode).toBe(0);
    expect(entry?.status).toBe('cleaned');
    expect(entry?.output).toBe(input);
    expect(entry?.original?.startsWith(path.join(home, 'Originals') + path.sep)).toBe(true);
    expect(path.basename(entry?.original ?? '')).toBe('a.jpg');
    expect((await readFile(entry?.original ?? '')).equals(dirtyJpegBytes)).toBe(true);
    expect(listIdentifyingTags(await readAllTags(input))).toEqual([]);
  });

  it('creates no config file', async () => {
    const { home, work } = await createWorkspace();
    await writeFile(path.join(work, 'a.jpg'), dirtyJpegBytes);

    await runMain(['clean', path.join(work, 'a.jpg')], { home });

    expect(existsSync(path.join(home, 'config', 'config.json'))).toBe(false);
  });

  it('files a watched folder original under its folder name', async () => {
    const { home, work } = await createWorkspace();
    const shots = path.join(work, 'Shots');
    const vault = path.join(work, 'Vault');
    await mkdir(path.join(shots, 'May'), { recursive: true });
    await writeConfig(home, {
      version: 1,
      folders: [{ path: shots, mode: 'in-place' }],
      originals: { vault },
    });
    await writeFile(path.join(shots, 'May', 'a.jpg'), dirtyJpegBytes);

    const run = await runMain(['clean', '--json', path.join(shots, 'May', 'a.jpg')], { home });
    const original = parseCleanJson(run.stdout)[0]?.original ?? '';

    expect(original.startsWith(vault + path.sep)).toBe(true);
    expect(original.endsWith(path.join('Shots', 'May', 'a.jpg'))).toBe(true);
  });

  it('prints a human line per file', async () => {
    const { home, work } = await createWorkspace();
    await writeFile(path.join(work, 'a.jpg'), dirtyJpegBytes);
    await createCleanJpeg(path.join(work, 'b.jpg'));

    const run = await runMain(['clean', path.join(work, 'a.jpg'), path.join(work, 'b.jpg')], {
      home,
    });
    const lines = run.stdout.toString('utf8').trimEnd().split('\n');

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^cleaned +.*a\.jpg: removed GPS location, .*original moved to /);
    expect(lines[1]).toMatch(/^already clean +.*b\.jpg$/);
    expect(run.stderr).toBe('2 files: 1 cleaned, 1 already clean\n');
  });

  it('skips links, ignored names and hard links', async () => {
    const { home, work } = await createWorkspace();
    await writeFile(path.join(work, 'a.jpg'), dirtyJpegBytes);
    await symlink(path.join(work, 'a.jpg'), path.join(work, 'link.jpg'));
    await writeFile(path.join(work, '.hidden.jpg'), dirtyJpegBytes);
    await writeFile(path.join(work, 'b.jpg'), dirtyJpegBytes);
    await link(path.join(work, 'b.jpg'), path.join(work, 'b-link.jpg'));
    const inputs = ['link.jpg', '.hidden.jpg', 'b.jpg'].map((name) => path.join(work, name));

    const run = await runMain(['clean', '--json', ...inputs], { home });
    const entries = parseCleanJson(run.stdout);

    expect(run.exitCode).toBe(1);
    expect(entries.map((entry) => entry.status)).toEqual(['skipped', 'skipped', 'skipped']);
    for (const entry of entries) {
      expect(entry.output).toBeNull();
      expect(entry.original).toBeNull();
      expect(entry.reason).toEqual(expect.any(String));
    }
    expect((await readFile(path.join(work, 'a.jpg'))).equals(dirtyJpegBytes)).toBe(true);
    expect((await readFile(path.join(work, 'b.jpg'))).equals(dirtyJpegBytes)).toBe(true);
  });

  it('reports every status in the JSON envelope', async () => {
    const { home, work } = await createWorkspace();
    await writeFile(path.join(work, 'dirty.jpg'), dirtyJpegBytes);
    await createCleanJpeg(path.join(work, 'clean.jpg'));
    await writeFile(path.join(work, 'doc.pdf'), '%PDF-1.7\n%%EOF\n');
    await writeFile(path.join(work, 'cut.jpg'), dirtyJpegBytes.subarray(0, 300));
    await symlink(path.join(work, 'dirty.jpg'), path.join(work, 'link.jpg'));
    const names = ['dirty.jpg', 'clean.jpg', 'doc.pdf', 'cut.jpg', 'link.jpg', 'missing.jpg'];

    const run = await runMain(['clean', '--json', ...names.map((n) => path.join(work, n))], {
      home,
    });
    const entries = parseCleanJson(run.stdout);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('');
    expect(entries.map((entry) => entry.status)).toEqual([
      'cleaned',
      'already-clean',
      'unsupported',
      'failed',
      'skipped',
      'failed',
    ]);
    expect(entries[1]).toMatchObject({ output: path.join(work, 'clean.jpg'), original: null });
    expect(entries[2]?.code).toBe('E_UNSUPPORTED_FORMAT');
    expect(entries[3]?.code).toEqual(expect.any(String));
    expect(entries[5]?.code).toBe('E_NOT_FOUND');
    for (const entry of entries.slice(2)) {
      expect(entry).toMatchObject({ output: null, original: null, removed: [], kept: [] });
      expect(entry.reason).toEqual(expect.any(String));
    }
  });

  it('walks a folder in place', async () => {
    const { home, work } = await createWorkspace();
    await mkdir(path.join(work, 'photos', 'sub'), { recursive: true });
    await writeFile(path.join(work, 'photos', 'a.jpg'), dirtyJpegBytes);
    await createDirtyPng(path.join(work, 'photos', 'sub', 'b.png'));

    const run = await runMain(['clean', '--json', path.join(work, 'photos')], { home });
    const entries = parseCleanJson(run.stdout);

    expect(run.exitCode).toBe(0);
    expect(entries.map((entry) => entry.status)).toEqual(['cleaned', 'cleaned']);
    expect(
      listIdentifyingTags(await readAllTags(path.join(work, 'photos', 'sub', 'b.png'))),
    ).toEqual([]);
  });

  it('exits 78 for an invalid config and names the key', async () => {
    const { home, work } = await createWorkspace();
    await writeConfig(home, { version: 1, folders: [], keep: { orientation: 'sideways' } });
    await writeFile(path.join(work, 'a.jpg'), dirtyJpegBytes);

    const run = await runMain(['clean', '--json', path.join(work, 'a.jpg')], { home });

    expect(run.exitCode).toBe(78);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toContain('keep.orientation');
    expect((await readFile(path.join(work, 'a.jpg'))).equals(dirtyJpegBytes)).toBe(true);
  });
});
