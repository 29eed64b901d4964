import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { closeHistories, openTempHistory, reopenHistory } from './history-fixture.js';

afterEach(async () => {
  closeHistories();
  await removeTempDirs();
});

const SHA = 'c'.repeat(64);
const AT = new Date('2024-06-15T10:00:00.000Z');

function createReport(path: string) {
  return { sha256: SHA, path, jobId: null, code: 'E_VERIFY_READER', reason: 'rejected', at: AT };
}

describe('AttentionStore', () => {
  it('lists a reported file once by content', async () => {
    const { history } = await openTempHistory();

    expect(history.attention.report(createReport('/in/a.jpg'))).toBe(true);
    expect(history.attention.report(createReport('/in/renamed.jpg'))).toBe(true);
    const open = history.attention.listOpen();

    expect(open).toHaveLength(1);
    expect(open[0]?.path).toBe('/in/renamed.jpg');
  });

  it('keeps a dismissal across restarts', async () => {
    const { history, stateDir } = await openTempHistory();
    history.attention.report(createReport('/in/a.jpg'));

    expect(history.attention.dismiss(SHA, AT)).toBe(true);
    history.close();
    const reopened = reopenHistory(stateDir);

    expect(reopened.attention.isDismissed(SHA)).toBe(true);
    expect(reopened.attention.report(createReport('/in/again.jpg'))).toBe(false);
    expect(reopened.attention.listOpen()).toEqual([]);
  });

  it('forgets a resolved file', async () => {
    const { history } = await openTempHistory();
    history.attention.report(createReport('/in/a.jpg'));

    history.attention.resolve(SHA);

    expect(history.attention.listOpen()).toEqual([]);
    expect(history.attention.dismiss(SHA, AT)).toBe(false);
  });
});
