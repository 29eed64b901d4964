import { appendFile, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanBytes } from '../../src/commit/clean-bytes.js';
import { resolveCommitContext } from '../../src/commit/commit-context.js';
import type { CommitIntent, CommitJournal } from '../../src/commit/commit-journal.js';
import { planCommit, type CommitRequest } from '../../src/commit/plan-commit.js';
import { runCommit } from '../../src/commit/run-commit.js';
import { readSourceFile } from '../../src/commit/source-file.js';
import { getVaultPath } from '../../src/commit/vault-path.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { closeExifTool, listIdentifyingTags, readAllTags } from '../helpers/exiftool.js';
import { createDirtyJpeg } from '../helpers/image-fixtures.js';
import { createOtherDeviceDir, removeOtherDeviceDirs } from '../helpers/other-device-dir.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(async () => {
  await removeTempDirs();
  await removeOtherDeviceDirs();
});
afterAll(closeExifTool);

const NOW = new Date(2024, 5, 15, 12);

/** Creates a journal that keeps its records in memory, in order. */
function createRecordingJournal(): CommitJournal & { readonly records: string[] } {
  const records: string[] = [];
  return {
    records,
    recordIntent: (intent: CommitIntent) => {
      records.push(`intent ${intent.kind}`);
      return Promise.resolve();
    },
    recordPaths: (paths) => {
      records.push(`paths ${paths.vaultPath ?? paths.output ?? ''}`);
      return Promise.resolve();
    },
    recordCommitted: () => {
      records.push('committed');
    },
    recordRolledBack: (rollBack) => {
      records.push(`rolled back ${rollBack.code}`);
    },
  };
}

/** Reads and cleans a dirty JPEG in `Desktop/`, stopping where the commit would begin. */
async function prepare(options: { vaultRoot?: string; kind?: CommitRequest['kind'] } = {}) {
  const root = await createTempDir();
  const dir = path.join(root, 'Desktop');
  await mkdir(dir);
  const input = path.join(dir, 'shot.jpg');
  await createDirtyJpeg(input);
  const source = await readSourceFile(input, 10_000_000);
  const cleaned = (await cleanBytes(source.bytes, DEFAULT_KEEP_POLICY)).bytes;
  const vaultDir = path.join(options.vaultRoot ?? root, 'Originals');
  const kind = options.kind ?? 'replace';
  const request: CommitRequest = {
    kind,
    source,
    bytes: cleaned,
    output: kind === 'replace' ? input : path.join(root, 'Cleaned', 'shot.jpg'),
    originals: { action: 'vault', vaultDir, vaultRelativePath: 'Desktop/shot.jpg' },
    keepFileDates: false,
    now: NOW,
  };
  return { root, dir, input, source, cleaned, vaultDir, request };
}

async function commit(request: CommitRequest, journal: CommitJournal = createRecordingJournal()) {
  const context = resolveCommitContext({ journal });
  return runCommit(await planCommit(request, context.fs), request, context);
}

async function listVault(vaultDir: string): Promise<string[]> {
  const entries = await readdir(vaultDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('runCommit', () => {
  it('stores the original before replacing the input', async () => {
    const { request, source, input, cleaned } = await prepare();
    const journal = createRecordingJournal();

    const { original } = await commit(request, journal);

    expect(await readFile(original ?? '')).toEqual(Buffer.from(source.bytes));
    expect(await readFile(input)).toEqual(Buffer.from(cleaned));
    expect(listIdentifyingTags(await readAllTags(input))).toEqual([]);
    expect(journal.records).toEqual(['intent replace', 'committed']);
  });

  it('links the original into the vault on the same device', async () => {
    const { request, source } = await prepare();

    const { original } = await commit(request);

    const stats = await stat(original ?? '', { bigint: true });
    expect(stats.ino).toBe(source.stats.ino);
    expect(stats.mtimeNs).toBe(source.stats.mtimeNs);
  });

  it('copies and verifies the original across devices', async (context) => {
    const otherDevice = await createOtherDeviceDir();
    if (otherDevice === null) {
      context.skip('no second device is writable here');
      return;
    }
    const { request, source, vaultDir } = await prepare({ vaultRoot: otherDevice });

    const { original } = await commit(request);

    expect(await readFile(original ?? '')).toEqual(Buffer.from(source.bytes));
    const stats = await stat(original ?? '', { bigint: true });
    expect(stats.dev).not.toBe(source.stats.dev);
    // utimes() takes seconds as a double, which keeps the time to well within a microsecond.
    const driftNs = stats.mtimeNs - source.stats.mtimeNs;
    expect(driftNs < 0n ? -driftNs : driftNs).toBeLessThan(1000n);
    expect(await listVault(vaultDir)).toEqual(['shot.jpg']);
  });

  it('numbers a taken vault name and journals it first', async () => {
    const { request, vaultDir } = await prepare();
    const journal = createRecordingJournal();
    const plan = await planCommit(request, resolveCommitContext({}).fs);
    // The name is taken after the plan chose it, as by a second job on the same day.
    const earlier = getVaultPath(vaultDir, 'Desktop/shot.jpg', NOW);
    await mkdir(path.dirname(earlier), { recursive: true });
    await writeFile(earlier, 'an earlier original');

    const { original } = await runCommit(plan, request, resolveCommitContext({ journal }));

    expect(path.basename(original ?? '')).toBe('shot (2).jpg');
    expect(await readFile(earlier, 'utf8')).toBe('an earlier original');
    expect(journal.records).toEqual(['intent replace', `paths ${original ?? ''}`, 'committed']);
  });

  it.each(['vault', 'delete'] as const)(
    'commits nothing when the input changed after the read, action %s',
    async (action) => {
      const { request, input, dir, vaultDir } = await prepare();
      await appendFile(input, 'a late write');
      const changedBytes = await readFile(input);
      const journal = createRecordingJournal();

      await expect(
        commit({ ...request, originals: { ...request.originals, action } }, journal),
      ).rejects.toMatchObject({ code: 'E_SOURCE_CHANGED' });

      expect(await readFile(input)).toEqual(changedBytes);
      expect(await readdir(dir)).toEqual(['shot.jpg']);
      expect(await listVault(vaultDir)).toEqual([]);
      expect(journal.records.at(-1)).toBe('rolled back E_SOURCE_CHANGED');
    },
  );

  it('commits nothing when another file replaced the input', async () => {
    const { request, input, dir, vaultDir, source } = await prepare();
    const replacement = path.join(dir, 'new.jpg');
    await writeFile(replacement, source.bytes);
    await rename(replacement, input);

    await expect(commit(request)).rejects.toMatchObject({ code: 'E_SOURCE_CHANGED' });

    expect(await readFile(input)).toEqual(Buffer.from(source.bytes));
    expect(await readdir(dir)).toEqual(['shot.jpg']);
    expect(await listVault(vaultDir)).toEqual([]);
  });

  it('publishes to an output folder and moves the input to the vault', async () => {
    const { request, input, cleaned, source } = await prepare({ kind: 'publish' });

    const { output, original } = await commit(request);

    expect(await readFile(output)).toEqual(Buffer.from(cleaned));
    expect(await readFile(original ?? '')).toEqual(Buffer.from(source.bytes));
    await expect(stat(input)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('moves a file that needs no cleaning as it is', async () => {
    const { request, input, source } = await prepare({ kind: 'move' });

    const { output, original } = await commit({ ...request, bytes: source.bytes });

    expect(original).toBeNull();
    expect(await readFile(output)).toEqual(Buffer.from(source.bytes));
    await expect(stat(input)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
