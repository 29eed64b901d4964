import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../src/commit/history/open-history.js';
import { parseDate } from '../../src/cli/parse-forget-args.js';
import { isAppError } from '../../src/shared/errors.js';
import { removeTempDirs, createTempDir } from '../helpers/temp-dir.js';
import { runMain } from './run-cli.js';

afterEach(removeTempDirs);

const OLD = new Date('2025-01-10T10:00:00.000Z');
const NEW = new Date('2025-03-10T10:00:00.000Z');

/** Records one finished job at `at` in `<home>/state/history.db`. */
function recordJob(home: string, id: string, at: Date): void {
  const history = openHistory(path.join(home, 'state'));
  try {
    const input = `/photos/${id}.jpg`;
    history.jobs.recordFinished({
      id,
      folder: null,
      input,
      at,
      status: 'committed',
      report: {
        input,
        output: input,
        original: null,
        status: 'cleaned',
        removed: [],
        kept: [],
        code: null,
        reason: null,
      },
      durationMs: 1,
    });
  } finally {
    history.close();
  }
}

function hasJob(home: string, id: string): boolean {
  const history = openHistory(path.join(home, 'state'));
  try {
    return history.jobs.get(id) !== null;
  } finally {
    history.close();
  }
}

describe('metaclear forget', () => {
  it('deletes old jobs and log files', async () => {
    const home = await createTempDir();
    recordJob(home, 'OLD-JOB', OLD);
    recordJob(home, 'NEW-JOB', NEW);
    const logDir = path.join(home, 'logs');
    await mkdir(logDir);
    const oldLog = path.join(logDir, 'daemon.2025-01-10.1.log');
    const newLog = path.join(logDir, 'daemon.2025-03-10.1.log');
    await writeFile(oldLog, '{}\n');
    await writeFile(newLog, '{}\n');
    await utimes(oldLog, OLD, OLD);
    await utimes(newLog, NEW, NEW);

    const run = await runMain(['forget', '--before', '2025-02-01T00:00:00Z'], { home });

    expect(run.exitCode).toBe(0);
    expect(hasJob(home, 'OLD-JOB')).toBe(false);
    expect(hasJob(home, 'NEW-JOB')).toBe(true);
    expect(existsSync(oldLog)).toBe(false);
    expect(existsSync(newLog)).toBe(true);
    expect(run.stdout.toString()).toContain('1 jobs');
    expect(run.stdout.toString()).toContain('Removed 1 log files');
  });

  it('requires --before', async () => {
    const home = await createTempDir();

    const run = await runMain(['forget'], { home });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--before DATE');
  });
});

describe('parseDate', () => {
  it('reads a day as local midnight', () => {
    expect(parseDate('2025-02-01')).toEqual(new Date(2025, 1, 1));
  });

  it('reads a time with an offset', () => {
    expect(parseDate('2025-02-01T12:30:00+02:00').toISOString()).toBe('2025-02-01T10:30:00.000Z');
  });

  it.each(['2025-02-30', '2025-13-01', 'yesterday', '2025-02-01T12:00', '1738368000'])(
    'rejects %s',
    (text) => {
      expect(() => parseDate(text)).toThrow(
        expect.toSatisfy((error: unknown) => isAppError(error) && error.code === 'E_USAGE'),
      );
    },
  );
});
