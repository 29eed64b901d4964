import { describe, expect, it } from 'vitest';
import type { Kind } from '../../../src/shared/kinds.js';
import type { RecentJob } from '../../../src/shared/protocol/index.js';
import {
  buildPopupView,
  describeAttentionReason,
  describeJob,
  describeKinds,
  formatBytes,
} from '../../../src/tray/view-model/index.js';
import {
  makeAttentionItem,
  makeFolder,
  makeRecentJob,
  makeSnapshot,
  makeStatus,
} from '../helpers/snapshots.js';

const OPTIONS = { now: new Date('2026-12-04T15:00:00Z'), locale: 'en-GB', timeZone: 'UTC' };

describe('describeKinds', () => {
  it.each<[readonly Kind[], string]>([
    [[], ''],
    [['gps'], 'location'],
    [['camera-serial', 'gps'], 'location, camera serial'],
    [['gps', 'camera-serial', 'xmp'], 'location, camera serial, XMP'],
    [['xmp', 'gps', 'thumbnail', 'camera-serial', 'datetime'], 'location, camera serial, 3 more'],
    [['gps', 'gps', 'camera-serial'], 'location, camera serial'],
    [['c2pa', 'content-credentials'], 'content credentials'],
  ])('%j reads %j', (kinds, expected) => {
    expect(describeKinds(kinds)).toBe(expected);
  });
});

describe('describeAttentionReason', () => {
  it.each<[string | null, string | null, string]>([
    ['E_CORRUPT', 'raw parser text', 'The file is damaged, so it was left untouched.'],
    [
      'E_VERIFY_READER',
      null,
      'The cleaned copy failed a safety check, so the original was kept as it is.',
    ],
    ['E_SOMETHING_NEW', 'The daemon wrote this.', 'The daemon wrote this.'],
    ['E_SOMETHING_NEW', null, 'Something went wrong (E_SOMETHING_NEW).'],
    [null, '', 'Something went wrong.'],
  ])('%s with %j', (code, reason, expected) => {
    expect(describeAttentionReason(code, reason)).toBe(expected);
  });
});

describe('describeJob', () => {
  it.each<[string, Partial<RecentJob>, string]>([
    ['cleaned', {}, 'Removed location, camera serial'],
    ['cleaned of xattr only', { removed: ['xattr'] }, 'Removed download origin'],
    ['cleaned with no kinds', { removed: [] }, 'Cleaned'],
    ['already clean', { result: 'already-clean', removed: [] }, 'Already clean'],
    ['reverted', { status: 'reverted' }, 'Original restored'],
    ['unsupported', { result: 'unsupported', removed: [] }, 'Not an image MetaClear can clean'],
    [
      'attention',
      { status: 'attention', result: 'failed', code: 'E_TRUNCATED' },
      'The file ends early, as if it was cut off, so it was left untouched.',
    ],
    ['dismissed', { status: 'dismissed', result: null }, 'Dismissed'],
  ])('%s', (_name, changes, expected) => {
    expect(describeJob(makeRecentJob(changes))).toBe(expected);
  });
});

describe('formatBytes', () => {
  it.each<[number, string]>([
    [0, '0 bytes'],
    [1, '1 byte'],
    [999, '999 bytes'],
    [1_000, '1.0 KB'],
    [12_400_000, '12 MB'],
    [2_500_000_000, '2.5 GB'],
  ])('%d bytes read %j', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe('buildPopupView', () => {
  it('lists folders with mode and state', () => {
    const view = buildPopupView(
      makeSnapshot({
        status: makeStatus({
          folders: [
            makeFolder(),
            makeFolder({
              path: '/home/ada/Desktop',
              mode: 'in-place',
              output: null,
              paused: true,
              state: 'paused',
              pausedUntil: '2026-12-04T16:00:00Z',
            }),
            makeFolder({
              path: '/Volumes/Card/DCIM',
              state: 'unavailable',
              code: 'E_NOT_FOUND',
              reason: 'the folder is missing',
            }),
          ],
        }),
      }),
      OPTIONS,
    );
    expect(
      view.folders.map((folder) => [folder.name, folder.modeLabel, folder.stateLabel]),
    ).toEqual([
      ['To Clean', 'Cleans into Cleaned', 'Watching'],
      ['Desktop', 'Cleans in place', 'Paused until 16:00'],
      ['DCIM', 'Cleans into Cleaned', 'Unavailable: the folder is missing'],
    ]);
    expect(view.folders.map((folder) => folder.paused)).toEqual([false, true, false]);
    expect(view.folders.map((folder) => folder.unavailable)).toEqual([false, false, true]);
  });

  it('shows recent jobs with restore', () => {
    const view = buildPopupView(
      makeSnapshot({
        recent: [
          makeRecentJob(),
          makeRecentJob({ jobId: '01JEXAMPLE0000000000000001', revertible: false }),
        ],
      }),
      OPTIONS,
    );
    expect(view.recent[0]).toEqual({
      jobId: '01JEXAMPLE0000000000000000',
      name: 'beach.jpg',
      path: '/home/ada/MetaClear/Cleaned/beach.jpg',
      summary: 'Removed location, camera serial',
      timeLabel: '5 min ago',
      canRestore: true,
    });
    expect(view.recent[1]?.canRestore).toBe(false);
  });

  it('shows attention entries in plain words', () => {
    const view = buildPopupView(
      makeSnapshot({ attention: [makeAttentionItem(), makeAttentionItem({ retryable: false })] }),
      OPTIONS,
    );
    expect(view.attention.map((item) => [item.name, item.reason, item.canRetry])).toEqual([
      ['broken.jpg', 'The file is damaged, so it was left untouched.', true],
      ['broken.jpg', 'The file is damaged, so it was left untouched.', false],
    ]);
  });

  it.each<[string, Parameters<typeof makeStatus>[0], string]>([
    ['vault', {}, 'Originals: 12 MB in 23 files'],
    ['empty vault', { vault: { path: '/v', bytes: 0, files: 0 } }, 'Originals: none kept yet'],
    ['one file', { vault: { path: '/v', bytes: 2_048, files: 1 } }, 'Originals: 2.0 KB in 1 file'],
    ['trash', { originals: 'trash' }, 'Originals go to the Trash'],
    ['delete', { originals: 'delete' }, 'Originals are deleted after cleaning'],
  ])('vault line for %s', (_name, changes, expected) => {
    expect(buildPopupView(makeSnapshot({ status: makeStatus(changes) }), OPTIONS).vaultLine).toBe(
      expected,
    );
  });

  it('has empty states when connected with nothing', () => {
    const view = buildPopupView(makeSnapshot({ status: makeStatus({ folders: [] }) }), OPTIONS);
    expect(view.folders).toEqual([]);
    expect(view.foldersEmptyText).toBe('No folders yet. Add one, or clean your screenshots.');
    expect(view.recent).toEqual([]);
    expect(view.recentEmptyText).toMatch(/^Nothing cleaned yet/);
    expect(view.attentionEmptyText).toBe('Nothing needs attention.');
    expect(view.canStartDaemon).toBe(false);
  });

  it('offers start and hides stale lists when the daemon is down', () => {
    const view = buildPopupView(
      makeSnapshot({
        connection: 'unreachable',
        recent: [makeRecentJob()],
        attention: [makeAttentionItem()],
      }),
      OPTIONS,
    );
    expect(view.connected).toBe(false);
    expect(view.canStartDaemon).toBe(true);
    expect(view.iconState).toBe('stopped');
    expect(view.recent).toEqual([]);
    expect(view.attention).toEqual([]);
    expect(view.folders).toEqual([]);
    expect(view.vaultLine).toBe('');
  });
});
