import { describe, expect, it } from 'vitest';
import { formatFolderLines } from '../../src/cli/format-folder-lines.js';
import { formatStatus } from '../../src/cli/format-status.js';
import type { FolderStatus, StatusResult } from '../../src/shared/protocol/index.js';

const CONTEXT = { home: '/home/ada', now: new Date(2026, 11, 4, 14, 0) };
const LATER_TODAY = new Date(2026, 11, 4, 15, 30).toISOString();

const INBOX: FolderStatus = {
  path: '/home/ada/MetaClear/To Clean',
  mode: 'output',
  output: '/home/ada/MetaClear/Cleaned',
  recursive: true,
  existing: 'clean',
  state: 'watching',
  code: null,
  reason: null,
  paused: false,
  pausedUntil: null,
};

const SCREENSHOTS: FolderStatus = {
  ...INBOX,
  path: '/home/ada/Pictures/Screenshots',
  mode: 'in-place',
  output: null,
  existing: 'skip',
};

const STATUS: StatusResult = {
  state: 'idle',
  stateReason: null,
  version: '0.1.0',
  pid: 4242,
  startedAt: '2026-12-04T08:00:00.000Z',
  paused: false,
  pausedUntil: null,
  folders: [INBOX, SCREENSHOTS],
  counts: { cleanedToday: 134, queued: 0, attention: 0 },
  originals: 'vault',
  vault: { path: '/home/ada/MetaClear/Originals', bytes: 34_200_000, files: 120 },
  configPath: '/home/ada/.config/metaclear/config.json',
};

describe('formatStatus', () => {
  it('formats an idle daemon', () => {
    expect(formatStatus(STATUS, CONTEXT)).toBe(
      [
        'Watching 2 folders · 134 cleaned today',
        '',
        '  ~/MetaClear/To Clean    cleaned copies to ~/MetaClear/Cleaned  watching',
        '  ~/Pictures/Screenshots  in place                               watching',
        '',
        'Originals are kept in ~/MetaClear/Originals (120 files, 34 MB).',
        '',
      ].join('\n'),
    );
  });

  it('shows a global pause in local time', () => {
    const text = formatStatus(
      { ...STATUS, state: 'paused', paused: true, pausedUntil: LATER_TODAY },
      CONTEXT,
    );

    expect(text.split('\n')[1]).toBe('Paused until 15:30');
  });

  it('shows a pause without end', () => {
    const text = formatStatus({ ...STATUS, state: 'paused', paused: true }, CONTEXT);

    expect(text.split('\n')[1]).toBe('Paused until you run `metaclear resume`');
  });

  it('shows the queue and the attention count', () => {
    const text = formatStatus(
      { ...STATUS, state: 'working', counts: { cleanedToday: 1, queued: 3, attention: 1 } },
      CONTEXT,
    );
    const lines = text.split('\n');

    expect(lines[0]).toBe('Watching 2 folders · 1 cleaned today');
    expect(lines[1]).toBe('3 files waiting or being cleaned');
    expect(lines[2]).toBe('1 file needs attention; run `metaclear attention` to see why');
  });

  it('says why a waiting agent cleans nothing', () => {
    const text = formatStatus(
      {
        ...STATUS,
        state: 'attention',
        stateReason: { code: 'E_CONFIG_INVALID', message: 'Invalid config: folders[0].mode.' },
        folders: [],
      },
      CONTEXT,
    );

    expect(text.split('\n')[1]).toBe('Not cleaning: Invalid config: folders[0].mode.');
    expect(text).not.toContain('folders add');
  });

  it('counts only the folders being watched', () => {
    const lost: FolderStatus = {
      ...SCREENSHOTS,
      state: 'unavailable',
      code: 'E_NOT_FOUND',
      reason: '/home/ada/Pictures/Screenshots does not exist',
    };

    const text = formatStatus({ ...STATUS, state: 'attention', folders: [INBOX, lost] }, CONTEXT);

    expect(text.split('\n')[0]).toBe('Watching 1 of 2 folders · 134 cleaned today');
  });

  it('says how to add a first folder', () => {
    const text = formatStatus({ ...STATUS, folders: [] }, CONTEXT);

    expect(text).toContain('Watching 0 folders · 134 cleaned today');
    expect(text).toContain('`metaclear folders add PATH`');
  });

  it.each([
    ['trash', 'Originals go to the trash'],
    ['delete', 'Originals are deleted'],
  ] as const)('says where originals go with %s', (originals, expected) => {
    expect(formatStatus({ ...STATUS, originals }, CONTEXT)).toContain(expected);
  });

  it('says when the daemon is stopping', () => {
    expect(formatStatus({ ...STATUS, state: 'stopped' }, CONTEXT)).toContain('Stopping');
  });
});

describe('formatFolderLines', () => {
  it.each([
    [{ state: 'paused', paused: true, pausedUntil: LATER_TODAY }, 'paused until 15:30'],
    [{ state: 'paused', paused: true, pausedUntil: null }, 'paused until resumed'],
    [{ state: 'paused', paused: false }, 'paused'],
    [
      { state: 'unavailable', code: 'E_NOT_FOUND', reason: 'the folder does not exist' },
      'unavailable: the folder does not exist (E_NOT_FOUND)',
    ],
    [{ state: 'unavailable' }, 'unavailable'],
    [{ state: 'watching', paused: true, pausedUntil: null }, 'paused until resumed'],
  ] as const)('shows state %j as %j', (change, expected) => {
    const [line] = formatFolderLines([{ ...SCREENSHOTS, ...change }], CONTEXT);

    expect(line).toBe(`  ~/Pictures/Screenshots  in place  ${expected}`);
  });

  it('shows folders outside home as absolute paths', () => {
    const [line] = formatFolderLines([{ ...SCREENSHOTS, path: '/srv/photos' }], CONTEXT);

    expect(line).toBe('  /srv/photos  in place  watching');
  });
});
