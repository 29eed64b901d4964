import Database from 'better-sqlite3';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_MIGRATIONS, type Migration } from '../../../src/commit/history/migrations.js';
import { HISTORY_FILE, openHistory } from '../../../src/commit/history/open-history.js';
import { isAppError } from '../../../src/shared/errors.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';

afterEach(removeTempDirs);

async function createStateDir(): Promise<string> {
  return path.join(await createTempDir(), 'state');
}

function readPragma(dbPath: string, pragma: string): unknown {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.pragma(pragma, { simple: true });
  } finally {
    db.close();
  }
}

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return null;
}

describe('openHistory', () => {
  it('creates a private state dir and database', async () => {
    const stateDir = await createStateDir();

    const history = openHistory(stateDir);
    history.pauses.pause(null, new Date());
    history.close();

    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(stateDir, HISTORY_FILE))).mode & 0o777).toBe(0o600);
  });

  it('gives the WAL file the database file mode', async () => {
    const stateDir = await createStateDir();

    const history = openHistory(stateDir);
    history.pauses.pause(null, new Date());

    expect((await stat(path.join(stateDir, `${HISTORY_FILE}-wal`))).mode & 0o777).toBe(0o600);
    history.close();
  });

  it('runs in WAL mode at the latest schema version', async () => {
    const stateDir = await createStateDir();

    openHistory(stateDir).close();
    const dbPath = path.join(stateDir, HISTORY_FILE);

    expect(readPragma(dbPath, 'journal_mode')).toBe('wal');
    expect(readPragma(dbPath, 'user_version')).toBe(HISTORY_MIGRATIONS.length);
  });

  it('keeps records across reopening', async () => {
    const stateDir = await createStateDir();
    const first = openHistory(stateDir);
    first.folders.add('/home/ada/Shots', { addedAt: '2024-05-01T10:00:00.000Z', presentFiles: [] });
    first.close();

    const second = openHistory(stateDir);
    const record = second.folders.get('/home/ada/Shots');
    second.close();

    expect(record?.addedAt).toBe('2024-05-01T10:00:00.000Z');
  });

  it('applies a later migration and keeps the data', async () => {
    const stateDir = await createStateDir();
    const first = openHistory(stateDir);
    first.folders.add('/home/ada/Shots', { addedAt: '2024-05-01T10:00:00.000Z', presentFiles: [] });
    first.close();
    const next: Migration = {
      version: HISTORY_MIGRATIONS.length + 1,
      description: 'a test column',
      up: (db) => {
        db.exec('ALTER TABLE folders ADD COLUMN label TEXT');
      },
    };

    const second = openHistory(stateDir, { migrations: [...HISTORY_MIGRATIONS, next] });
    const record = second.folders.get('/home/ada/Shots');
    second.close();

    expect(record?.addedAt).toBe('2024-05-01T10:00:00.000Z');
    expect(readPragma(path.join(stateDir, HISTORY_FILE), 'user_version')).toBe(next.version);
  });

  it('rejects a database from a newer version', async () => {
    const stateDir = await createStateDir();
    openHistory(stateDir).close();
    const db = new Database(path.join(stateDir, HISTORY_FILE));
    db.pragma(`user_version = ${HISTORY_MIGRATIONS.length + 1}`);
    db.close();

    const error = catchError(() => openHistory(stateDir));

    expect(isAppError(error) ? error.code : error).toBe('E_HISTORY_VERSION');
  });

  it('rejects a damaged database file', async () => {
    const stateDir = await createStateDir();
    openHistory(stateDir).close();
    await writeFile(path.join(stateDir, HISTORY_FILE), 'not a database, just text'.repeat(100));

    const error = catchError(() => openHistory(stateDir));

    expect(isAppError(error) ? error.code : error).toBe('E_HISTORY_UNAVAILABLE');
  });

  it('rejects migrations out of order', async () => {
    const stateDir = await createStateDir();
    const skipped: Migration = {
      version: HISTORY_MIGRATIONS.length + 2,
      description: 'out of order',
      up: () => undefined,
    };

    const error = catchError(() =>
      openHistory(stateDir, { migrations: [...HISTORY_MIGRATIONS, skipped] }),
    );

    expect(error).toBeInstanceOf(RangeError);
  });

  it('lets two connections write in turn', async () => {
    const stateDir = await createStateDir();
    const daemon = openHistory(stateDir);
    const cli = openHistory(stateDir);

    daemon.pauses.pause('/home/ada/Shots', new Date());
    cli.pauses.pause('/home/ada/Inbox', new Date());
    const folders = daemon.pauses.listActive(new Date(0)).map((pause) => pause.folder);
    daemon.close();
    cli.close();

    expect(folders).toEqual(['/home/ada/Inbox', '/home/ada/Shots']);
  });
});
