import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { isAppError } from '../../src/shared/errors.js';

const HOME = '/home/ada';
const SOURCE = '/home/ada/.config/metaclear/config.json';

const INBOX = { path: '~/MetaClear/To Clean', mode: 'output', output: '~/MetaClear/Cleaned' };

/** Parses `value` and returns the E_CONFIG_INVALID message; fails the test on success. */
function getConfigError(value: unknown): string {
  try {
    parseConfig(value, HOME, SOURCE);
  } catch (error) {
    if (isAppError(error) && error.code === 'E_CONFIG_INVALID') {
      return error.message;
    }
    throw error;
  }
  throw new Error('parseConfig accepted an invalid config');
}

describe('parseConfig', () => {
  it('fills defaults for left-out sections', () => {
    const config = parseConfig({ version: 1, folders: [INBOX] }, HOME, SOURCE);

    expect(config.originals).toEqual({
      action: 'vault',
      vault: '/home/ada/MetaClear/Originals',
      retentionDays: null,
    });
    expect(config.keep).toEqual({
      orientation: true,
      colorProfile: true,
      hdrGainMap: true,
      captureDate: false,
      copyright: false,
      contentCredentials: false,
    });
    expect(config.limits).toEqual({ maxFileBytes: 1_073_741_824, jobTimeoutMs: 30_000 });
    expect(config.settle).toEqual({ stableMs: 150, incompleteAfterMs: 600_000 });
    expect(config.concurrency).toBe(4);
    expect(config.log).toEqual({ level: 'info' });
  });

  it('expands ~ in every folder path', () => {
    const config = parseConfig(
      {
        version: 1,
        folders: [INBOX, { path: '~/Desktop', mode: 'in-place' }],
        originals: { vault: '~/Vault' },
      },
      HOME,
      SOURCE,
    );

    expect(config.folders[0]).toMatchObject({
      path: '/home/ada/MetaClear/To Clean',
      output: '/home/ada/MetaClear/Cleaned',
    });
    expect(config.folders[1]?.path).toBe('/home/ada/Desktop');
    expect(config.originals.vault).toBe('/home/ada/Vault');
  });

  it('normalises absolute paths', () => {
    const config = parseConfig(
      { version: 1, folders: [{ path: '/srv/photos/../shots/', mode: 'in-place' }] },
      HOME,
      SOURCE,
    );

    expect(config.folders[0]?.path).toBe('/srv/shots');
  });

  it('defaults existing to clean for output folders', () => {
    const config = parseConfig({ version: 1, folders: [INBOX] }, HOME, SOURCE);

    expect(config.folders[0]?.existing).toBe('clean');
    expect(config.folders[0]?.recursive).toBe(true);
  });

  it('defaults existing to skip for in-place folders', () => {
    const config = parseConfig(
      { version: 1, folders: [{ path: '~/Desktop', mode: 'in-place' }] },
      HOME,
      SOURCE,
    );

    expect(config.folders[0]?.existing).toBe('skip');
  });

  it('accepts the lossy opt-ins and per-folder keep keys', () => {
    const config = parseConfig(
      {
        version: 1,
        folders: [{ ...INBOX, keep: { orientation: 'bake', fileDates: true } }],
        keep: { colorProfile: 'srgb' },
      },
      HOME,
      SOURCE,
    );

    expect(config.folders[0]?.keep).toEqual({ orientation: 'bake', fileDates: true });
    expect(config.keep.colorProfile).toBe('srgb');
  });

  it('names the source file and suggests a fix', () => {
    const message = getConfigError({ version: 1, folders: [{ ...INBOX, mode: 'mirror' }] });

    expect(message).toContain(SOURCE);
    expect(message).toContain('delete the file to get the defaults');
  });

  it.each([
    ['folders[0].mode', { version: 1, folders: [{ ...INBOX, mode: 'mirror' }] }, '"in-place"'],
    ['folders[0].output', { version: 1, folders: [{ path: '~/In', mode: 'output' }] }, 'required'],
    [
      'folders[0].output',
      { version: 1, folders: [{ path: '~/In', mode: 'in-place', output: '~/Out' }] },
      'only with mode "output"',
    ],
    ['folders[0].path', { version: 1, folders: [{ ...INBOX, path: 'Pictures' }] }, 'absolute'],
    ['folders[0].existing', { version: 1, folders: [{ ...INBOX, existing: 'all' }] }, '"skip"'],
    [
      'folders[0].keep.orientation',
      { version: 1, folders: [{ ...INBOX, keep: { orientation: 'auto' } }] },
      '"bake"',
    ],
    ['keep.colorProfile', { version: 1, folders: [], keep: { colorProfile: 'p3' } }, '"srgb"'],
    ['version', { version: 2, folders: [] }, 'expected 1'],
    ['folders', { version: 1 }, 'is required (array)'],
    ['originals.action', { version: 1, folders: [], originals: { action: 'shred' } }, '"delete"'],
    ['originals.retentionDays', { version: 1, folders: [], originals: { retentionDays: 0 } }, '>0'],
    ['limits.maxFileBytes', { version: 1, folders: [], limits: { maxFileBytes: 1.5 } }, 'int'],
    ['concurrency', { version: 1, folders: [], concurrency: 0 }, '>=1'],
    ['log.level', { version: 1, folders: [], log: { level: 'verbose' } }, '"debug"'],
  ])('names %s when it is invalid', (keyPath, value, allowed) => {
    const message = getConfigError(value);

    expect(message).toContain(`${keyPath}: `);
    expect(message).toContain(allowed);
  });

  it.each([
    ['colour', { version: 1, folders: [], colour: true }],
    ['folders[0].recurse', { version: 1, folders: [{ ...INBOX, recurse: false }] }],
    ['keep.fileDate', { version: 1, folders: [], keep: { fileDate: true } }],
    ['folders[0].keep.gps', { version: 1, folders: [{ ...INBOX, keep: { gps: true } }] }],
  ])('rejects the unknown key %s', (keyPath, value) => {
    const message = getConfigError(value);

    expect(message).toContain(`${keyPath}: is not a known key`);
  });

  it('lists every invalid key at once', () => {
    const message = getConfigError({ version: 1, folders: [], concurrency: -1, extra: 1 });

    expect(message).toContain('concurrency: ');
    expect(message).toContain('extra: is not a known key');
  });

  it('rejects an output folder inside its own recursive inbox', () => {
    const message = getConfigError({
      version: 1,
      folders: [{ path: '~/In', mode: 'output', output: '~/In/Cleaned' }],
    });

    expect(message).toContain('folders[0].output: must be outside folders[0].path');
  });

  it('accepts an output folder inside a non-recursive inbox', () => {
    const config = parseConfig(
      {
        version: 1,
        folders: [{ path: '~/In', mode: 'output', output: '~/In/Cleaned', recursive: false }],
      },
      HOME,
      SOURCE,
    );

    expect(config.folders[0]?.path).toBe('/home/ada/In');
  });

  it('rejects an output folder equal to its inbox', () => {
    const message = getConfigError({
      version: 1,
      folders: [{ path: '~/In', mode: 'output', output: '/home/ada/In', recursive: false }],
    });

    expect(message).toContain('folders[0].output: must be outside folders[0].path');
  });

  it('rejects a vault inside a watched folder', () => {
    const message = getConfigError({
      version: 1,
      folders: [{ path: '~/Desktop', mode: 'in-place' }],
      originals: { vault: '~/Desktop/Originals' },
    });

    expect(message).toContain('originals.vault: must be outside folders[0].path');
  });

  it('rejects a watched folder inside the vault', () => {
    const message = getConfigError({
      version: 1,
      folders: [{ path: '~/Vault/Shots', mode: 'in-place', recursive: false }],
      originals: { vault: '~/Vault' },
    });

    expect(message).toContain('folders[0].path: must be outside originals.vault');
  });

  it('rejects a repeated watched folder', () => {
    const message = getConfigError({
      version: 1,
      folders: [
        { path: '~/Desktop', mode: 'in-place' },
        { path: '/home/ada/Desktop/', mode: 'in-place' },
      ],
    });

    expect(message).toContain('folders[1].path: repeats folders[0].path');
  });

  it('rejects a folder nested in a recursive one', () => {
    const message = getConfigError({
      version: 1,
      folders: [
        { path: '~/Pictures/Shots', mode: 'in-place' },
        { path: '~/Pictures', mode: 'in-place' },
      ],
    });

    expect(message).toContain('folders[1].path: overlaps folders[0].path');
  });

  it('accepts a folder nested in a non-recursive one', () => {
    const config = parseConfig(
      {
        version: 1,
        folders: [
          { path: '~/Pictures', mode: 'in-place', recursive: false },
          { path: '~/Pictures/Shots', mode: 'in-place' },
        ],
      },
      HOME,
      SOURCE,
    );

    expect(config.folders).toHaveLength(2);
  });

  it('does not mistake a sibling with a common prefix for a subfolder', () => {
    const config = parseConfig(
      {
        version: 1,
        folders: [{ path: '~/In', mode: 'output', output: '~/In-Cleaned' }],
        originals: { vault: '~/..Vault' },
      },
      HOME,
      SOURCE,
    );

    expect(config.folders[0]).toMatchObject({ output: '/home/ada/In-Cleaned' });
  });
});
