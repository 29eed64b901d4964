import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimSocket, type ClaimedSocket } from '../../src/daemon/claim-socket.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const claimed: ClaimedSocket[] = [];

afterEach(async () => {
  await Promise.all(claimed.splice(0).map((socket) => socket.close()));
  await removeTempDirs();
});

async function claim(socketPath: string): Promise<ClaimedSocket> {
  const socket = await claimSocket(socketPath);
  claimed.push(socket);
  return socket;
}

/** Leaves a socket file behind the way a crashed daemon does: its process is killed. */
async function leaveStaleSocket(socketPath: string): Promise<void> {
  const script =
    `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, ` +
    `() => process.kill(process.pid, 'SIGKILL'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
}

describe('claimSocket', () => {
  it('binds an owner-only socket in a 0700 folder', async () => {
    const socketPath = path.join(await createTempDir(), 'state', 'metaclear.sock');

    await claim(socketPath);

    expect((await stat(socketPath)).isSocket()).toBe(true);
    expect((await stat(socketPath)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(socketPath))).mode & 0o777).toBe(0o700);
  });

  it('rejects a second claim while the first listens', async () => {
    const socketPath = path.join(await createTempDir(), 'metaclear.sock');
    await claim(socketPath);

    await expect(claimSocket(socketPath)).rejects.toMatchObject({ code: 'E_DAEMON_RUNNING' });
  });

  it('replaces a socket left by a crash', async () => {
    const socketPath = path.join(await createTempDir(), 'metaclear.sock');
    await leaveStaleSocket(socketPath);
    expect(existsSync(socketPath)).toBe(true);

    const socket = await claim(socketPath);

    expect(socket.server.listening).toBe(true);
  });

  it('removes the socket file on close', async () => {
    const socketPath = path.join(await createTempDir(), 'metaclear.sock');
    const socket = await claim(socketPath);

    await socket.close();

    expect(existsSync(socketPath)).toBe(false);
    await expect(claim(socketPath)).resolves.toBeDefined();
  });
});
