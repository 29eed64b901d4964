import { DAEMON_NODE_OPTIONS } from '../../../src/shared/daemon-node-options.js';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'plist';
import { afterEach, describe, expect, it } from 'vitest';
import { runAgent } from '../../../src/cli/agent/run-agent.js';
import { main } from '../../../src/cli/main.js';
import { isAppError } from '../../../src/shared/errors.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import {
  createAgentTestHome,
  createRecordingRunner,
  createTestAgentContext,
  createTestCommandContext,
  type AgentTestHome,
  type RecordedCommand,
} from './agent-test-context.js';
import { parseUnitFile, splitExecStart } from './parse-unit-file.js';

afterEach(removeTempDirs);

const PLIST_NAME = 'org.metaclear.daemon.plist';

async function run(
  testHome: AgentTestHome,
  platform: NodeJS.Platform,
  args: Parameters<typeof runAgent>[0],
  respond?: (call: RecordedCommand) => { exitCode?: number; stdout?: string; stderr?: string },
): Promise<{ exitCode: number; output: string; calls: RecordedCommand[] }> {
  const { runner, calls } = createRecordingRunner(respond);
  const { context, stdout } = createTestCommandContext(testHome.env);
  const exitCode = await runAgent(
    args,
    context,
    createTestAgentContext(testHome, platform, runner),
  );
  return { exitCode, output: stdout(), calls };
}

/** Lists every file under `dir`, relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) {
    return [];
  }
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

async function readRecord(testHome: AgentTestHome): Promise<Record<string, unknown>> {
  const text = await readFile(path.join(testHome.metaclearHome, 'state', 'agent.json'), 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

describe('agent install on macOS', () => {
  it('writes the plist and bootstraps it', async () => {
    const testHome = await createAgentTestHome();

    const result = await run(testHome, 'darwin', { action: 'install', dryRun: false });

    const plistPath = path.join(testHome.home, 'Library', 'LaunchAgents', PLIST_NAME);
    expect(result.exitCode).toBe(0);
    expect(result.calls).toEqual([
      ['launchctl', 'bootout', 'gui/501/org.metaclear.daemon'],
      ['launchctl', 'bootstrap', 'gui/501', plistPath],
    ]);
    const agent = parse(await readFile(plistPath, 'utf8')) as Record<string, unknown>;
    const programArguments = agent.ProgramArguments as string[];
    expect(programArguments.slice(5)).toEqual([
      process.execPath,
      ...DAEMON_NODE_OPTIONS,
      expect.stringMatching(/\/bin\/metaclear\.js$/),
      'daemon',
      '--agent',
    ]);
    expect(agent.EnvironmentVariables).toEqual({ METACLEAR_HOME: testHome.metaclearHome });
    expect((await stat(plistPath)).mode & 0o777).toBe(0o644);
    expect(existsSync(path.join(testHome.metaclearHome, 'logs'))).toBe(true);
  });

  it('records the node binary', async () => {
    const testHome = await createAgentTestHome();

    await run(testHome, 'darwin', { action: 'install', dryRun: false });

    const record = await readRecord(testHome);
    expect(record.node).toBe(process.execPath);
    expect(path.isAbsolute(record.entryScript as string)).toBe(true);
    expect(existsSync(record.entryScript as string)).toBe(true);
    expect(existsSync(record.sandboxProfile as string)).toBe(true);
    expect(record.platform).toBe('darwin');
    const recordPath = path.join(testHome.metaclearHome, 'state', 'agent.json');
    expect((await stat(recordPath)).mode & 0o777).toBe(0o600);
  });

  it('ignores bootout of an unloaded agent', async () => {
    const testHome = await createAgentTestHome();

    const result = await run(testHome, 'darwin', { action: 'install', dryRun: false }, (call) =>
      call[1] === 'bootout' ? { exitCode: 3, stderr: 'No such process' } : {},
    );

    expect(result.exitCode).toBe(0);
    expect(result.output).toContain('failed, as expected when the agent was not loaded');
  });

  it('fails when bootstrap fails', async () => {
    const testHome = await createAgentTestHome();

    const failing = run(testHome, 'darwin', { action: 'install', dryRun: false }, (call) =>
      call[1] === 'bootstrap' ? { exitCode: 5, stderr: 'Bootstrap failed: 5' } : {},
    );

    await expect(failing).rejects.toSatisfy(
      (error: unknown) => isAppError(error) && error.code === 'E_AGENT_FAILED',
    );
  });
});

describe('agent install on Linux', () => {
  it('writes the unit and enables it', async () => {
    const testHome = await createAgentTestHome();

    const result = await run(testHome, 'linux', { action: 'install', dryRun: false });

    const unitPath = path.join(testHome.xdgConfig, 'systemd', 'user', 'metaclear.service');
    expect(result.exitCode).toBe(0);
    expect(result.calls).toEqual([
      ['systemctl', '--user', 'daemon-reload'],
      ['systemctl', '--user', 'enable', '--now', 'metaclear.service'],
    ]);
    const service = parseUnitFile(await readFile(unitPath, 'utf8')).get('Service');
    const execStart = splitExecStart(service?.get('ExecStart')?.[0] ?? '');
    expect(execStart[0]).toBe(process.execPath);
    expect(execStart.slice(1, -3)).toEqual(DAEMON_NODE_OPTIONS);
    expect(execStart.slice(-2)).toEqual(['daemon', '--agent']);
    expect(service?.get('RestrictAddressFamilies')).toEqual(['AF_UNIX']);
    expect((await readRecord(testHome)).serviceFile).toBe(unitPath);
  });

  it('writes the malloc settings into the unit', async () => {
    const testHome = await createAgentTestHome();

    await run(testHome, 'linux', { action: 'install', dryRun: false });

    const unitPath = path.join(testHome.xdgConfig, 'systemd', 'user', 'metaclear.service');
    const service = parseUnitFile(await readFile(unitPath, 'utf8')).get('Service');
    expect(service?.get('Environment')).toEqual([
      '"MALLOC_MMAP_THRESHOLD_=131072"',
      `"METACLEAR_HOME=${testHome.metaclearHome}"`,
    ]);
  });

  it('restarts after the unit changed', async () => {
    const testHome = await createAgentTestHome();
    await run(testHome, 'linux', { action: 'install', dryRun: false });
    const unitPath = path.join(testHome.xdgConfig, 'systemd', 'user', 'metaclear.service');
    await writeFile(unitPath, '[Service]\nExecStart=/old/node\n');

    const result = await run(testHome, 'linux', { action: 'install', dryRun: false });

    expect(result.calls.at(-1)).toEqual(['systemctl', '--user', 'restart', 'metaclear.service']);
  });

  it('reports a missing user session', async () => {
    const testHome = await createAgentTestHome();

    const failing = run(testHome, 'linux', { action: 'install', dryRun: false }, () => ({
      exitCode: 1,
      stderr: 'Failed to connect to bus: No medium found',
    }));

    await expect(failing).rejects.toThrow('systemctl --user status');
  });
});

describe('agent --dry-run', () => {
  it.each(['darwin', 'linux'] as const)('changes nothing on %s', async (platform) => {
    const testHome = await createAgentTestHome();
    const root = path.dirname(testHome.home);
    const before = await listFiles(root);

    const result = await run(testHome, platform, { action: 'install', dryRun: true });

    expect(result.exitCode).toBe(0);
    expect(result.calls).toEqual([]);
    expect(await listFiles(root)).toEqual(before);
    expect(result.output).toContain('would write');
    expect(result.output).toContain(process.execPath);
    expect(result.output).toContain('would run');
  });

  it('prints the uninstall steps', async () => {
    const testHome = await createAgentTestHome();
    await run(testHome, 'linux', { action: 'install', dryRun: false });
    const before = await listFiles(path.dirname(testHome.home));

    const result = await run(testHome, 'linux', { action: 'uninstall', dryRun: true });

    expect(result.calls).toEqual([]);
    expect(await listFiles(path.dirname(testHome.home))).toEqual(before);
    expect(result.output).toContain('would run systemctl --user disable --now metaclear.service');
  });
});

describe('agent uninstall', () => {
  it('boots out and removes on macOS', async () => {
    const testHome = await createAgentTestHome();
    await run(testHome, 'darwin', { action: 'install', dryRun: false });

    const result = await run(testHome, 'darwin', { action: 'uninstall', dryRun: false });

    expect(result.calls).toEqual([['launchctl', 'bootout', 'gui/501/org.metaclear.daemon']]);
    expect(existsSync(path.join(testHome.home, 'Library', 'LaunchAgents', PLIST_NAME))).toBe(false);
    expect(existsSync(path.join(testHome.metaclearHome, 'state', 'agent.json'))).toBe(false);
  });

  it('disables and removes on Linux', async () => {
    const testHome = await createAgentTestHome();
    await run(testHome, 'linux', { action: 'install', dryRun: false });

    const result = await run(testHome, 'linux', { action: 'uninstall', dryRun: false });

    expect(result.calls).toEqual([
      ['systemctl', '--user', 'disable', '--now', 'metaclear.service'],
      ['systemctl', '--user', 'daemon-reload'],
    ]);
    expect(await listFiles(path.join(testHome.xdgConfig, 'systemd'))).toEqual([]);
    expect(existsSync(path.join(testHome.metaclearHome, 'state', 'agent.json'))).toBe(false);
  });

  it('removes files without systemd', async () => {
    const testHome = await createAgentTestHome();
    await run(testHome, 'linux', { action: 'install', dryRun: false });

    const result = await run(testHome, 'linux', { action: 'uninstall', dryRun: false }, () => ({
      exitCode: 1,
      stderr: 'Failed to connect to bus',
    }));

    expect(result.exitCode).toBe(0);
    expect(await listFiles(path.join(testHome.xdgConfig, 'systemd'))).toEqual([]);
  });
});

describe('agent status', () => {
  it('reports a running LaunchAgent', async () => {
    const testHome = await createAgentTestHome();
    await run(testHome, 'darwin', { action: 'install', dryRun: false });
    const printed = 'gui/501/org.metaclear.daemon = {\n\tstate = running\n\tpid = 4242\n}\n';

    const result = await run(testHome, 'darwin', { action: 'status', dryRun: false }, () => ({
      stdout: printed,
    }));

    expect(result.exitCode).toBe(0);
    expect(result.calls).toEqual([['launchctl', 'print', 'gui/501/org.metaclear.daemon']]);
    expect(result.output).toContain('service: running (running, pid 4242)');
    expect(result.output).toContain(`node: ${process.execPath}`);
  });

  it('reports an inactive unit', async () => {
    const testHome = await createAgentTestHome();
    await run(testHome, 'linux', { action: 'install', dryRun: false });
    const shown = 'ActiveState=failed\nSubState=failed\nMainPID=0\nUnitFileState=enabled\n';

    const result = await run(testHome, 'linux', { action: 'status', dryRun: false }, () => ({
      stdout: shown,
    }));

    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('service: not running (failed/failed)');
  });

  it('reports a missing node binary', async () => {
    const testHome = await createAgentTestHome();
    await run(testHome, 'linux', { action: 'install', dryRun: false });
    const recordPath = path.join(testHome.metaclearHome, 'state', 'agent.json');
    const record = await readRecord(testHome);
    const goneNode = path.join(await createTempDir(), 'node-18', 'bin', 'node');
    await writeFile(recordPath, JSON.stringify({ ...record, node: goneNode }));
    const shown = 'ActiveState=active\nSubState=running\nMainPID=77\nUnitFileState=enabled\n';

    const result = await run(testHome, 'linux', { action: 'status', dryRun: false }, () => ({
      stdout: shown,
    }));

    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(`missing: ${goneNode} no longer exists`);
  });

  it('reports no agent', async () => {
    const testHome = await createAgentTestHome();

    const result = await run(testHome, 'linux', { action: 'status', dryRun: false }, () => ({
      stdout: 'ActiveState=inactive\nSubState=dead\nMainPID=0\nUnitFileState=\n',
    }));

    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('agent.json: missing');
    expect(result.output).toContain('(missing)');
  });
});

describe('metaclear agent through main', () => {
  it('prints the dry run and exits 0', async () => {
    const testHome = await createAgentTestHome();
    const { context, stdout } = createTestCommandContext(testHome.env);

    const exitCode = await main(['agent', 'install', '--dry-run'], {
      io: context.io,
      env: testHome.env,
    });

    expect(exitCode).toBe(0);
    expect(stdout()).toContain('Dry run: nothing is written, removed or run.');
    expect(await listFiles(path.dirname(testHome.home))).toEqual([]);
  });

  it('exits 2 for an unknown action', async () => {
    const testHome = await createAgentTestHome();
    const { context } = createTestCommandContext(testHome.env);

    const exitCode = await main(['agent', 'start'], { io: context.io, env: testHome.env });

    expect(exitCode).toBe(2);
  });
});
