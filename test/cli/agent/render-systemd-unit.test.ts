import { DAEMON_NODE_OPTIONS } from '../../../src/shared/daemon-node-options.js';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { renderSystemdUnit } from '../../../src/cli/agent/render-systemd-unit.js';
import { isAppError } from '../../../src/shared/errors.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { parseUnitFile, splitExecStart } from './parse-unit-file.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TEMPLATE = path.join(REPO_ROOT, 'systemd', 'metaclear.service');

afterEach(removeTempDirs);

async function render(
  values: Partial<Parameters<typeof renderSystemdUnit>[1]> = {},
): Promise<string> {
  return renderSystemdUnit(await readFile(TEMPLATE, 'utf8'), {
    node: '/usr/bin/node',
    entryScript: '/opt/metaclear/bin/metaclear.js',
    environment: {},
    ...values,
  });
}

describe('renderSystemdUnit', () => {
  it('sets the hardening options', async () => {
    const service = parseUnitFile(await render()).get('Service');

    expect(service?.get('RestrictAddressFamilies')).toEqual(['AF_UNIX']);
    expect(service?.get('NoNewPrivileges')).toEqual(['yes']);
    expect(service?.get('LockPersonality')).toEqual(['yes']);
    expect(service?.get('RestrictRealtime')).toEqual(['yes']);
    expect(service?.get('SystemCallArchitectures')).toEqual(['native']);
    expect(service?.get('Restart')).toEqual(['on-failure']);
    expect(service?.get('RestartPreventExitStatus')).toEqual(['5 78']);
  });

  it('leaves out the options that break node', async () => {
    const service = parseUnitFile(await render()).get('Service');

    expect(service?.has('MemoryDenyWriteExecute')).toBe(false);
    expect(service?.has('ProtectHome')).toBe(false);
    expect(service?.has('IPAddressDeny')).toBe(false);
    expect(service?.has('Environment')).toBe(false);
  });

  it('runs node with the entry script', async () => {
    const service = parseUnitFile(await render()).get('Service');
    const execStart = service?.get('ExecStart')?.[0] ?? '';

    expect(splitExecStart(execStart)).toEqual([
      '/usr/bin/node',
      ...DAEMON_NODE_OPTIONS,
      '/opt/metaclear/bin/metaclear.js',
      'daemon',
      '--agent',
    ]);
  });

  it('quotes odd characters in paths', async () => {
    const entryScript = '/home/ada/My "Apps"/100% $HOME\\meta/bin/metaclear.js';
    const service = parseUnitFile(await render({ entryScript })).get('Service');

    const words = splitExecStart(service?.get('ExecStart')?.[0] ?? '');
    expect(words[1 + DAEMON_NODE_OPTIONS.length]).toBe(entryScript);
  });

  it('writes METACLEAR_HOME as Environment', async () => {
    const environment = { METACLEAR_HOME: '/home/ada/meta clear' };
    const service = parseUnitFile(await render({ environment })).get('Service');

    expect(service?.get('Environment')).toEqual(['"METACLEAR_HOME=/home/ada/meta clear"']);
  });

  it('rejects a line break in a path', async () => {
    await expect(render({ node: '/usr/bin/no\nde' })).rejects.toSatisfy(
      (error: unknown) => isAppError(error) && error.code === 'E_AGENT_FAILED',
    );
  });

  it('installs into default.target', async () => {
    const install = parseUnitFile(await render()).get('Install');

    expect(install?.get('WantedBy')).toEqual(['default.target']);
  });
});

const execFileAsync = promisify(execFile);

async function hasSystemdAnalyze(): Promise<boolean> {
  try {
    await execFileAsync('systemd-analyze', ['--version']);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!(await hasSystemdAnalyze()))('systemd-analyze verify', () => {
  it('accepts the rendered unit', async () => {
    const dir = await createTempDir();
    const unitFile = path.join(dir, 'metaclear.service');
    await writeFile(unitFile, await render({ node: process.execPath }));

    const { stderr } = await execFileAsync('systemd-analyze', ['verify', unitFile]);

    expect(stderr).toBe('');
  });
});
