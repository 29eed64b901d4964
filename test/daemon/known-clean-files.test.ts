import { lstat, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSignature } from '../../src/daemon/file-signature.js';
import { getExistingFileKey } from '../../src/daemon/folder-records.js';
import { KnownFileSet, toFileStatsLike } from '../../src/daemon/known-clean-files.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import {
  closeHistories,
  openTempHistory,
  reopenHistory,
} from '../commit/history/history-fixture.js';

afterEach(removeTempDirs);

async function writeSignedFile(filePath: string, text: string) {
  await writeFile(filePath, text);
  const signature = await readFileSignature(filePath);
  if (signature === null) {
    throw new Error(`no signature for ${filePath}`);
  }
  return signature;
}

describe('toFileStatsLike', () => {
  it('matches the stats Node reports for the same file', async () => {
    const dir = await createTempDir();
    const filePath = path.join(dir, 'a.jpg');
    await writeFile(filePath, 'abc');
    // A time with a nanosecond part that a double in milliseconds cannot hold exactly.
    await utimes(filePath, 1_700_000_000.123456, 1_700_000_000.987654);

    const signature = await readFileSignature(filePath);
    const stats = await lstat(filePath);

    expect(signature).not.toBeNull();
    expect(signature === null ? null : toFileStatsLike(signature)).toEqual({
      ino: stats.ino,
      size: stats.size,
      mtimeMs: stats.mtimeMs,
    });
  });

  it('converts times before 1970', () => {
    const stats = toFileStatsLike({ ino: '7', size: 1, mtimeNs: '-1500000000', ctimeNs: '0' });

    expect(stats.mtimeMs).toBe(-1500);
  });
});

describe('KnownFileSet', () => {
  it('knows a recorded file under any name until it changes', async () => {
    const dir = await createTempDir();
    const before = path.join(dir, 'Shot.png');
    const after = path.join(dir, 'shot.png');
    const known = new KnownFileSet();
    known.add(await writeSignedFile(before, 'pixels'));

    await rename(before, after);
    const renamed = await lstat(after);
    await writeFile(after, 'pixels and more');
    const written = await lstat(after);

    expect(known.has(after, renamed)).toBe(true);
    expect(known.has(after, written)).toBe(false);
  });

  it('knows files from existing-file keys', async () => {
    const dir = await createTempDir();
    const filePath = path.join(dir, 'old.jpg');
    const signature = await writeSignedFile(filePath, 'old');
    const known = new KnownFileSet();

    known.addExistingFileKey(getExistingFileKey(signature));

    expect(known.has(filePath, await lstat(filePath))).toBe(true);
  });

  it('matches lstat for a stored nanosecond time', async () => {
    const dir = await createTempDir();
    const filePath = path.join(dir, 'a.jpg');
    const known = new KnownFileSet();
    await writeFile(filePath, 'abc');
    // A time with a nanosecond part that a double in milliseconds cannot hold exactly.
    await utimes(filePath, 1_700_000_000.123456, 1_700_000_000.987654);
    const signature = await readFileSignature(filePath);

    known.addVersion({
      ino: signature?.ino ?? '0',
      size: signature?.size ?? 0,
      mtimeNs: signature?.mtimeNs ?? '0',
    });

    expect(known.has(filePath, await lstat(filePath))).toBe(true);
  });

  it('matches a stored time before 1970', () => {
    const known = new KnownFileSet();

    known.addVersion({ ino: '7', size: 1, mtimeNs: '-1500000000' });

    expect(known.has('/x', { ino: 7, size: 1, mtimeMs: -1500 })).toBe(true);
  });

  it('knows several versions of one inode', () => {
    const known = new KnownFileSet();

    known.addVersion({ ino: '7', size: 1, mtimeNs: '1700000000000000000' });
    known.addVersion({ ino: '7', size: 2, mtimeNs: '1700000001000000000' });

    expect(known.has('/x', { ino: 7, size: 1, mtimeMs: 1_700_000_000_000 })).toBe(true);
    expect(known.has('/x', { ino: 7, size: 2, mtimeMs: 1_700_000_001_000 })).toBe(true);
    expect(known.has('/x', { ino: 7, size: 1, mtimeMs: 1_700_000_001_000 })).toBe(false);
    expect(known.has('/x', { ino: 8, size: 1, mtimeMs: 1_700_000_000_000 })).toBe(false);
  });

  it('ignores a malformed existing-file key', () => {
    const known = new KnownFileSet();

    known.addExistingFileKey('not-a-key');

    expect(known.has('/x', { ino: 0, size: 0, mtimeMs: 0 })).toBe(false);
  });
});

describe('KnownFileSet with a history', () => {
  afterEach(closeHistories);

  it('finds files an earlier run recorded', async () => {
    const { history, stateDir } = await openTempHistory();
    const dir = await createTempDir();
    const filePath = path.join(dir, 'shot.png');
    const signature = await writeSignedFile(filePath, 'shot');
    const earlierRun = new KnownFileSet();
    earlierRun.persistTo(history.knownFiles);
    earlierRun.record(filePath, signature);

    const nextRun = new KnownFileSet();
    nextRun.persistTo(reopenHistory(stateDir).knownFiles);

    expect(nextRun.has(filePath, await lstat(filePath))).toBe(true);
  });

  it('keeps one version per path', async () => {
    const { history } = await openTempHistory();
    const dir = await createTempDir();
    const filePath = path.join(dir, 'shot.png');
    const known = new KnownFileSet();
    known.persistTo(history.knownFiles);

    known.record(filePath, await writeSignedFile(filePath, 'first'));
    known.record(filePath, await writeSignedFile(filePath, 'second, longer'));

    expect(history.knownFiles.list()).toHaveLength(1);
    expect(history.knownFiles.list()[0]?.size).toBe('second, longer'.length);
  });

  it('forgets loaded files no lookup matched', async () => {
    const { history, stateDir } = await openTempHistory();
    const dir = await createTempDir();
    const [kept, recordedAgain, gone] = ['kept.png', 'again.png', 'gone.png'].map((name) =>
      path.join(dir, name),
    ) as [string, string, string];
    const earlierRun = new KnownFileSet();
    earlierRun.persistTo(history.knownFiles);
    for (const filePath of [kept, recordedAgain, gone]) {
      earlierRun.record(filePath, await writeSignedFile(filePath, filePath));
    }
    const goneStats = await lstat(gone);
    const nextRun = new KnownFileSet();
    nextRun.persistTo(reopenHistory(stateDir).knownFiles);

    nextRun.has(kept, await lstat(kept));
    nextRun.record(recordedAgain, await writeSignedFile(recordedAgain, 'changed'));
    const forgotten = nextRun.pruneUnmatched();

    expect(forgotten).toBe(1);
    expect(nextRun.has(gone, goneStats)).toBe(false);
    expect(nextRun.has(kept, await lstat(kept))).toBe(true);
    expect(reopenHistory(stateDir).knownFiles.list()).toHaveLength(2);
    expect(nextRun.pruneUnmatched()).toBe(0);
  });

  it('keeps add() out of the history', async () => {
    const { history } = await openTempHistory();
    const dir = await createTempDir();
    const known = new KnownFileSet();
    known.persistTo(history.knownFiles);

    known.add(await writeSignedFile(path.join(dir, 'moved.png'), 'moved'));

    expect(history.knownFiles.list()).toEqual([]);
  });
});
