import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/parse-command-line.js';
import { isAppError } from '../../src/shared/errors.js';

/** Returns the error code `parseCommandLine` throws, or null when it parses. */
function getParseErrorCode(argv: readonly string[]): string | null {
  try {
    parseCommandLine(argv);
    return null;
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
}

const CLEAN_DEFAULTS = {
  outDir: null,
  json: false,
  keepOrientation: null,
  bakeOrientation: false,
  toSrgb: false,
};

describe('parseCommandLine', () => {
  it.each([
    [['clean', 'a.jpg'], { ...CLEAN_DEFAULTS, paths: ['a.jpg'] }],
    [['clean', 'a.jpg', 'photos'], { ...CLEAN_DEFAULTS, paths: ['a.jpg', 'photos'] }],
    [['clean', '--out', 'dir', 'a.jpg'], { ...CLEAN_DEFAULTS, outDir: 'dir', paths: ['a.jpg'] }],
    [['clean', '--out=dir', 'a.jpg'], { ...CLEAN_DEFAULTS, outDir: 'dir', paths: ['a.jpg'] }],
    [['clean', '--out=-dir', 'a.jpg'], { ...CLEAN_DEFAULTS, outDir: '-dir', paths: ['a.jpg'] }],
    [['clean', 'a.jpg', '--json'], { ...CLEAN_DEFAULTS, json: true, paths: ['a.jpg'] }],
    [
      ['clean', '--keep-orientation=false', 'a.jpg'],
      { ...CLEAN_DEFAULTS, keepOrientation: false, paths: ['a.jpg'] },
    ],
    [
      ['clean', '--keep-orientation=true', 'a.jpg'],
      { ...CLEAN_DEFAULTS, keepOrientation: true, paths: ['a.jpg'] },
    ],
    [
      ['clean', '--keep-orientation', 'a.jpg'],
      { ...CLEAN_DEFAULTS, keepOrientation: true, paths: ['a.jpg'] },
    ],
    [
      ['clean', '--bake-orientation', 'a.jpg'],
      { ...CLEAN_DEFAULTS, bakeOrientation: true, paths: ['a.jpg'] },
    ],
    [
      ['clean', '--keep-orientation=true', '--bake-orientation', 'a.jpg'],
      { ...CLEAN_DEFAULTS, keepOrientation: true, bakeOrientation: true, paths: ['a.jpg'] },
    ],
    [['clean', '--to-srgb', 'a.jpg'], { ...CLEAN_DEFAULTS, toSrgb: true, paths: ['a.jpg'] }],
    [['clean', '-'], { ...CLEAN_DEFAULTS, paths: ['-'] }],
    [['clean', '--', '-a.jpg', '--json'], { ...CLEAN_DEFAULTS, paths: ['-a.jpg', '--json'] }],
    [['clean', '--json', '--', '--help'], { ...CLEAN_DEFAULTS, json: true, paths: ['--help'] }],
    [
      ['clean', 'my "photo" 1.jpg', 'e\u0301te\u0301.png'],
      { ...CLEAN_DEFAULTS, paths: ['my "photo" 1.jpg', 'e\u0301te\u0301.png'] },
    ],
  ])('parses clean %j', (argv, expected) => {
    expect(parseCommandLine(argv)).toEqual({ kind: 'clean', args: expected });
  });

  it.each([
    [['check', 'a.jpg'], { paths: ['a.jpg'], json: false }],
    [['check', '--json', 'a.jpg', 'b'], { paths: ['a.jpg', 'b'], json: true }],
    [['check', '--', '-x.png'], { paths: ['-x.png'], json: false }],
  ])('parses check %j', (argv, expected) => {
    expect(parseCommandLine(argv)).toEqual({ kind: 'check', args: expected });
  });

  it.each([
    [['daemon'], { kind: 'daemon', agent: false }],
    [['daemon', '--agent'], { kind: 'daemon', agent: true }],
    [['--help'], { kind: 'help', topic: null }],
    [['-h'], { kind: 'help', topic: null }],
    [['help'], { kind: 'help', topic: null }],
    [['help', 'clean'], { kind: 'help', topic: 'clean' }],
    [['help', 'daemon'], { kind: 'help', topic: 'daemon' }],
    [['help', '--help'], { kind: 'help', topic: null }],
    [['clean', '--help'], { kind: 'help', topic: 'clean' }],
    [['check', '-h'], { kind: 'help', topic: 'check' }],
    [['clean', '--bogus', '--help'], { kind: 'help', topic: 'clean' }],
    [['daemon', '--help'], { kind: 'help', topic: 'daemon' }],
    [['--version'], { kind: 'version' }],
  ])('parses %j', (argv, expected) => {
    expect(parseCommandLine(argv)).toEqual(expected);
  });

  it.each([
    [[]],
    [['frobnicate']],
    [['--bogus']],
    [['help', 'frobnicate']],
    [['help', 'clean', 'extra']],
    [['clean']],
    [['clean', '--json']],
    [['clean', '--bogus', 'a.jpg']],
    [['clean', '-x', 'a.jpg']],
    [['clean', '-a.jpg']],
    [['clean', '--out']],
    [['clean', '--out', '--json', 'a.jpg']],
    [['clean', '--out=', 'a.jpg']],
    [['clean', '--out', 'a', '--out', 'b', 'c.jpg']],
    [['clean', '--json=yes', 'a.jpg']],
    [['clean', '--to-srgb=false', 'a.jpg']],
    [['clean', '--keep-orientation=maybe', 'a.jpg']],
    [['clean', '--keep-orientation=false', '--bake-orientation', 'a.jpg']],
    [['clean', '--json', '-']],
    [['clean', '--out', 'dir', '-']],
    [['clean', '-', 'a.jpg']],
    [['clean', '']],
    [['clean', '--out', 'dir', '--', '']],
    [['check', 'a.jpg', '']],
    [['check']],
    [['check', '-']],
    [['check', '--out', 'dir', 'a.jpg']],
    [['daemon', 'photos']],
    [['daemon', '--json']],
  ])('rejects %j as a usage error', (argv) => {
    expect(getParseErrorCode(argv)).toBe('E_USAGE');
  });

  it('names the unknown option and the fix', () => {
    expect(() => parseCommandLine(['clean', '-photo.jpg'])).toThrow(/`-p`.*`--`/s);
  });

  it('names the missing value of --out', () => {
    expect(() => parseCommandLine(['clean', '--out', '--json', 'a.jpg'])).toThrow(
      /`--out`.*`--json`/s,
    );
  });
});

describe('parseCommandLine for local commands', () => {
  it.each([
    [['agent', 'install'], { kind: 'agent', args: { action: 'install', dryRun: false } }],
    [
      ['agent', 'uninstall', '--dry-run'],
      { kind: 'agent', args: { action: 'uninstall', dryRun: true } },
    ],
    [['agent', 'status'], { kind: 'agent', args: { action: 'status', dryRun: false } }],
    [['doctor'], { kind: 'doctor' }],
    [['uninstall'], { kind: 'uninstall', args: { dryRun: false } }],
    [['uninstall', '--dry-run'], { kind: 'uninstall', args: { dryRun: true } }],
  ])('parses %j', (argv, expected) => {
    expect(parseCommandLine(argv)).toEqual(expected);
  });

  it.each([
    [['agent']],
    [['agent', 'start']],
    [['agent', 'status', '--dry-run']],
    [['agent', 'install', 'extra']],
    [['doctor', 'now']],
    [['forget', '--before']],
    [['forget', '--before', 'soon']],
    [['uninstall', 'everything']],
  ])('rejects %j', (argv) => {
    expect(getParseErrorCode(argv)).toBe('E_USAGE');
  });

  it('parses forget --before', () => {
    expect(parseCommandLine(['forget', '--before', '2025-02-01'])).toEqual({
      kind: 'forget',
      args: { before: new Date(2025, 1, 1) },
    });
  });
});

describe('parseCommandLine for daemon commands', () => {
  const now = new Date(2026, 11, 4, 14, 0, 0);
  const jobId = '01JF3K2Q8ZB5M7V4N6R9T0W1XY';
  const addDefaults = {
    kind: 'folders.add',
    path: 'shots',
    mode: 'in-place',
    output: null,
    existing: null,
    screenshots: false,
    json: false,
  };

  it.each([
    [['status'], { kind: 'status', json: false }],
    [['status', '--json'], { kind: 'status', json: true }],
    [['pause'], { kind: 'pause', folder: null, until: null, json: false }],
    [['pause', 'shots'], { kind: 'pause', folder: 'shots', until: null, json: false }],
    [
      ['pause', '--for', '1h'],
      { kind: 'pause', folder: null, until: new Date(2026, 11, 4, 15, 0), json: false },
    ],
    [
      ['pause', 'shots', '--for=30m', '--json'],
      { kind: 'pause', folder: 'shots', until: new Date(2026, 11, 4, 14, 30), json: true },
    ],
    [
      ['pause', '--until', '15:30'],
      { kind: 'pause', folder: null, until: new Date(2026, 11, 4, 15, 30), json: false },
    ],
    [
      ['pause', '--until', '2026-12-05T08:00'],
      { kind: 'pause', folder: null, until: new Date(2026, 11, 5, 8, 0), json: false },
    ],
    [['resume'], { kind: 'resume', folder: null, json: false }],
    [['resume', 'shots', '--json'], { kind: 'resume', folder: 'shots', json: true }],
    [['folders'], { kind: 'folders.list', json: false }],
    [['folders', '--json'], { kind: 'folders.list', json: true }],
    [['folders', 'list'], { kind: 'folders.list', json: false }],
    [['folders', 'list', '--json'], { kind: 'folders.list', json: true }],
    [['folders', 'add', 'shots'], addDefaults],
    [['folders', 'add', 'shots', '--mode', 'in-place'], addDefaults],
    [['folders', 'add', 'shots', '--json'], { ...addDefaults, json: true }],
    [
      ['folders', 'add', 'inbox', '--output', 'out'],
      { ...addDefaults, path: 'inbox', mode: 'output', output: 'out' },
    ],
    [
      ['folders', 'add', 'inbox', '--mode=output', '--output=out', '--existing', 'skip'],
      { ...addDefaults, path: 'inbox', mode: 'output', output: 'out', existing: 'skip' },
    ],
    [['folders', 'add', 'shots', '--existing', 'clean'], { ...addDefaults, existing: 'clean' }],
    [['folders', 'add', '--screenshots'], { ...addDefaults, path: null, screenshots: true }],
    [['folders', 'add', '--', '-odd'], { ...addDefaults, path: '-odd' }],
    [['folders', 'remove', 'shots'], { kind: 'folders.remove', path: 'shots', json: false }],
    [['recent'], { kind: 'recent', limit: null, json: false }],
    [['recent', '--json'], { kind: 'recent', limit: null, json: true }],
    [['recent', '--limit', '5'], { kind: 'recent', limit: 5, json: false }],
    [['recent', '--limit=500'], { kind: 'recent', limit: 500, json: false }],
    [['attention'], { kind: 'attention.list', json: false }],
    [['attention', '--json'], { kind: 'attention.list', json: true }],
    [['attention', 'list', '--json'], { kind: 'attention.list', json: true }],
    [['attention', 'retry', 'abc'], { kind: 'attention.retry', id: 'abc', json: false }],
    [
      ['attention', 'dismiss', 'abc', '--json'],
      { kind: 'attention.dismiss', id: 'abc', json: true },
    ],
    [['revert', jobId], { kind: 'revert', jobId, json: false }],
    [['revert', jobId.toLowerCase(), '--json'], { kind: 'revert', jobId, json: true }],
  ])('parses %j', (argv, expected) => {
    expect(parseCommandLine(argv, now)).toEqual({ kind: 'control', command: expected });
  });

  it.each([
    [['status', 'extra'], '`extra`'],
    [['status', '--watch'], '`--watch`'],
    [['pause', 'a', 'b'], '`b`'],
    [['pause', '--for'], '`--for DURATION`'],
    [['pause', '--for', '1x'], '`1x`'],
    [['pause', '--until', '25:00'], '`25:00`'],
    [['pause', '--for', '1h', '--until', '15:30'], '`--for` and `--until`'],
    [['pause', '--for', '1h', '--for', '2h'], 'more than once'],
    [['resume', '--for', '1h'], '`--for`'],
    [['resume', 'a', 'b'], '`b`'],
    [['folders', 'rename'], '`rename`'],
    [['folders', 'add'], 'missing PATH'],
    [['folders', 'add', 'a', 'b'], '`b`'],
    [['folders', 'add', 'a', '--mode', 'copy'], '`copy`'],
    [['folders', 'add', 'a', '--mode', 'output'], '`--output DIR`'],
    [['folders', 'add', 'a', '--mode', 'in-place', '--output', 'b'], '`--output b`'],
    [['folders', 'add', 'a', '--existing', 'all'], '`all`'],
    [['folders', 'add', '--screenshots', 'a'], '`a`'],
    [['folders', 'remove'], 'missing PATH'],
    [['folders', 'remove', 'a', '--mode', 'output'], '`--mode`'],
    [['folders', 'list', 'a'], '`a`'],
    [['recent', '--limit', '0'], '`0`'],
    [['recent', '--limit', '501'], '`501`'],
    [['recent', '--limit', '1.5'], '`1.5`'],
    [['recent', '--limit', 'all'], '`all`'],
    [['recent', 'a.jpg'], '`a.jpg`'],
    [['attention', 'clear'], '`clear`'],
    [['attention', 'retry'], 'missing ID'],
    [['attention', 'dismiss', 'a', 'b'], '`b`'],
    [['revert'], 'missing JOB_ID'],
    [['revert', 'abc'], '`abc`'],
    [['revert', '01JF3K2Q8ZB5M7V4N6R9T0W1XI'], '`01JF3K2Q8ZB5M7V4N6R9T0W1XI`'],
    [['revert', jobId, jobId], 'unexpected argument'],
  ])('rejects %j naming %s', (argv, expected) => {
    expect(getParseErrorCode(argv)).toBe('E_USAGE');
    expect(() => parseCommandLine(argv, now)).toThrow(expected);
  });

  it.each([
    [['status', '--help'], 'status'],
    [['pause', '-h'], 'pause'],
    [['folders', 'add', '--help'], 'folders'],
    [['attention', 'retry', '--help'], 'attention'],
    [['help', 'revert'], 'revert'],
  ])('parses %j as help on %s', (argv, topic) => {
    expect(parseCommandLine(argv, now)).toEqual({ kind: 'help', topic });
  });
});
