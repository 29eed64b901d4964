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
