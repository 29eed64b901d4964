import { readFile, stat, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  getTraySettingsPath,
  readTraySettings,
  writeTraySettings,
} from '../../../src/tray/main/tray-settings.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';

afterEach(removeTempDirs);

describe('tray settings', () => {
  it('defaults to notifications on without a file', async () => {
    expect(await readTraySettings(await createTempDir())).toEqual({ notifications: true });
  });

  it('defaults on an invalid file', async () => {
    const stateDir = await createTempDir();
    await writeFile(getTraySettingsPath(stateDir), '{"notifications": "sometimes"}');
    expect(await readTraySettings(stateDir)).toEqual({ notifications: true });
  });

  it('writes and reads back, owner-only', async () => {
    const stateDir = await createTempDir();
    await writeTraySettings(stateDir, { notifications: false });

    expect(await readTraySettings(stateDir)).toEqual({ notifications: false });
    expect(JSON.parse(await readFile(getTraySettingsPath(stateDir), 'utf8'))).toEqual({
      notifications: false,
    });
    expect((await stat(getTraySettingsPath(stateDir))).mode & 0o777).toBe(0o600);
  });
});
