import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A tmpfs that is usually a separate device from the temp folder on Linux. */
const CANDIDATE_ROOT = '/dev/shm';

const created: string[] = [];

/**
 * Creates a folder on another device than `os.tmpdir()`, so that `link()` and `rename()`
 * between them fail with EXDEV. Returns null where no such device is writable, such as on
 * macOS. {@link removeOtherDeviceDirs} deletes the folders.
 */
export async function createOtherDeviceDir(): Promise<string | null> {
  if (!existsSync(CANDIDATE_ROOT)) {
    return null;
  }
  const dir = await mkdtemp(path.join(CANDIDATE_ROOT, 'metaclear-test-'));
  created.push(dir);
  const [tmpStats, dirStats] = await Promise.all([stat(os.tmpdir()), stat(dir)]);
  return tmpStats.dev === dirStats.dev ? null : dir;
}

/** Deletes every folder made by {@link createOtherDeviceDir}. */
export async function removeOtherDeviceDirs(): Promise<void> {
  const dirs = created.splice(0);
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
