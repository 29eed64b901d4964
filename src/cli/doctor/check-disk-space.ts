import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { createCheck, type DoctorCheck } from './doctor-check.js';

/** Below this many free bytes the check warns: 1 GiB, a few hundred large photos. */
export const LOW_SPACE_BYTES = 1024 ** 3;

/** Below this many free bytes the check fails: 100 MiB, where commits start failing. */
export const CRITICAL_SPACE_BYTES = 100 * 1024 ** 2;

/**
 * Checks the free space of the file system of each folder (the state dir and the vault): the
 * vault keeps a copy of every original, and the history and temp files need room too. A
 * missing folder is measured at its nearest existing parent.
 */
export async function checkDiskSpace(folders: readonly string[]): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const folder of new Set(folders)) {
    const measured = await measureFreeBytes(folder);
    if (measured === null) {
      checks.push(createCheck(`disk space ${folder}`, 'warn', 'cannot be measured'));
      continue;
    }
    const free = formatBytes(measured);
    if (measured < CRITICAL_SPACE_BYTES) {
      checks.push(
        createCheck(
          `disk space ${folder}`,
          'fail',
          `${free} free; free up space, or cleaning stops.`,
        ),
      );
    } else if (measured < LOW_SPACE_BYTES) {
      checks.push(createCheck(`disk space ${folder}`, 'warn', `only ${free} free.`));
    } else {
      checks.push(createCheck(`disk space ${folder}`, 'pass', `${free} free`));
    }
  }
  return checks;
}

async function measureFreeBytes(folder: string): Promise<number | null> {
  let current = path.resolve(folder);
  for (;;) {
    try {
      const stats = await statfs(current);
      return stats.bavail * stats.bsize;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) {
        return null;
      }
      current = parent;
    }
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) {
    return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  }
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}
