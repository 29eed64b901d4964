import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { NODE_FILE_SYSTEM, type CommitFileSystem } from './commit-file-system.js';

/**
 * Returns where an original goes in the vault: `<vaultDir>/YYYY-MM-DD/<relativePath>`, dated by
 * the local date of `date`. On macOS the dated folder is `YYYY-MM-DD.noindex`, which Spotlight
 * skips, because the vault contains every original's GPS and names.
 *
 * @throws RangeError when `relativePath` is absolute, empty or leaves the dated folder.
 */
export function getVaultPath(
  vaultDir: string,
  relativePath: string,
  date: Date,
  platform: NodeJS.Platform = process.platform,
): string {
  const normalized = path.normalize(relativePath);
  if (
    relativePath === '' ||
    path.isAbsolute(normalized) ||
    normalized === '.' ||
    normalized === '..' ||
    normalized.startsWith(`..${path.sep}`)
  ) {
    throw new RangeError(
      `\`vaultRelativePath\` must be a relative path inside the vault; received ${JSON.stringify(relativePath)}`,
    );
  }
  return path.join(vaultDir, getDatedFolderName(date, platform), normalized);
}

function getDatedFolderName(date: Date, platform: NodeJS.Platform): string {
  const year = String(date.getFullYear()).padStart(4, '0');
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  const name = `${year}-${month}-${day}`;
  return platform === 'darwin' ? `${name}.noindex` : name;
}

const execFileAsync = promisify(execFile);

/**
 * Creates the folders of a vault path with mode 0700: the vault, the dated folder and the
 * subfolders of the relative path. On macOS a new dated folder is also excluded from Time
 * Machine, because the vault is full of location data.
 */
export async function createVaultFolders(
  vaultFile: string,
  vaultDir: string,
  fs: CommitFileSystem = NODE_FILE_SYSTEM,
): Promise<void> {
  await fs.mkdir(vaultDir, 0o700);
  const relativeDir = path.relative(vaultDir, path.dirname(vaultFile));
  const datedFolder = path.join(vaultDir, relativeDir.split(path.sep)[0] ?? '');
  const createdDated = (await fs.mkdir(datedFolder, 0o700)) !== undefined;
  await fs.mkdir(path.dirname(vaultFile), 0o700);
  if (createdDated && process.platform === 'darwin') {
    // NOTE: untested, because the tests run on Linux. `tmutil addexclusion` without -p sets the
    // xattr com.apple.metadata:com_apple_backup_excludeItem and needs no root. A failure is
    // ignored because the folder works without the exclusion.
    await execFileAsync('/usr/bin/tmutil', ['addexclusion', datedFolder]).catch(() => undefined);
  }
}
