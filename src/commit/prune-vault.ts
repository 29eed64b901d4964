import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** One dated vault folder that was removed. */
export interface PrunedFolder {
  readonly path: string;
  /** The folder's date, `YYYY-MM-DD`. */
  readonly date: string;
}

/** Options for {@link pruneVault}. */
export interface PruneVaultOptions {
  readonly vaultDir: string;
  /** Originals are kept this many whole days after the day they were stored. */
  readonly retentionDays: number;
  /** Today, in local time, counts as the day of `now`. */
  readonly now: Date;
}

/** `YYYY-MM-DD`, with the `.noindex` suffix of the macOS dated folders. */
const DATED_FOLDER = /^(\d{4}-\d{2}-\d{2})(\.noindex)?$/;

/**
 * Removes the vault's dated folders older than the retention period, judged by the folder
 * name (the local date the originals were stored), and returns them. With 30 days, on
 * 2024-06-15 the folders up to 2024-05-15 go. Other names in the vault are left alone, and so
 * are links, which are never followed.
 *
 * @throws RangeError when `retentionDays` is not a positive integer.
 */
export async function pruneVault(options: PruneVaultOptions): Promise<PrunedFolder[]> {
  const { vaultDir, retentionDays, now } = options;
  if (!Number.isSafeInteger(retentionDays) || retentionDays <= 0) {
    throw new RangeError(
      `\`retentionDays\` must be a positive integer; received ${JSON.stringify(retentionDays)} (${typeof retentionDays})`,
    );
  }
  const oldestKept = formatLocalDate(
    new Date(now.getFullYear(), now.getMonth(), now.getDate() - retentionDays),
  );
  const pruned: PrunedFolder[] = [];
  for (const name of await listNames(vaultDir)) {
    const date = DATED_FOLDER.exec(name)?.[1];
    const folder = path.join(vaultDir, name);
    if (date === undefined || date >= oldestKept || !(await isDirectory(folder))) {
      continue;
    }
    await rm(folder, { recursive: true, force: true });
    pruned.push({ path: folder, date });
  }
  return pruned;
}

function formatLocalDate(date: Date): string {
  const year = String(date.getFullYear()).padStart(4, '0');
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

async function listNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
}

async function isDirectory(filePath: string): Promise<boolean> {
  return (await lstat(filePath)).isDirectory();
}
