import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getTrayPaths, launchTray, type TrayPaths } from '../../../src/cli/tray/launch-tray.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { waitUntil } from '../../helpers/wait.js';

afterEach(removeTempDirs);

interface FakeElectronRun {
  readonly argv: string[];
  readonly env: Record<string, string | undefined>;
}

/**
 * Lays out a checkout whose runtime package has a stand-in for Electron: a script that writes
 * its arguments and the tray's environment variables to `run.json` and exits.
 */
async function createFakeCheckout(options: {
  withPopup: boolean;
}): Promise<{ paths: TrayPaths; runFile: string }> {
  const root = await createTempDir();
  const paths = getTrayPaths(root);
  const electronDir = path.join(paths.runtimeDir, 'node_modules', 'electron');
  await mkdir(electronDir, { recursive: true });
  await writeFile(path.join(paths.runtimeDir, 'package.json'), '{"name":"runtime"}');
  const binary = path.join(root, 'fake-electron.js');
  await writeFile(
    binary,
    `#!${process.execPath}\n` +
      "const fs = require('node:fs');\n" +
      'const env = {};\n' +
      "for (const key of Object.keys(process.env).filter((name) => name.startsWith('METACLEAR_'))) {\n" +
      '  env[key] = process.env[key];\n' +
      '}\n' +
      `fs.writeFileSync(${JSON.stringify(path.join(root, 'run.json'))}, ` +
      'JSON.stringify({ argv: process.argv.slice(2), env }));\n',
  );
  await chmod(binary, 0o755);
  await writeFile(path.join(electronDir, 'package.json'), '{"name":"electron","main":"index.js"}');
  await writeFile(
    path.join(electronDir, 'index.js'),
    `module.exports = ${JSON.stringify(binary)};\n`,
  );
  await mkdir(path.dirname(paths.mainScript), { recursive: true });
  await writeFile(paths.mainScript, '');
  if (options.withPopup) {
    await mkdir(paths.appDir, { recursive: true });
    await writeFile(path.join(paths.appDir, 'popup.html'), '');
  }
  return { paths, runFile: path.join(root, 'run.json') };
}

describe('launchTray', () => {
  it('runs Electron on the main script', async () => {
    const { paths, runFile } = await createFakeCheckout({ withPopup: true });
    const home = await createTempDir();

    const child = await launchTray({ paths, env: { METACLEAR_HOME: home }, detached: true });
    const run = await waitUntil(async () => {
      try {
        return JSON.parse(await readFile(runFile, 'utf8')) as FakeElectronRun;
      } catch {
        return undefined;
      }
    });

    expect(child.pid).toBeGreaterThan(0);
    expect(run.argv).toEqual([paths.mainScript]);
    expect(run.env.METACLEAR_HOME).toBe(home);
    expect(run.env.METACLEAR_TRAY_APP).toBe(paths.appDir);
    expect(run.env.METACLEAR_TRAY_RUNTIME).toBe(paths.runtimeDir);
    expect(run.env.METACLEAR_TRAY_CLI).toBe(paths.cliScript);
    expect(run.env.METACLEAR_TRAY_NODE).toBe(process.execPath);
  });

  it('names the install step without Electron', async () => {
    const root = await createTempDir();

    const launching = launchTray({ paths: getTrayPaths(root), env: {}, detached: true });

    await expect(launching).rejects.toMatchObject({ code: 'E_TRAY_NOT_INSTALLED' });
    await expect(launching).rejects.toThrow('npm run tray');
  });

  it('refuses to start without the built popup', async () => {
    const { paths } = await createFakeCheckout({ withPopup: false });

    const launching = launchTray({ paths, env: {}, detached: true });

    await expect(launching).rejects.toMatchObject({ code: 'E_TRAY_NOT_INSTALLED' });
    await expect(launching).rejects.toThrow(paths.appDir);
  });
});
