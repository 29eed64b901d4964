import { describe, expect, it } from 'vitest';
import { formatDisplayPath } from '../../src/cli/format-display-path.js';
import { formatCheckLine, formatCleanLine } from '../../src/cli/format-report-line.js';
import { formatSummary } from '../../src/cli/format-summary.js';
import type { CheckFileReport, CleanFileReport } from '../../src/shared/report.js';

const CWD = '/home/ada';

const CLEANED_IN_PLACE: CleanFileReport = {
  input: '/home/ada/photos/a.jpg',
  output: '/home/ada/photos/a.jpg',
  original: '/home/ada/MetaClear/Originals/2024-05-01/a.jpg',
  status: 'cleaned',
  removed: ['gps', 'camera-serial', 'datetime'],
  kept: ['orientation'],
  code: null,
  reason: null,
};

describe('formatCleanLine', () => {
  it('lists removed and kept kinds in words', () => {
    const line = formatCleanLine(CLEANED_IN_PLACE, 'photos/a.jpg', CWD);

    expect(line.stream).toBe('stdout');
    expect(line.text).toBe(
      'cleaned        photos/a.jpg: removed GPS location, camera serial number, dates and ' +
        'times; kept orientation; original moved to MetaClear/Originals/2024-05-01/a.jpg',
    );
  });

  it('shows the copy a cleaned file went to', () => {
    const report: CleanFileReport = {
      ...CLEANED_IN_PLACE,
      output: '/tmp/out/a (2).jpg',
      original: null,
      kept: [],
    };

    expect(formatCleanLine(report, 'photos/a.jpg', CWD).text).toBe(
      'cleaned        photos/a.jpg -> /tmp/out/a (2).jpg: removed GPS location, camera serial ' +
        'number, dates and times',
    );
  });

  it('shows an already clean file', () => {
    const report: CleanFileReport = {
      ...CLEANED_IN_PLACE,
      status: 'already-clean',
      original: null,
      removed: [],
      kept: [],
    };

    expect(formatCleanLine(report, 'photos/a.jpg', CWD).text).toBe('already clean  photos/a.jpg');
  });

  it.each(['failed', 'unsupported', 'skipped'] as const)('puts %s on stderr', (status) => {
    const report: CleanFileReport = {
      input: '/home/ada/b.webp',
      output: null,
      original: null,
      status,
      removed: [],
      kept: [],
      code: 'E_CODE',
      reason: 'why and what to do',
    };

    const line = formatCleanLine(report, 'b.webp', CWD);

    expect(line.stream).toBe('stderr');
    expect(line.text).toBe(`${status.padEnd(15)}b.webp: why and what to do (E_CODE)`);
  });
  it('drops the input path that starts a reason', () => {
    const report: CleanFileReport = {
      input: '/home/ada/c.gif',
      output: null,
      original: null,
      status: 'unsupported',
      removed: [],
      kept: [],
      code: 'E_UNSUPPORTED_FORMAT',
      reason: '/home/ada/c.gif: GIF files are not supported yet',
    };

    expect(formatCleanLine(report, 'c.gif', CWD).text).toBe(
      'unsupported    c.gif: GIF files are not supported yet (E_UNSUPPORTED_FORMAT)',
    );
  });
});

describe('formatCheckLine', () => {
  it('lists found and kept kinds', () => {
    const report: CheckFileReport = {
      input: '/home/ada/a.png',
      status: 'has-metadata',
      found: ['ai-prompt', 'text-chunk'],
      kept: ['icc-profile'],
      code: null,
      reason: null,
    };

    const line = formatCheckLine(report, 'a.png', CWD);

    expect(line.stream).toBe('stdout');
    expect(line.text).toBe(
      'has metadata   a.png: AI prompt and workflow, PNG text chunks; kept colour profile',
    );
  });

  it('shows a clean file', () => {
    const report: CheckFileReport = {
      input: '/home/ada/a.png',
      status: 'clean',
      found: [],
      kept: [],
      code: null,
      reason: null,
    };

    expect(formatCheckLine(report, 'a.png', CWD).text).toBe('clean          a.png');
  });

  it('puts a failure on stderr', () => {
    const report: CheckFileReport = {
      input: '/home/ada/a.png',
      status: 'failed',
      found: [],
      kept: [],
      code: 'E_TRUNCATED',
      reason: 'file ends early',
    };

    const line = formatCheckLine(report, 'a.png', CWD);

    expect(line.stream).toBe('stderr');
    expect(line.text).toBe('failed         a.png: file ends early (E_TRUNCATED)');
  });
});

describe('formatDisplayPath', () => {
  it.each([
    ['/home/ada/photos/a.jpg', 'photos/a.jpg'],
    ['/srv/a.jpg', '/srv/a.jpg'],
    ['/home/adam/a.jpg', '/home/adam/a.jpg'],
    ['relative/a.jpg', 'relative/a.jpg'],
    ['new\nline.jpg', 'new\\nline.jpg'],
    ['bell\u0007.jpg', 'bell\\x07.jpg'],
    ['e\u0301 "quoted".jpg', 'e\u0301 "quoted".jpg'],
  ])('shows %j as %j', (input, expected) => {
    expect(formatDisplayPath(input, CWD)).toBe(expected);
  });
});

describe('formatSummary', () => {
  it('counts statuses in order of appearance', () => {
    expect(formatSummary(['cleaned', 'already-clean', 'cleaned', 'failed'])).toBe(
      '4 files: 2 cleaned, 1 already clean, 1 failed',
    );
  });

  it('words has-metadata for any count', () => {
    expect(formatSummary(['has-metadata', 'has-metadata', 'clean'])).toBe(
      '3 files: 2 with metadata, 1 clean',
    );
  });

  it('returns null for one file', () => {
    expect(formatSummary(['cleaned'])).toBeNull();
  });
});
