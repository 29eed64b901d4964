import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { closeHistories, openTempHistory, reopenHistory } from './history-fixture.js';

afterEach(async () => {
  closeHistories();
  await removeTempDirs();
});

const AT = new Date('2024-06-15T10:00:00.000Z');
const HOUR_LATER = new Date('2024-06-15T11:00:00.000Z');

describe('PauseStore', () => {
  it('pauses one folder', async () => {
    const { history } = await openTempHistory();

    history.pauses.pause('/home/ada/Shots', AT);

    expect(history.pauses.isPaused('/home/ada/Shots', AT)).toBe(true);
    expect(history.pauses.isPaused('/home/ada/Inbox', AT)).toBe(false);
  });

  it('pauses every folder globally', async () => {
    const { history } = await openTempHistory();

    history.pauses.pause(null, AT);

    expect(history.pauses.isPaused('/home/ada/Inbox', AT)).toBe(true);
    expect(history.pauses.listActive(AT)).toEqual([
      { folder: null, pausedAt: AT.toISOString(), until: null },
    ]);
  });

  it('ends a timed pause by itself', async () => {
    const { history } = await openTempHistory();

    history.pauses.pause(null, AT, HOUR_LATER);

    expect(history.pauses.isPaused('/home/ada/Inbox', new Date(HOUR_LATER.getTime() - 1))).toBe(
      true,
    );
    expect(history.pauses.isPaused('/home/ada/Inbox', HOUR_LATER)).toBe(false);
    expect(history.pauses.listActive(AT)).toEqual([]);
  });

  it('keeps a pause across restarts until resumed', async () => {
    const { history, stateDir } = await openTempHistory();
    history.pauses.pause('/home/ada/Shots', AT);
    history.close();

    const reopened = reopenHistory(stateDir);
    const isPausedAfterRestart = reopened.pauses.isPaused('/home/ada/Shots', HOUR_LATER);
    reopened.pauses.resume('/home/ada/Shots');

    expect(isPausedAfterRestart).toBe(true);
    expect(reopened.pauses.isPaused('/home/ada/Shots', HOUR_LATER)).toBe(false);
  });
});
