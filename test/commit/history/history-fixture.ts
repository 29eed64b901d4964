import path from 'node:path';
import type { CommitIntent } from '../../../src/commit/commit-journal.js';
import type { HistoryStore } from '../../../src/commit/history/history-store.js';
import { openHistory } from '../../../src/commit/history/open-history.js';
import { createTempDir } from '../../helpers/temp-dir.js';

const opened: HistoryStore[] = [];

/** Opens a history in a fresh temp state dir; {@link closeHistories} closes it. */
export async function openTempHistory(): Promise<{ history: HistoryStore; stateDir: string }> {
  const stateDir = path.join(await createTempDir(), 'state');
  const history = openHistory(stateDir);
  opened.push(history);
  return { history, stateDir };
}

/** Opens the history in `stateDir` again, as the next start of the daemon would. */
export function reopenHistory(stateDir: string): HistoryStore {
  const history = openHistory(stateDir);
  opened.push(history);
  return history;
}

/** Closes every history opened by this module. */
export function closeHistories(): void {
  for (const history of opened.splice(0)) {
    history.close();
  }
}

/** Creates the intent of an in-place commit of `/home/ada/Shots/shot.png`, with made-up hashes. */
export function createIntent(overrides: Partial<CommitIntent> = {}): CommitIntent {
  return {
    kind: 'replace',
    action: 'vault',
    input: '/home/ada/Shots/shot.png',
    inputSha256: 'a'.repeat(64),
    inputIdentity: { dev: '1', ino: '2', size: 3, mtimeNs: '4' },
    output: '/home/ada/Shots/shot.png',
    outputSha256: 'b'.repeat(64),
    tempPath: '/home/ada/Shots/.metaclear-01J0000000000000000000000.tmp',
    vaultPath: '/home/ada/Originals/2024-06-15/Shots/shot.png',
    vaultTempPath: '/home/ada/Originals/2024-06-15/Shots/.metaclear-01J1.tmp',
    stagingDir: null,
    resetOutputTimes: false,
    ...overrides,
  };
}
