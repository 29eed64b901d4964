import {
  DAEMON_MALLOC_ENVIRONMENT,
  DAEMON_NODE_OPTIONS,
} from '../../../src/shared/daemon-node-options.js';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon } from '../../../src/tray/main/start-daemon.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';

const AGENT = {
  version: 1,
  platform: 'linux',
  service: 'metaclear.service',
  node: '/usr/local/bin/node',
  entryScript: '/opt/metaclear/bin/metaclear.js',
  serviceFile: '/home/ada/.config/systemd/user/metaclear.service',
  sandboxProfile: null,
  metaclearHome: null,
};

function createRecorder(failRun = false) {
  const calls: { kind: 'run' | 'launch'; file: string; args: readonly string[] }[] = [];
  return {
    calls,
    run: (file: string, args: readonly string[]) => {
      calls.push({ kind: 'run', file, args });
      return failRun ? Promise.reject(new Error('unit not found')) : Promise.resolve();
    },
    launch: (file: string, args: readonly string[]) => {
      calls.push({ kind: 'launch', file, args });
    },
  };
}

afterEach(removeTempDirs);

describe('startDaemon', () => {
  it('starts the installed systemd agent', async () => {
    const stateDir = await createTempDir();
    await writeFile(path.join(stateDir, 'agent.json'), JSON.stringify(AGENT));
    const recorder = createRecorder();

    const how = await startDaemon({ stateDir, platform: 'linux', fallback: null, ...recorder });

    expect(how).toBe('agent');
    expect(recorder.calls).toEqual([
      { kind: 'run', file: 'systemctl', args: ['--user', 'start', 'metaclear.service'] },
    ]);
  });

  it('kickstarts the launchd agent on macOS', async () => {
    const stateDir = await createTempDir();
    await writeFile(
      path.join(stateDir, 'agent.json'),
      JSON.stringify({ ...AGENT, platform: 'darwin', service: 'org.metaclear.daemon' }),
    );
    const recorder = createRecorder();

    await startDaemon({ stateDir, platform: 'darwin', fallback: null, ...recorder });

    expect(recorder.calls[0]?.file).toBe('/bin/launchctl');
    expect(recorder.calls[0]?.args[0]).toBe('kickstart');
    expect(recorder.calls[0]?.args[1]).toMatch(/^gui\/\d+\/org\.metaclear\.daemon$/);
  });

  it("runs the agent's node when the agent does not start", async () => {
    const stateDir = await createTempDir();
    await writeFile(path.join(stateDir, 'agent.json'), JSON.stringify(AGENT));
    const recorder = createRecorder(true);

    const how = await startDaemon({ stateDir, platform: 'linux', fallback: null, ...recorder });

    expect(how).toBe('process');
    expect(recorder.calls.at(-1)).toEqual({
      kind: 'launch',
      file: '/usr/local/bin/node',
      args: [...DAEMON_NODE_OPTIONS, '/opt/metaclear/bin/metaclear.js', 'daemon'],
    });
  });

  it('runs the fallback without agent.json', async () => {
    const stateDir = await createTempDir();
    const recorder = createRecorder();

    await startDaemon({
      stateDir,
      platform: 'linux',
      fallback: { node: '/usr/bin/node', entryScript: '/src/metaclear/bin/metaclear.js' },
      ...recorder,
    });

    expect(recorder.calls).toEqual([
      {
        kind: 'launch',
        file: '/usr/bin/node',
        args: [...DAEMON_NODE_OPTIONS, '/src/metaclear/bin/metaclear.js', 'daemon'],
      },
    ]);
  });

  it('gives a Linux daemon the malloc setting', async () => {
    const stateDir = await createTempDir();
    const envs: NodeJS.ProcessEnv[] = [];
    const fallback = { node: '/usr/bin/node', entryScript: '/src/metaclear/bin/metaclear.js' };
    const launch = (_file: string, _args: readonly string[], env: NodeJS.ProcessEnv) => {
      envs.push(env);
    };

    await startDaemon({ stateDir, platform: 'linux', fallback, env: { HOME: '/h' }, launch });
    await startDaemon({ stateDir, platform: 'darwin', fallback, env: { HOME: '/h' }, launch });

    expect(envs).toEqual([{ HOME: '/h', ...DAEMON_MALLOC_ENVIRONMENT }, { HOME: '/h' }]);
  });

  it('rejects when neither agent nor fallback is known', async () => {
    const stateDir = await createTempDir();
    await writeFile(path.join(stateDir, 'agent.json'), '{"not": "an agent record"}');

    await expect(
      startDaemon({ stateDir, platform: 'linux', fallback: null, ...createRecorder() }),
    ).rejects.toMatchObject({ code: 'E_DAEMON_UNREACHABLE' });
  });
});
