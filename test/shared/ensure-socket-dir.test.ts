import { chmod, mkdir, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureSocketDir } from '../../src/shared/ensure-socket-dir.js';
import { getSocketFallbackDir } from '../../src/shared/paths.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

let savedTmpDir: string | undefined;

beforeEach(async () => {
  // os.tmpdir() reads $TMPDIR on each call, so the fallback folder lands in a test folder.
  savedTmpDir = process.env.TMPDIR;
  process.env.TMPDIR = await createTempDir();
});

afterEach(async () => {
  if (savedTmpDir === undefined) {
    delete process.env.TMPDIR;
  } else {
    process.env.TMPDIR = savedTmpDir;
  }
  await removeTempDirs();
});

async function expectUnsafe(socketPath: string): Promise<void> {
  await expect(ensureSocketDir(socketPath)).rejects.toMatchObject({
    code: 'E_SOCKET_DIR_UNSAFE',
  });
}

describe('ensureSocketDir', () => {
  it('creates the fallback folder with mode 0700', async () => {
    const socketPath = path.join(getSocketFallbackDir(), 'abc.sock');

    await ensureSocketDir(socketPath);

    const stats = await stat(path.dirname(socketPath));
    expect(stats.isDirectory()).toBe(true);
    expect(stats.mode & 0o777).toBe(0o700);
  });

  it('accepts an existing private fallback folder', async () => {
    await mkdir(getSocketFallbackDir(), { mode: 0o700 });

    await expect(ensureSocketDir(path.join(getSocketFallbackDir(), 'a.sock'))).resolves.toBe(
      undefined,
    );
  });

  it('rejects a fallback folder that is a link', async () => {
    const target = path.join(process.env.TMPDIR ?? '', 'elsewhere');
    await mkdir(target, { mode: 0o700 });
    await symlink(target, getSocketFallbackDir());

    await expectUnsafe(path.join(getSocketFallbackDir(), 'a.sock'));
  });

  it('rejects a fallback folder open to others', async () => {
    await mkdir(getSocketFallbackDir());
    await chmod(getSocketFallbackDir(), 0o755);

    await expectUnsafe(path.join(getSocketFallbackDir(), 'a.sock'));
  });

  it('creates a missing state folder for the usual socket path', async () => {
    const stateDir = path.join(process.env.TMPDIR ?? '', 'home', 'state');

    await ensureSocketDir(path.join(stateDir, 'metaclear.sock'));

    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
  });
});
