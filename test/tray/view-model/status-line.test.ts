import { describe, expect, it } from 'vitest';
import {
  describeStatus,
  selectIconState,
  type IconState,
  type TraySnapshot,
} from '../../../src/tray/view-model/index.js';
import { makeFolder, makeSnapshot, makeStatus } from '../helpers/snapshots.js';

const OPTIONS = { now: new Date('2026-12-04T15:00:00Z'), locale: 'en-GB', timeZone: 'UTC' };

describe('describeStatus', () => {
  it.each<[string, TraySnapshot, string]>([
    ['watching', makeSnapshot(), 'Watching 2 folders · 134 cleaned today'],
    [
      'one folder, none cleaned',
      makeSnapshot({
        status: makeStatus({
          folders: [makeFolder()],
          counts: { cleanedToday: 0, queued: 0, attention: 0 },
        }),
      }),
      'Watching 1 folder',
    ],
    [
      'paused with an end',
      makeSnapshot({
        status: makeStatus({ state: 'paused', paused: true, pausedUntil: '2026-12-04T15:30:00Z' }),
      }),
      'Paused until 15:30 · 134 cleaned today',
    ],
    [
      'paused until tomorrow',
      makeSnapshot({
        status: makeStatus({ state: 'paused', paused: true, pausedUntil: '2026-12-05T08:00:00Z' }),
      }),
      'Paused until tomorrow 08:00 · 134 cleaned today',
    ],
    [
      'paused until resume',
      makeSnapshot({ status: makeStatus({ state: 'paused', paused: true }) }),
      'Paused · 134 cleaned today',
    ],
    [
      'working',
      makeSnapshot({
        status: makeStatus({
          state: 'working',
          counts: { cleanedToday: 5, queued: 3, attention: 0 },
        }),
      }),
      'Cleaning 3 files · 5 cleaned today',
    ],
    [
      'attention',
      makeSnapshot({
        status: makeStatus({
          state: 'attention',
          counts: { cleanedToday: 0, queued: 0, attention: 1 },
        }),
      }),
      'Watching 2 folders · 1 needs attention',
    ],
    [
      'one folder paused',
      makeSnapshot({
        status: makeStatus({
          folders: [makeFolder(), makeFolder({ path: '/p', state: 'paused', paused: true })],
        }),
      }),
      'Watching 1 of 2 folders · 134 cleaned today',
    ],
    [
      'no folders',
      makeSnapshot({
        status: makeStatus({ folders: [], counts: { cleanedToday: 0, queued: 0, attention: 0 } }),
      }),
      'No folders watched',
    ],
    [
      'agent waiting for a valid config',
      makeSnapshot({
        status: makeStatus({
          state: 'attention',
          stateReason: { code: 'E_CONFIG_INVALID', message: 'Invalid config: folders[0].mode.' },
        }),
      }),
      'Not cleaning: the config has an error',
    ],
    [
      'daemon stopped',
      { connection: 'unreachable', status: null, recent: [], attention: [] },
      'MetaClear is not running',
    ],
    [
      'connecting',
      { connection: 'connecting', status: null, recent: [], attention: [] },
      'Connecting to MetaClear…',
    ],
    [
      'unreachable with a stale status',
      makeSnapshot({ connection: 'unreachable' }),
      'MetaClear is not running',
    ],
  ])('%s', (_name, snapshot, expected) => {
    expect(describeStatus(snapshot, OPTIONS)).toBe(expected);
  });
});

describe('selectIconState', () => {
  it.each<[string, TraySnapshot, IconState]>([
    ['idle', makeSnapshot(), 'idle'],
    ['working by state', makeSnapshot({ status: makeStatus({ state: 'working' }) }), 'working'],
    [
      'working by queue',
      makeSnapshot({
        status: makeStatus({ counts: { cleanedToday: 0, queued: 2, attention: 0 } }),
      }),
      'working',
    ],
    ['paused', makeSnapshot({ status: makeStatus({ state: 'paused', paused: true }) }), 'paused'],
    [
      'attention beats paused',
      makeSnapshot({
        status: makeStatus({
          state: 'paused',
          paused: true,
          counts: { cleanedToday: 0, queued: 0, attention: 1 },
        }),
      }),
      'attention',
    ],
    ['attention state', makeSnapshot({ status: makeStatus({ state: 'attention' }) }), 'attention'],
    ['daemon stopping', makeSnapshot({ status: makeStatus({ state: 'stopped' }) }), 'stopped'],
    ['unreachable', makeSnapshot({ connection: 'unreachable' }), 'stopped'],
    ['connecting', makeSnapshot({ connection: 'connecting', status: null }), 'stopped'],
  ])('%s', (_name, snapshot, expected) => {
    expect(selectIconState(snapshot)).toBe(expected);
  });
});
