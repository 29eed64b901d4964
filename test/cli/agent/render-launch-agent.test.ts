import { DAEMON_NODE_OPTIONS } from '../../../src/shared/daemon-node-options.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'plist';
import { describe, expect, it } from 'vitest';
import { renderLaunchAgent } from '../../../src/cli/agent/render-launch-agent.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TEMPLATE = path.join(REPO_ROOT, 'launchd', 'org.metaclear.daemon.plist');

const VALUES = {
  label: 'org.metaclear.daemon',
  sandboxProfile: '/opt/Meta & Clear/launchd/metaclear.sb',
  socketPath: '/Users/ada/Library/Application Support/MetaClear/metaclear.sock',
  node: '/opt/homebrew/Cellar/node/22.1.0/bin/node',
  entryScript: '/opt/Meta & Clear/bin/metaclear.js',
  logDir: '/Users/ada/Library/Logs/MetaClear',
  environment: {},
};

async function renderAndParse(
  values: Parameters<typeof renderLaunchAgent>[1] = VALUES,
): Promise<Record<string, unknown>> {
  const xml = renderLaunchAgent(await readFile(TEMPLATE, 'utf8'), values);
  return parse(xml) as Record<string, unknown>;
}

describe('renderLaunchAgent', () => {
  it('runs the daemon under sandbox-exec', async () => {
    const agent = await renderAndParse();

    expect(agent.Label).toBe('org.metaclear.daemon');
    expect(agent.ProgramArguments).toEqual([
      '/usr/bin/sandbox-exec',
      '-f',
      VALUES.sandboxProfile,
      '-D',
      `SOCKET_PATH=${VALUES.socketPath}`,
      VALUES.node,
      ...DAEMON_NODE_OPTIONS,
      VALUES.entryScript,
      'daemon',
      '--agent',
    ]);
  });

  it('sets the launchd keys', async () => {
    const agent = await renderAndParse();

    expect(agent.RunAtLoad).toBe(true);
    expect(agent.KeepAlive).toEqual({ SuccessfulExit: false });
    expect(agent.ProcessType).toBe('Background');
    expect(agent.LowPriorityIO).toBe(true);
    expect(agent.Nice).toBe(10);
    expect(agent.StandardOutPath).toBe(`${VALUES.logDir}/agent.out.log`);
    expect(agent.StandardErrorPath).toBe(`${VALUES.logDir}/agent.err.log`);
    expect(agent).not.toHaveProperty('EnvironmentVariables');
  });

  it('escapes XML characters in paths', async () => {
    const xml = renderLaunchAgent(await readFile(TEMPLATE, 'utf8'), VALUES);

    expect(xml).toContain('/opt/Meta &amp; Clear/bin/metaclear.js');
    expect(xml).not.toContain('@NODE@');
  });

  it('passes METACLEAR_HOME on', async () => {
    const agent = await renderAndParse({ ...VALUES, environment: { METACLEAR_HOME: '/tmp/h' } });

    expect(agent.EnvironmentVariables).toEqual({ METACLEAR_HOME: '/tmp/h' });
  });

  it('rejects an unknown placeholder', () => {
    const template =
      '<plist version="1.0"><dict><key>A</key><string>@NOPE@</string></dict></plist>';

    expect(() => renderLaunchAgent(template, VALUES)).toThrow('@NOPE@');
  });
});

describe('sandbox profile', () => {
  it('denies the network but our socket', async () => {
    const profile = await readFile(path.join(REPO_ROOT, 'launchd', 'metaclear.sb'), 'utf8');
    const rules = profile
      .split('\n')
      .filter((line) => line.startsWith('('))
      .map((line) => line.trim());

    expect(rules).toEqual([
      '(version 1)',
      '(allow default)',
      '(deny network*)',
      '(allow network-bind (local unix-socket (path-literal (param "SOCKET_PATH"))))',
      '(allow network-inbound (local unix-socket (path-literal (param "SOCKET_PATH"))))',
      '(allow network-outbound (remote unix-socket (path-literal (param "SOCKET_PATH"))))',
    ]);
  });
});
