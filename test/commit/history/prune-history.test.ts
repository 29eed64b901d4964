import Database from 'better-sqlite3';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryStore } from '../../../src/commit/history/history-store.js';
import type { CleanFileReport } from '../../../src/shared/report.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { closeHistories, createIntent, openTempHistory } from './history-fixture.js';

afterEach(async () => {
  closeHistories();
  await removeTempDirs();
});

const OLD = new Date('2024-01-10T10:00:00.000Z');
const NEW = new Date('2024-03-10T10:00:00.000Z');
const CUTOFF = new Date('2024-02-01T00:00:00.000Z');

function createReport(input: string): CleanFileReport {
  return {
    input,
    output: input,
    original: null,
    status: 'cleaned',
    removed: ['gps'],
    kept: [],
    code: null,
    reason: null,
  };
}

/** Records a finished job without a vault copy, such as one from an output folder. */
function recordFinishedJob(history: HistoryStore, id: string, at: Date): void {
  const input = `/home/ada/Inbox/${id}.jpg`;
  history.jobs.recordFinished({
    id,
    folder: '/home/ada/Inbox',
    input,
    at,
    status: 'committed',
    report: createReport(input),
    durationMs: 5,
  });
}

/** Records a committed job whose original went to the vault. */
async function recordVaultedJob(history: HistoryStore, id: string, at: Date): Promise<string> {
  const vaultPath = `/home/ada/Originals/2024-01-10/Shots/${id}.png`;
  const intent = createIntent({ input: `/home/ada/Shots/${id}.png`, vaultPath });
  await history.jobs.recordIntent(id, intent, { folder: '/home/ada/Shots', at });
  history.jobs.recordCommitted(
    id,
    { output: intent.output, original: vaultPath, outputIdentity: null },
    at,
  );
  return vaultPath;
}

describe('HistoryStore.forget', () => {
  it('deletes finished jobs before the cutoff', async () => {
    const { history } = await openTempHistory();
    recordFinishedJob(history, 'JOB-OLD', OLD);
    recordFinishedJob(history, 'JOB-NEW', NEW);

    const result = history.forget(CUTOFF);

    expect(result.jobs).toBe(1);
    expect(history.jobs.get('JOB-OLD')).toBeNull();
    expect(history.jobs.get('JOB-NEW')).not.toBeNull();
  });

  it('keeps unfinished jobs', async () => {
    const { history } = await openTempHistory();
    history.jobs.recordQueued({ id: 'JOB-QUEUED', folder: null, input: '/a.jpg', at: OLD });
    await history.jobs.recordIntent('JOB-INTENT', createIntent(), { folder: null, at: OLD });

    history.forget(CUTOFF);

    expect(history.jobs.get('JOB-QUEUED')?.status).toBe('queued');
    expect(history.jobs.get('JOB-INTENT')?.commitState).toBe('intent');
  });

  it('keeps jobs of originals in the vault', async () => {
    const { history } = await openTempHistory();
    const vaultPath = await recordVaultedJob(history, 'JOB-VAULT', OLD);

    const result = history.forget(CUTOFF);

    expect(result.jobs).toBe(0);
    expect(history.jobs.get('JOB-VAULT')).not.toBeNull();
    expect(history.vault.get(vaultPath)).not.toBeNull();
  });

  it('deletes originals that left the vault', async () => {
    const { history } = await openTempHistory();
    const vaultPath = await recordVaultedJob(history, 'JOB-PRUNED', OLD);
    history.vault.markRemoved(vaultPath, 'pruned', OLD);

    const result = history.forget(CUTOFF);

    expect(result.vaultEntries).toBe(1);
    expect(result.jobs).toBe(1);
    expect(history.vault.get(vaultPath)).toBeNull();
    expect(history.jobs.get('JOB-PRUNED')).toBeNull();
  });

  it('deletes old attention entries', async () => {
    const { history } = await openTempHistory();
    const entry = { jobId: null, code: 'E_CORRUPT', reason: 'truncated' };
    history.attention.report({ ...entry, sha256: 'a'.repeat(64), path: '/old.jpg', at: OLD });
    history.attention.report({ ...entry, sha256: 'b'.repeat(64), path: '/new.jpg', at: NEW });

    const result = history.forget(CUTOFF);

    expect(result.attentionEntries).toBe(1);
    expect(history.attention.listOpen().map((open) => open.path)).toEqual(['/new.jpg']);
  });

  it('leaves no deleted path on disk', async () => {
    const { history, stateDir } = await openTempHistory();
    recordFinishedJob(history, 'JOB-SECRET-NAME', OLD);
    const dbPath = path.join(stateDir, 'history.db');

    history.forget(CUTOFF);
    history.close();

    const bytes = await readFile(dbPath);
    expect(bytes.includes('JOB-SECRET-NAME')).toBe(false);
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
