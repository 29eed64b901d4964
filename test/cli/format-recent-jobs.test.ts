import { describe, expect, it } from 'vitest';
import { formatAttentionItems } from '../../src/cli/format-attention-items.js';
import { formatRecentJobs } from '../../src/cli/format-recent-jobs.js';
import type { AttentionItem, RecentJob } from '../../src/shared/protocol/index.js';

const CONTEXT = { home: '/home/ada', now: new Date(2026, 11, 4, 14, 0) };
const AT_NOON = new Date(2026, 11, 4, 12, 4).toISOString();
const JOB_ID = '01JF3K2Q8ZB5M7V4N6R9T0W1XY';

const CLEANED: RecentJob = {
  jobId: JOB_ID,
  folder: '/home/ada/MetaClear/To Clean',
  input: '/home/ada/MetaClear/To Clean/a.jpg',
  output: '/home/ada/MetaClear/Cleaned/a.jpg',
  original: '/home/ada/MetaClear/Originals/2026-12-04/To Clean/a.jpg',
  status: 'committed',
  result: 'cleaned',
  removed: ['gps', 'datetime'],
  code: null,
  reason: null,
  finishedAt: AT_NOON,
  revertible: true,
};

describe('formatRecentJobs', () => {
  it('formats a cleaned copy with its job id', () => {
    expect(formatRecentJobs([CLEANED], CONTEXT)).toBe(
      [
        '12:04  cleaned  ~/MetaClear/To Clean/a.jpg -> ~/MetaClear/Cleaned/a.jpg',
        `       removed GPS location, dates and times · job ${JOB_ID}`,
        '',
        'Run `metaclear revert JOB_ID` to put an original back.',
        '',
      ].join('\n'),
    );
  });

  it('shows a file cleaned in place once', () => {
    const inPlace = { ...CLEANED, output: CLEANED.input };

    expect(formatRecentJobs([inPlace], CONTEXT).split('\n')[0]).toBe(
      '12:04  cleaned  ~/MetaClear/To Clean/a.jpg',
    );
  });

  it.each<[Partial<RecentJob>, string]>([
    [{ result: 'already-clean', removed: [] }, 'already clean'],
    [{ status: 'reverted', revertible: false }, 'reverted'],
    [{ status: 'attention', result: 'failed' }, 'needs attention'],
    [{ status: 'failed', result: 'failed' }, 'failed'],
    [{ status: 'dismissed', result: null }, 'dismissed'],
  ])('names outcome %j as %j', (change, expected) => {
    const [line] = formatRecentJobs([{ ...CLEANED, ...change }], CONTEXT).split('\n');

    expect(line?.split('  ')[1]?.trim()).toBe(expected);
  });

  it('shows the reason and code of a failure without the path', () => {
    const failed: RecentJob = {
      ...CLEANED,
      status: 'failed',
      result: 'failed',
      output: null,
      original: null,
      removed: [],
      code: 'E_CORRUPT',
      reason: `${CLEANED.input}: the JPEG ends before its image data`,
      revertible: false,
    };
    const lines = formatRecentJobs([failed], CONTEXT).split('\n');

    expect(lines[1]).toBe(`       the JPEG ends before its image data (E_CORRUPT) · job ${JOB_ID}`);
    expect(lines).not.toContain('Run `metaclear revert JOB_ID` to put an original back.');
  });

  it('aligns times and outcomes over several jobs', () => {
    const yesterday = new Date(2026, 11, 3, 9, 0).toISOString();
    const lines = formatRecentJobs(
      [CLEANED, { ...CLEANED, finishedAt: yesterday, result: 'already-clean', removed: [] }],
      CONTEXT,
    ).split('\n');

    expect(lines[0]).toMatch(/^12:04 {12}cleaned {8}~/);
    expect(lines[2]).toMatch(/^yesterday 09:00 {2}already clean {2}~/);
    expect(lines[3]).toBe(`                 job ${JOB_ID}`);
  });

  it('says when nothing was cleaned', () => {
    expect(formatRecentJobs([], CONTEXT)).toBe('No files cleaned yet.\n');
  });
});

describe('formatAttentionItems', () => {
  const ITEM: AttentionItem = {
    id: 'a'.repeat(64),
    path: '/home/ada/MetaClear/To Clean/broken.jpg',
    jobId: JOB_ID,
    code: 'E_CORRUPT',
    reason: 'the JPEG ends before its image data',
    since: AT_NOON,
    lastSeenAt: AT_NOON,
    retryable: true,
  };

  it('formats an entry with its id and the next steps', () => {
    expect(formatAttentionItems([ITEM], CONTEXT)).toBe(
      [
        '~/MetaClear/To Clean/broken.jpg: the JPEG ends before its image data (E_CORRUPT)',
        `  since 12:04 · id ${'a'.repeat(64)}`,
        '',
        'Run `metaclear attention retry ID` to try a file again (after fixing it), or',
        '`metaclear attention dismiss ID` to remove it from this list.',
        '',
      ].join('\n'),
    );
  });

  it('says when an entry cannot be retried', () => {
    const text = formatAttentionItems([{ ...ITEM, retryable: false }], CONTEXT);

    expect(text.split('\n')[1]).toContain('cannot be retried');
  });

  it('drops the path from a reason that starts with it', () => {
    const text = formatAttentionItems([{ ...ITEM, reason: `${ITEM.path}: truncated` }], CONTEXT);

    expect(text.split('\n')[0]).toBe('~/MetaClear/To Clean/broken.jpg: truncated (E_CORRUPT)');
  });

  it('says when nothing needs attention', () => {
    expect(formatAttentionItems([], CONTEXT)).toBe('Nothing needs attention.\n');
  });
});
