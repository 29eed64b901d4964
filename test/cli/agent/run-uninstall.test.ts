import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAgent } from '../../../src/cli/agent/run-agent.js';
import { runUninstall } from '../../../src/cli/agent/run-uninstall.js';
import { createDefaultConfig } from '../../../src/config/default-config.js';
import { isAppError } from '../../../src/shared/errors.js';
import { resolveLocations, type Locations } from '../../../src/shared/paths.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import {
  createAgentTestHome,
  createRecordingRunner,
  createTestAgentContext,
  createTestCommandContext,
  type AgentTestHome,
} from './agent-test-context.js';

const servers: net.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.close();
  }
  await removeTempDirs();
});

/** Creates a used home: config, history, logs, an original in the vault, and the agent. */
async function createUsedHome(testHome: AgentTestHome): Promise<Locations> {
  const locations = resolveLocations(testHome.env, 'linux', testHome.home);
  await mkdir(path.dirname(locations.configFile), { recursive: true });
  await writeFile(locations.configFile, JSON.stringify(createDefaultConfig(locations)));
  await mkdir(locations.stateDir, { recursive: true });
  await writeFile(path.join(locations.stateDir, 'history.db'), 'history');
  await mkdir(locations.logDir, { recursive: true });
  await writeFile(path.join(locations.logDir, 'daemon.2026-01-01.1.log'), '{}\n');
  await mkdir(path.join(locations.defaultVault, '2026-01-01'), { recursive: true });
  await writeFile(path.join(locations.defaultVault, '2026-01-01', 'photo.jpg'), 'original');
  await mkdir(locations.defaultOutput, { recursive: true });
  await writeFile(path.join(locations.defaultOutput, 'photo.jpg'), 'cleaned');
  const { runner } = createRecordingRunner();
  const { context } = createTestCommandContext(testHome.env);
  await runAgent(
    { action: 'install', dryRun: false },
    context,
    createTestAgentContext(testHome, 'linux', runner),
  );
  return locations;
}

async function uninstall(
  testHome: AgentTestHome,
  dryRun: boolean,
): Promise<{ exitCode: number; output: string; calls: (readonly string[])[] }> {
  const { runner, calls } = createRecordingRunner();
  const { context, stdout } = createTestCommandContext(testHome.env);
  const agent = createTestAgentContext(testHome, 'linux', runner);
  const exitCode = await runUninstall({ dryRun }, context, agent, { stopTimeoutMs: 300 });
  return { exitCode, output: stdout(), calls };
}

describe('metaclear uninstall', () => {
  it('removes agent, config, state and logs', async () => {
    const testHome = await createAgentTestHome();
    const locations = await createUsedHome(testHome);

    const result = await uninstall(testHome, false);

    expect(result.exitCode).toBe(0);
    expect(result.calls[0]).toEqual([
      'systemctl',
      '--user',
      'disable',
      '--now',
      'metaclear.service',
    ]);
    expect(existsSync(path.join(testHome.xdgConfig, 'systemd', 'user', 'metaclear.service'))).toBe(
      false,
    );
    expect(existsSync(locations.configFile)).toBe(false);
    expect(existsSync(locations.stateDir)).toBe(false);
    expect(existsSync(locations.logDir)).toBe(false);
  });

  it('keeps the vault and says where', async () => {
    const testHome = await createAgentTestHome();
    const locations = await createUsedHome(testHome);

    const result = await uninstall(testHome, false);

    expect(existsSync(path.join(locations.defaultVault, '2026-01-01', 'photo.jpg'))).toBe(true);
    expect(existsSync(path.join(locations.defaultOutput, 'photo.jpg'))).toBe(true);
    expect(result.output).toContain(
      `The vault with your originals is kept: ${locations.defaultVault}`,
    );
  });

  it('changes nothing with --dry-run', async () => {
    const testHome = await createAgentTestHome();
    const locations = await createUsedHome(testHome);

    const result = await uninstall(testHome, true);

    expect(result.calls).toEqual([]);
    expect(existsSync(locations.configFile)).toBe(true);
    expect(existsSync(path.join(locations.stateDir, 'history.db'))).toBe(true);
    expect(result.output).toContain(`would remove ${locations.stateDir} and everything in it`);
    expect(result.output).toContain('The vault with your originals is kept');
  });

  it('keeps a folder that contains the vault', async () => {
    const testHome = await createAgentTestHome();
    const locations = await createUsedHome(testHome);
    const config = createDefaultConfig(locations);
    const innerVault = path.join(locations.stateDir, 'Originals');
    await writeFile(
      locations.configFile,
      JSON.stringify({ ...config, originals: { ...config.originals, vault: innerVault } }),
    );

    const result = await uninstall(testHome, false);

    expect(existsSync(path.join(locations.stateDir, 'history.db'))).toBe(true);
    expect(result.output).toContain(
      `kept ${locations.stateDir}, because it contains ${innerVault}`,
    );
  });

  it('stops while a daemon runs', async () => {
    const testHome = await createAgentTestHome();
    const locations = await createUsedHome(testHome);
    const server = net.createServer((connection) => connection.destroy());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(locations.socketPath, resolve));

    const running = uninstall(testHome, false);

    await expect(running).rejects.toSatisfy(
      (error: unknown) => isAppError(error) && error.code === 'E_DAEMON_RUNNING',
    );
    expect(existsSync(path.join(locations.stateDir, 'history.db'))).toBe(true);
  });

  it('rejects an invalid config', async () => {
    const testHome = await createAgentTestHome();
    const locations = await createUsedHome(testHome);
    await writeFile(locations.configFile, '{"version": 1, "folders": "nope"}');

    const failing = uninstall(testHome, false);

    await expect(failing).rejects.toSatisfy(
      (error: unknown) => isAppError(error) && error.code === 'E_CONFIG_INVALID',
    );
    expect(existsSync(locations.stateDir)).toBe(true);
  });
});
