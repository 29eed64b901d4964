import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { closeHistories, createIntent, openTempHistory } from './history-fixture.js';

afterEach(async () => {
  closeHistories();
  await removeTempDirs();
});

const AT = new Date('2024-06-15T10:00:00.000Z');

/** Commits one in-place job per vault path through the job store. */
async function commitJobs(
  history: Awaited<ReturnType<typeof openTempHistory>>['history'],
  vaultPaths: readonly string[],
): Promise<void> {
  for (const [index, vaultPath] of vaultPaths.entries()) {
    const id = `01J00000000000000000000${String(index).padStart(3, '0')}`;
    const input = `/home/ada/Shots/shot-${index}.png`;
    await history.jobs.recordIntent(id, createIntent({ input, output: input, vaultPath }), {
      folder: null,
      at: AT,
    });
    history.jobs.recordCommitted(
      id,
      { output: input, original: vaultPath, outputIdentity: null },
      AT,
    );
  }
}

describe('VaultIndex', () => {
  it('finds the original of a published file', async () => {
    const { history } = await openTempHistory();
    await commitJobs(history, ['/v/2024-06-15/Shots/shot-0.png']);

    const entries = history.vault.findByOutput('/home/ada/Shots/shot-0.png');

    expect(entries.map((entry) => entry.vaultPath)).toEqual(['/v/2024-06-15/Shots/shot-0.png']);
  });

  it('marks the entries of a pruned dated folder only', async () => {
    const { history } = await openTempHistory();
    await commitJobs(history, [
      '/v/2024-06-1/Shots/a.png',
      '/v/2024-06-15/Shots/b.png',
      '/v/2024-06-15/Shots/c.png',
    ]);

    const changed = history.vault.markFolderRemoved('/v/2024-06-1', 'pruned', AT);

    expect(changed).toBe(1);
    expect(history.vault.listPresent().map((entry) => entry.vaultPath)).toEqual([
      '/v/2024-06-15/Shots/b.png',
      '/v/2024-06-15/Shots/c.png',
    ]);
    expect(history.vault.get('/v/2024-06-1/Shots/a.png')?.removedReason).toBe('pruned');
  });

  it('marks a reverted entry', async () => {
    const { history } = await openTempHistory();
    await commitJobs(history, ['/v/2024-06-15/Shots/shot-0.png']);

    history.vault.markRemoved('/v/2024-06-15/Shots/shot-0.png', 'reverted', AT);

    expect(history.vault.listPresent()).toEqual([]);
  });
});
