import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reportMissingDependency } from './ci.js';

/**
 * Extended attributes are written and read in tests with `setfattr` and `getfattr` from
 * Debian's `attr` package, a writer independent of the fs-xattr module that production uses.
 */

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Returns true when the temp dir's file system stores `user.` attributes. */
function supportsUserXattrs(): boolean {
  const probe = path.join(os.tmpdir(), `metaclear-xattr-probe-${process.pid}`);
  writeFileSync(probe, '');
  try {
    execFileSync('setfattr', ['-n', 'user.metaclear.probe', '-v', '1', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('rm', ['-f', probe]);
  }
}

/**
 * Returns true when xattr tests must be skipped (warned loudly), and throws under
 * `METACLEAR_CI=1` instead.
 */
export function shouldSkipXattrTests(): boolean {
  if (process.platform !== 'linux') {
    return reportMissingDependency('a Linux host', 'The xattr tests use setfattr and getfattr.');
  }
  if (!hasTool('setfattr') || !hasTool('getfattr')) {
    return reportMissingDependency(
      'setfattr/getfattr',
      'Install them with `apt-get install attr`.',
    );
  }
  if (!supportsUserXattrs()) {
    return reportMissingDependency(
      `user extended attributes on ${os.tmpdir()}`,
      'Point TMPDIR at an ext4, XFS or Btrfs folder.',
    );
  }
  return false;
}

/** Sets one extended attribute with `setfattr`. */
export function setXattr(filePath: string, name: string, value: string): void {
  execFileSync('setfattr', ['-n', name, '-v', value, filePath]);
}

/** Lists the `user.` attribute names of a file with `getfattr`, sorted. */
export function listUserXattrs(filePath: string): string[] {
  const output = execFileSync('getfattr', ['--absolute-names', '-m', '^user\\.', filePath], {
    encoding: 'utf8',
  });
  return output
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .sort();
}
