import { afterEach, describe, expect, it } from 'vitest';
import type { CleanFileReport } from '../../../src/shared/report.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { closeHistories, createIntent, openTempHistory, reopenHistory } from './history-fixture.js';

afterEach(async () => {
  closeHistories();
  await removeTempDirs();
});

const AT = new Date('2024-06-15T10:00:00.000Z');
const JOB = {
  id: '01J0000000000000000000JOB1',
  folder: '/home/ada/Shots',
  input: '/home/ada/Shots/shot.png',
  at: AT,
};

function createReport(overrides: Partial<CleanFileReport> = {}): CleanFileReport {
  return {
    input: JOB.input,
    output: JOB.input,
    original: '/home/ada/Originals/2024-06-15/Shots/shot.png',
    status: 'cleaned',
    removed: ['gps', 'datetime'],
    kept: ['orientation'],
    code: null,
    reason: null,
    ...overrides,
  };
}

describe('JobStore', () => {
  it('records a job from queue to end', async () => {
    const { history } = await openTempHistory();

    history.jobs.recordQueued(JOB);
    const queued = history.jobs.get(JOB.id);
    history.jobs.recordStarted(JOB);
    const running = history.jobs.get(JOB.id);
    history.jobs.recordFinished({
      ...JOB,
      status: 'committed',
      report: createReport(),
      durationMs: 42,
    });
    const finished = history.jobs.get(JOB.id);

    expect(queued?.status).toBe('queued');
    expect(running?.status).toBe('running');
    expect(running?.owner?.pid).toBe(process.pid);
    expect(finished).toMatchObject({
      status: 'committed',
      result: 'cleaned',
      removed: ['gps', 'datetime'],
      kept: ['orientation'],
      durationMs: 42,
      folder: JOB.folder,
    });
  });

  it('stores the intent a recovery needs', async () => {
    const { history, stateDir } = await openTempHistory();
    const intent = createIntent();

    await history.jobs.recordIntent(JOB.id, intent, { folder: JOB.folder, at: AT });
    const job = reopenHistory(stateDir).jobs.get(JOB.id);

    expect(job?.commitState).toBe('intent');
    expect(job?.status).toBe('running');
    expect(job?.intent).toEqual(intent);
  });

  it('moves the intent to a new vault path and output', async () => {
    const { history } = await openTempHistory();
    await history.jobs.recordIntent(
      JOB.id,
      createIntent({ kind: 'publish', output: '/out/a.png' }),
      {
        folder: null,
        at: AT,
      },
    );

    await history.jobs.recordPaths(JOB.id, { vaultPath: '/v/a (2).png' });
    await history.jobs.recordPaths(JOB.id, { output: '/out/a (2).png' });
    const intent = history.jobs.get(JOB.id)?.intent;

    expect(intent?.vaultPath).toBe('/v/a (2).png');
    expect(intent?.output).toBe('/out/a (2).png');
  });

  it('indexes the original of a committed job', async () => {
    const { history } = await openTempHistory();
    const intent = createIntent();
    await history.jobs.recordIntent(JOB.id, intent, { folder: JOB.folder, at: AT });
    const outputIdentity = { dev: '1', ino: '9', size: 100, mtimeNs: '5' };

    history.jobs.recordCommitted(
      JOB.id,
      { output: intent.output, original: intent.vaultPath, outputIdentity },
      AT,
    );
    const job = history.jobs.get(JOB.id);
    const entry = history.vault.get(intent.vaultPath ?? '');

    expect(job).toMatchObject({ status: 'committed', commitState: 'done', result: 'cleaned' });
    expect(job?.outputIdentity).toEqual(outputIdentity);
    expect(entry).toMatchObject({
      jobId: JOB.id,
      originalPath: intent.input,
      outputPath: intent.output,
      sha256: intent.inputSha256,
      removedAt: null,
    });
  });

  it('records a rollback that kept the only copy', async () => {
    const { history } = await openTempHistory();
    const intent = createIntent();
    await history.jobs.recordIntent(JOB.id, intent, { folder: JOB.folder, at: AT });

    history.jobs.recordRolledBack(
      JOB.id,
      { code: 'E_SOURCE_CHANGED', reason: 'changed', original: intent.vaultPath },
      AT,
    );
    const job = history.jobs.get(JOB.id);

    expect(job).toMatchObject({
      status: 'failed',
      commitState: 'rolled-back',
      code: 'E_SOURCE_CHANGED',
    });
    expect(job?.output).toBeNull();
    expect(history.vault.get(intent.vaultPath ?? '')?.outputPath).toBeNull();
  });

  it('keeps the commit paths when a failure is reported', async () => {
    const { history } = await openTempHistory();
    const intent = createIntent();
    await history.jobs.recordIntent(JOB.id, intent, { folder: JOB.folder, at: AT });
    history.jobs.recordRolledBack(
      JOB.id,
      { code: 'E_SOURCE_CHANGED', reason: 'changed', original: intent.vaultPath },
      AT,
    );

    history.jobs.recordFinished({
      ...JOB,
      status: 'failed',
      report: createReport({
        status: 'failed',
        output: null,
        original: null,
        code: 'E_SOURCE_CHANGED',
      }),
      durationMs: 5,
    });

    expect(history.jobs.get(JOB.id)?.original).toBe(intent.vaultPath);
  });

  it('lists running jobs and open intents as unfinished', async () => {
    const { history } = await openTempHistory();
    const ids = [
      '01J0000000000000000000000A',
      '01J0000000000000000000000B',
      '01J0000000000000000000000C',
    ];
    history.jobs.recordStarted({ ...JOB, id: ids[0] ?? '' });
    await history.jobs.recordIntent(ids[1] ?? '', createIntent(), { folder: null, at: AT });
    await history.jobs.recordIntent(ids[2] ?? '', createIntent(), { folder: null, at: AT });
    history.jobs.recordCommitted(
      ids[2] ?? '',
      { output: 'x', original: null, outputIdentity: null },
      AT,
    );
    // A failure reported while the repair of its commit is still pending.
    history.jobs.recordFinished({
      ...JOB,
      id: ids[1] ?? '',
      status: 'failed',
      report: createReport({ status: 'failed', code: 'E_WRITE_FAILED' }),
      durationMs: 1,
    });

    expect(history.jobs.listUnfinished().map((job) => job.id)).toEqual([ids[0], ids[1]]);
  });

  it('records an interrupted job as failed', async () => {
    const { history } = await openTempHistory();
    history.jobs.recordStarted(JOB);

    history.jobs.recordInterrupted(JOB.id, 'stopped', AT);

    expect(history.jobs.get(JOB.id)).toMatchObject({ status: 'failed', code: 'E_INTERRUPTED' });
    expect(history.jobs.listUnfinished()).toEqual([]);
  });

  it('lists recent jobs newest first', async () => {
    const { history } = await openTempHistory();
    for (const id of ['01J0000000000000000000000A', '01J0000000000000000000000B']) {
      history.jobs.recordQueued({ ...JOB, id });
    }

    expect(history.jobs.listRecent(1).map((job) => job.id)).toEqual(['01J0000000000000000000000B']);
  });

  it('lists recent jobs of one folder', async () => {
    const { history } = await openTempHistory();
    history.jobs.recordQueued(JOB);
    history.jobs.recordQueued({ ...JOB, id: '01J0000000000000000000000B', folder: null });

    expect(history.jobs.listRecent(10, JOB.folder).map((job) => job.id)).toEqual([JOB.id]);
    expect(history.jobs.listRecent(10, '/elsewhere')).toEqual([]);
  });

  it('counts files cleaned since a time', async () => {
    const { history } = await openTempHistory();
    const finish = { status: 'committed', durationMs: 1 } as const;
    history.jobs.recordFinished({ ...JOB, ...finish, report: createReport() });
    history.jobs.recordFinished({
      ...JOB,
      ...finish,
      id: '01J0000000000000000000000B',
      report: createReport({ status: 'already-clean' }),
    });

    expect(history.jobs.countCleanedSince(new Date(AT.getTime() - 1))).toBe(1);
    expect(history.jobs.countCleanedSince(new Date(AT.getTime() + 1))).toBe(0);
  });

  it('lists the contents a revert restored', async () => {
    const { history } = await openTempHistory();
    await history.jobs.recordIntent(JOB.id, createIntent(), { folder: JOB.folder, at: AT });
    expect(history.jobs.listRevertedSha256(JOB.input)).toEqual([]);

    history.jobs.markStatus(JOB.id, 'reverted');

    expect(history.jobs.get(JOB.id)?.status).toBe('reverted');
    expect(history.jobs.listRevertedSha256(JOB.input)).toEqual(['a'.repeat(64)]);
    expect(history.jobs.listRevertedSha256('/home/ada/Shots/other.png')).toEqual([]);
  });
});
