import { describe, expect, it } from 'vitest';
import {
  formatDismissedMessage,
  formatFolderAddedMessage,
  formatFolderRemovedMessage,
  formatPauseMessage,
  formatResumeMessage,
  formatRetryQueuedMessage,
  formatRevertMessage,
} from '../../src/cli/format-change-messages.js';
import { formatJsonReply } from '../../src/cli/format-json-reply.js';
import type { FolderStatus } from '../../src/shared/protocol/index.js';

const CONTEXT = { home: '/home/ada', now: new Date(2026, 11, 4, 14, 0) };
const LATER_TODAY = new Date(2026, 11, 4, 15, 30).toISOString();

const FOLDER: FolderStatus = {
  path: '/home/ada/Pictures/Screenshots',
  mode: 'in-place',
  output: null,
  recursive: true,
  existing: 'skip',
  state: 'watching',
  code: null,
  reason: null,
  paused: false,
  pausedUntil: null,
};

describe('formatPauseMessage', () => {
  it.each([
    [{ folder: null, until: LATER_TODAY }, 'Paused all folders until 15:30.\n'],
    [{ folder: null, until: null }, 'Paused all folders until you run `metaclear resume`.\n'],
    [
      { folder: '/home/ada/shots', until: null },
      'Paused ~/shots until you run `metaclear resume /home/ada/shots`.\n',
    ],
    [
      { folder: "/home/ada/Ada's shots", until: null },
      "Paused ~/Ada's shots until you run `metaclear resume '/home/ada/Ada'\\''s shots'`.\n",
    ],
    [{ folder: '/home/ada/shots', until: LATER_TODAY }, 'Paused ~/shots until 15:30.\n'],
  ])('formats %j', (result, expected) => {
    expect(formatPauseMessage(result, CONTEXT)).toBe(expected);
  });
});

describe('formatResumeMessage', () => {
  it.each([
    [{ folder: null, wasPaused: true }, 'Resumed all folders.\n'],
    [{ folder: '/home/ada/shots', wasPaused: true }, 'Resumed ~/shots.\n'],
    [
      { folder: null, wasPaused: false },
      'Nothing to resume: no pause of all folders is in force. A folder paused on its own ' +
        'resumes with `metaclear resume FOLDER`.\n',
    ],
    [
      { folder: '/home/ada/shots', wasPaused: false },
      'Nothing to resume: ~/shots is not paused.\n',
    ],
  ])('formats %j', (result, expected) => {
    expect(formatResumeMessage(result, CONTEXT)).toBe(expected);
  });
});

describe('folder messages', () => {
  it('confirms an in-place folder', () => {
    expect(formatFolderAddedMessage({ folder: FOLDER }, CONTEXT)).toBe(
      'Watching ~/Pictures/Screenshots, cleaning files in place.\n' +
        'The files already there are left as they are; new files are cleaned.\n',
    );
  });

  it('confirms an output folder', () => {
    const folder: FolderStatus = {
      ...FOLDER,
      path: '/home/ada/Inbox',
      mode: 'output',
      output: '/home/ada/Out',
      existing: 'clean',
    };

    expect(formatFolderAddedMessage({ folder }, CONTEXT)).toBe(
      'Watching ~/Inbox, putting cleaned copies in ~/Out.\n' +
        'The files already there are cleaned now.\n',
    );
  });

  it('confirms a removal', () => {
    expect(formatFolderRemovedMessage({ path: '/home/ada/Inbox' }, CONTEXT)).toMatch(
      /^Stopped watching ~\/Inbox\. Its files.*stay where they are\.\n$/,
    );
  });
});

describe('formatRevertMessage', () => {
  const base = { jobId: '01JF3K2Q8ZB5M7V4N6R9T0W1XY', restored: '/home/ada/In/a.jpg' };

  it.each([
    [{ removedOutput: null, keptOutput: null }, ['Restored the original to ~/In/a.jpg.']],
    [
      { removedOutput: '/home/ada/Out/a.jpg', keptOutput: null },
      ['Restored the original to ~/In/a.jpg.', 'Deleted the cleaned copy ~/Out/a.jpg.'],
    ],
    [
      { removedOutput: null, keptOutput: '/home/ada/Out/a.jpg' },
      [
        'Restored the original to ~/In/a.jpg.',
        'Kept the cleaned copy ~/Out/a.jpg, because it changed after cleaning.',
      ],
    ],
  ])('formats %j', (change, expected) => {
    expect(formatRevertMessage({ ...base, ...change }, CONTEXT)).toBe(`${expected.join('\n')}\n`);
  });
});

describe('formatRetryQueuedMessage', () => {
  it('names the queued file', () => {
    const result = { id: 'abc', path: '/home/ada/In/a.jpg', report: null };

    expect(formatRetryQueuedMessage(result, CONTEXT)).toMatch(/^Queued ~\/In\/a\.jpg again; /);
  });
});

describe('formatDismissedMessage', () => {
  it('names the id', () => {
    expect(formatDismissedMessage({ id: 'abc' })).toMatch(/^Dismissed abc; /);
  });
});

describe('formatJsonReply', () => {
  it.each([
    [{ folders: [] }, '{"version":1,"folders":[]}\n'],
    [{ version: '0.1.0', state: 'idle' }, '{"version":1,"daemonVersion":"0.1.0","state":"idle"}\n'],
    [{ id: 'abc' }, '{"version":1,"id":"abc"}\n'],
  ])('wraps %j', (result, expected) => {
    expect(formatJsonReply(result)).toBe(expected);
  });
});
