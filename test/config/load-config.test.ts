import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDefaultConfig } from '../../src/config/default-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { resolveLocations, type Locations } from '../../src/shared/paths.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

/** Locations of a fake home on Linux, with XDG defaults. */
async function createHomeLocations(): Promise<Locations> {
  return resolveLocations({}, 'linux', await createTempDir());
}

async function getMode(filePath: string): Promise<number> {
  return (await stat(filePath)).mode & 0o777;
}

describe('loadConfig', () => {
  it('writes the defaults on first start', async () => {
    const locations = await createHomeLocations();

    const config = await loadConfig(locations);

    const written: unknown = JSON.parse(await readFile(locations.configFile, 'utf8'));
    expect(written).toEqual(createDefaultConfig(locations));
    expect(written).toMatchObject({ folders: [{ path: '~/MetaClear/To Clean' }] });
    expect(config.folders[0]).toMatchObject({
      path: locations.defaultInbox,
      mode: 'output',
      output: locations.defaultOutput,
    });
    expect(config.originals.vault).toBe(locations.defaultVault);
  });

  it('creates the default folders and a private state and vault', async () => {
    const locations = await createHomeLocations();

    await loadConfig(locations);

    expect((await stat(locations.defaultInbox)).isDirectory()).toBe(true);
    expect((await stat(locations.defaultOutput)).isDirectory()).toBe(true);
    expect(await getMode(locations.defaultVault)).toBe(0o700);
    expect(await getMode(locations.stateDir)).toBe(0o700);
  });

  it('leaves no temp file beside the config', async () => {
    const locations = await createHomeLocations();

    await loadConfig(locations);

    expect(await readdir(path.dirname(locations.configFile))).toEqual(['config.json']);
  });

  it('writes absolute paths under METACLEAR_HOME', async () => {
    const home = await createTempDir();
    const metaclearHome = path.join(await createTempDir(), 'mc');
    const locations = resolveLocations({ METACLEAR_HOME: metaclearHome }, 'linux', home);

    await loadConfig(locations);

    const written = JSON.parse(await readFile(locations.configFile, 'utf8')) as {
      folders: { path: string; output: string }[];
      originals: { vault: string };
    };
    expect(written.folders[0]?.path).toBe(path.join(metaclearHome, 'To Clean'));
    expect(written.folders[0]?.output).toBe(path.join(metaclearHome, 'Cleaned'));
    expect(written.originals.vault).toBe(path.join(metaclearHome, 'Originals'));
    expect((await stat(path.join(metaclearHome, 'To Clean'))).isDirectory()).toBe(true);
  });

  it('reads an existing config without rewriting it', async () => {
    const locations = await createHomeLocations();
    await mkdir(path.dirname(locations.configFile), { recursive: true });
    const text = JSON.stringify({ version: 1, folders: [{ path: '~/Desktop', mode: 'in-place' }] });
    await writeFile(locations.configFile, text);

    const config = await loadConfig(locations);

    expect(config.folders[0]?.path).toBe(path.join(locations.home, 'Desktop'));
    expect(await readFile(locations.configFile, 'utf8')).toBe(text);
    await expect(stat(locations.defaultInbox)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects a config that is not JSON', async () => {
    const locations = await createHomeLocations();
    await mkdir(path.dirname(locations.configFile), { recursive: true });
    await writeFile(locations.configFile, '{ "version": 1, ');

    await expect(loadConfig(locations)).rejects.toMatchObject({
      code: 'E_CONFIG_INVALID',
      path: locations.configFile,
    });
  });

  it('rejects an invalid value naming its key path', async () => {
    const locations = await createHomeLocations();
    await mkdir(path.dirname(locations.configFile), { recursive: true });
    const folders = [{ path: '~/Desktop', mode: 'sideways' }];
    await writeFile(locations.configFile, JSON.stringify({ version: 1, folders }));

    await expect(loadConfig(locations)).rejects.toMatchObject({
      code: 'E_CONFIG_INVALID',
      message: expect.stringContaining('folders[0].mode') as unknown,
    });
  });

  it('rejects a config folder in place of the file', async () => {
    const locations = await createHomeLocations();
    await mkdir(locations.configFile, { recursive: true });

    await expect(loadConfig(locations)).rejects.toMatchObject({ code: 'E_CONFIG_INVALID' });
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable config', async () => {
    const locations = await createHomeLocations();
    await mkdir(path.dirname(locations.configFile), { recursive: true });
    await writeFile(locations.configFile, '{}');
    await chmod(locations.configFile, 0o000);

    await expect(loadConfig(locations)).rejects.toMatchObject({ code: 'E_PERMISSION' });
  });
});
