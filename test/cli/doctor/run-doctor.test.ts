import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAgent } from '../../../src/cli/agent/run-agent.js';
import { runDoctor } from '../../../src/cli/doctor/run-doctor.js';
import type { ConfigInput } from '../../../src/config/config-schema.js';
import { createDefaultConfig } from '../../../src/config/default-config.js';
import { resolveLocations } from '../../../src/shared/paths.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import {
  createAgentTestHome,
  createRecordingRunner,
  createTestAgentContext,
  createTestCommandContext,
  type AgentTestHome,
  type RecordedCommand,
} from '../agent/agent-test-context.js';

const servers: net.Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise((resolve) => {
          server.close(resolve);
        }),
    ),
  );
  await removeTempDirs();
});

type Respond = (call: RecordedCommand) => { exitCode?: number; stdout?: string };

const INACTIVE_UNIT: Respond = () => ({
  stdout: 'ActiveState=inactive\nSubState=dead\nMainPID=0\nUnitFileState=\n',
});

async function doctor(
  testHome: AgentTestHome,
  platform: NodeJS.Platform = 'linux',
  respond: Respond = INACTIVE_UNIT,
): Promise<{ exitCode: number; lines: string[]; calls: RecordedCommand[] }> {
  const { runner, calls } = createRecordingRunner(respond);
  const { context, stdout } = createTestCommandContext(testHome.env);
  const exitCode = await runDoctor(context, createTestAgentContext(testHome, platform, runner));
  return { exitCode, lines: stdout().split('\n'), calls };
}

/** Writes the default config of the test home, changed by `edit`, and creates its folders. */
async function writeConfig(
  testHome: AgentTestHome,
  platform: NodeJS.Platform,
  edit: (config: ConfigInput) => unknown = (config) => config,
): Promise<void> {
  const locations = resolveLocations(testHome.env, platform, testHome.home);
  for (const folder of [locations.defaultInbox, locations.defaultOutput, locations.defaultVault]) {
    await mkdir(folder, { recursive: true });
  }
  await mkdir(path.dirname(locations.configFile), { recursive: true });
  const config = edit(createDefaultConfig(locations));
  await writeFile(locations.configFile, JSON.stringify(config));
}

function findLine(lines: readonly string[], subject: string): string {
  return lines.find((line) => line.slice(6).startsWith(subject)) ?? `(no ${subject} line)`;
}

describe('metaclear doctor', () => {
  it('passes a healthy home', async () => {
    const testHome = await createAgentTestHome();
    await writeConfig(testHome, 'linux');

    const result = await doctor(testHome);

    expect(result.exitCode).toBe(0);
    expect(findLine(result.lines, 'config')).toMatch(/^pass /);
    expect(findLine(result.lines, 'watched folder')).toMatch(/^pass .*readable$/);
    expect(findLine(result.lines, 'output folder')).toMatch(/^pass .*readable and writable$/);
    expect(findLine(result.lines, 'vault')).toMatch(/^pass /);
    expect(findLine(result.lines, 'sharp')).toMatch(/^pass .*libvips/);
    expect(findLine(result.lines, 'disk space')).toMatch(/^pass .*free$/);
    expect(findLine(result.lines, 'daemon')).toMatch(/^warn .*not running/);
    expect(findLine(result.lines, 'agent')).toMatch(/^warn .*not installed/);
  });

  it('fails an invalid config', async () => {
    const testHome = await createAgentTestHome();
    await writeConfig(testHome, 'linux', (config) => ({
      ...config,
      folders: [{ path: '/x', mode: 'sideways' }],
    }));

    const result = await doctor(testHome);

    expect(result.exitCode).toBe(1);
    expect(findLine(result.lines, 'config')).toMatch(/^fail .*folders\[0\]\.mode/);
    expect(result.lines.at(-2)).toMatch(/^1 failed/);
  });

  it('warns about a missing folder', async () => {
    const testHome = await createAgentTestHome();
    await writeConfig(testHome, 'linux', (config) => ({
      ...config,
      folders: [{ path: path.join(testHome.home, 'Gone'), mode: 'in-place' }],
    }));

    const result = await doctor(testHome);

    expect(findLine(result.lines, 'watched folder')).toMatch(/^warn .*does not exist/);
  });

  it('reaches a listening daemon', async () => {
    const testHome = await createAgentTestHome();
    const socketPath = resolveLocations(testHome.env, 'linux', testHome.home).socketPath;
    await mkdir(path.dirname(socketPath), { recursive: true });
    const server = net.createServer((connection) => connection.destroy());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));

    const result = await doctor(testHome);

    expect(findLine(result.lines, 'daemon')).toMatch(/^pass {2}daemon: reachable on /);
  });

  it('explains the macOS privacy fixes', async () => {
    const testHome = await createAgentTestHome();
    const desktop = path.join(testHome.home, 'Desktop');
    await mkdir(desktop);
    await writeConfig(testHome, 'darwin', (config) => ({
      ...config,
      folders: [{ path: desktop, mode: 'in-place' }],
    }));
    await installAgent(testHome, 'darwin');

    const result = await doctor(testHome, 'darwin', () => ({ stdout: 'EPERM\n' }));

    const line = findLine(result.lines, 'watched folder');
    expect(line).toMatch(/^warn /);
    expect(line).toContain(`Full Disk Access, add ${process.execPath}`);
    expect(line).toContain('defaults write com.apple.screencapture location');
    expect(line).toContain('~/MetaClear/Screenshots');
  });
});

async function installAgent(testHome: AgentTestHome, platform: NodeJS.Platform): Promise<void> {
  const { runner } = createRecordingRunner();
  const { context } = createTestCommandContext(testHome.env);
  await runAgent(
    { action: 'install', dryRun: false },
    context,
    createTestAgentContext(testHome, platform, runner),
  );
}

describe('doctor sandbox check', () => {
  it('runs the probe under sandbox-exec', async () => {
    const testHome = await createAgentTestHome();
    await installAgent(testHome, 'darwin');

    const result = await doctor(testHome, 'darwin', (call) =>
      call[0] === 'sandbox-exec' ? { stdout: 'EPERM\n' } : { exitCode: 113 },
    );

    const probe = result.calls.find((call) => call[0] === 'sandbox-exec');
    expect(probe?.slice(1, 3)).toEqual(['-f', expect.stringMatching(/launchd\/metaclear\.sb$/)]);
    expect(probe?.[4]).toMatch(/^SOCKET_PATH=\//);
    expect(probe?.slice(5, 7)).toEqual([process.execPath, '-e']);
    expect(findLine(result.lines, 'sandbox')).toMatch(/^pass .*\(EPERM\)/);
  });

  it('fails when the probe binds', async () => {
    const testHome = await createAgentTestHome();
    await installAgent(testHome, 'darwin');

    const result = await doctor(testHome, 'darwin', (call) =>
      call[0] === 'sandbox-exec' ? { stdout: 'BOUND\n' } : { exitCode: 113 },
    );

    expect(result.exitCode).toBe(1);
    expect(findLine(result.lines, 'sandbox')).toMatch(/^fail .*not blocked/);
  });

  it('reads the unit on Linux', async () => {
    const testHome = await createAgentTestHome();
    await installAgent(testHome, 'linux');

    const result = await doctor(testHome, 'linux', () => ({
      stdout: 'ActiveState=active\nSubState=running\nMainPID=9\nUnitFileState=enabled\n',
    }));

    expect(findLine(result.lines, 'sandbox')).toMatch(/^pass .*RestrictAddressFamilies=AF_UNIX/);
    expect(findLine(result.lines, 'agent')).toMatch(/^pass {2}agent: running with /);
    expect(result.calls.some((call) => call[0] === 'sandbox-exec')).toBe(false);
  });

  it('is left out without an agent', async () => {
    const testHome = await createAgentTestHome();

    const result = await doctor(testHome);

    expect(findLine(result.lines, 'sandbox')).toBe('(no sandbox line)');
  });
});
