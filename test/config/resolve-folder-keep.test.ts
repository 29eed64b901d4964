import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { resolveFolderKeep } from '../../src/config/resolve-folder-keep.js';

function createConfig(value: Record<string, unknown>) {
  return parseConfig({ version: 1, ...value }, '/home/ada', 'config.json');
}

const INBOX = { path: '~/In', mode: 'output', output: '~/Out' };
const DESKTOP = { path: '~/Desktop', mode: 'in-place' };

describe('resolveFolderKeep', () => {
  it('uses the top-level keep without folder overrides', () => {
    const config = createConfig({ folders: [INBOX], keep: { captureDate: true } });
    const folder = config.folders[0];
    if (folder === undefined) throw new Error('the config has no folder');

    expect(resolveFolderKeep(config, folder)).toEqual({
      orientation: true,
      colorProfile: true,
      hdrGainMap: true,
      captureDate: true,
      copyright: false,
      contentCredentials: false,
      fileDates: false,
    });
  });

  it('overrides key by key', () => {
    const config = createConfig({
      folders: [{ ...INBOX, keep: { orientation: 'bake', copyright: true } }],
      keep: { colorProfile: 'srgb', copyright: false, captureDate: true },
    });
    const folder = config.folders[0];
    if (folder === undefined) throw new Error('the config has no folder');

    const keep = resolveFolderKeep(config, folder);

    expect(keep.orientation).toBe('bake');
    expect(keep.copyright).toBe(true);
    expect(keep.colorProfile).toBe('srgb');
    expect(keep.captureDate).toBe(true);
  });

  it('keeps file dates by default in place only', () => {
    const config = createConfig({ folders: [INBOX, DESKTOP] });
    const [inbox, desktop] = config.folders;
    if (inbox === undefined || desktop === undefined) throw new Error('folders missing');

    expect(resolveFolderKeep(config, inbox).fileDates).toBe(false);
    expect(resolveFolderKeep(config, desktop).fileDates).toBe(true);
  });

  it('takes fileDates from the folder, then the top level', () => {
    const config = createConfig({
      folders: [INBOX, { ...DESKTOP, keep: { fileDates: true } }],
      keep: { fileDates: false },
    });
    const [inbox, desktop] = config.folders;
    if (inbox === undefined || desktop === undefined) throw new Error('folders missing');

    expect(resolveFolderKeep(config, inbox).fileDates).toBe(false);
    expect(resolveFolderKeep(config, desktop).fileDates).toBe(true);
  });

  it('returns a frozen policy', () => {
    const config = createConfig({ folders: [DESKTOP] });
    const folder = config.folders[0];
    if (folder === undefined) throw new Error('the config has no folder');

    expect(Object.isFrozen(resolveFolderKeep(config, folder))).toBe(true);
  });
});
