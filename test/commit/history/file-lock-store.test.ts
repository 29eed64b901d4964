import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLockStore } from '../../../src/commit/history/file-lock-store.js';
import { HistoryDatabase } from '../../../src/commit/history/history-database.js';
import { HISTORY_FILE } from '../../../src/commit/history/open-history.js';
import { isAppError } from '../../../src/shared/errors.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { closeHistories, openTempHistory } from './history-fixture.js';

const connections: HistoryDatabase[] = [];
let openCount = 0;

afterEach(async () => {
  closeHistories();
  for (const connection of connections.splice(0)) {
    connection.close();
  }
  await removeTempDirs();
});

/** Opens the lock table of one history as another process with pid `pid` would. */
function openLocksAs(stateDir: string, pid: number): FileLockStore {
  const dbPath = `${stateDir}/${HISTORY_FILE}`;
  const connection = new HistoryDatabase(new Database(dbPath), dbPath);
  connections.push(connection);
  openCount += 1;
  return new FileLockStore(connection, { pid, token: `token-${openCount}` });
}

/** Opens two processes' views of one fresh history. */
async function openTwoProcesses(): Promise<[FileLockStore, FileLockStore]> {
  const { stateDir } = await openTempHistory();
  return [openLocksAs(stateDir, 1_000_001), openLocksAs(stateDir, 1_000_002)];
}

const FILE = '/home/ada/Shots/shot.png';
const alive = (): boolean => true;
const dead = (): boolean => false;

describe('FileLockStore', () => {
  it('gives a free lock to one process only', async () => {
    const [locks, other] = await openTwoProcesses();

    expect(locks.tryAcquire(FILE, alive)).toBe(true);
    expect(other.tryAcquire(FILE, alive)).toBe(false);
  });

  it('lets the holder take its lock again', async () => {
    const [locks] = await openTwoProcesses();

    expect(locks.tryAcquire(FILE, alive)).toBe(true);
    expect(locks.tryAcquire(FILE, alive)).toBe(true);
  });

  it('hands the lock on after release', async () => {
    const [locks, other] = await openTwoProcesses();
    locks.tryAcquire(FILE, alive);

    locks.release(FILE);

    expect(other.tryAcquire(FILE, alive)).toBe(true);
  });

  it('ignores a release by another process', async () => {
    const [locks, other] = await openTwoProcesses();
    locks.tryAcquire(FILE, alive);

    other.release(FILE);

    expect(other.tryAcquire(FILE, alive)).toBe(false);
  });

  it('takes over a lock of a dead process', async () => {
    const [locks, other] = await openTwoProcesses();
    locks.tryAcquire(FILE, alive);

    expect(other.tryAcquire(FILE, alive)).toBe(false);
    expect(other.tryAcquire(FILE, dead)).toBe(true);
  });

  it('takes over a lock left under its own pid', async () => {
    const { stateDir } = await openTempHistory();
    const earlierRun = openLocksAs(stateDir, 1_000_003);
    earlierRun.tryAcquire(FILE, alive);
    // The pid was reused: the earlier process that had it is gone.
    const thisRun = openLocksAs(stateDir, 1_000_003);

    expect(thisRun.tryAcquire(FILE, alive)).toBe(true);
  });

  it('locks paths independently', async () => {
    const [locks, other] = await openTwoProcesses();
    locks.tryAcquire(FILE, alive);

    expect(other.tryAcquire(`${FILE}.other`, alive)).toBe(true);
  });

  it('times out with E_FILE_BUSY', async () => {
    const [locks, other] = await openTwoProcesses();
    locks.tryAcquire(FILE, alive);

    const error: unknown = await other
      .acquire(FILE, { timeoutMs: 100, intervalMs: 10, isProcessAlive: alive })
      .catch((caught: unknown) => caught);

    expect(isAppError(error) && error.code).toBe('E_FILE_BUSY');
  });
});
