import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { openHistory } from '../../src/commit/history/open-history.js';
import { TEMP_FILE_PREFIX } from '../../src/commit/temp-file.js';
import { isContainerComplete } from '../../src/strip/is-container-complete.js';
import { listIdentifyingTags, readAllTags } from './exiftool.js';

/** Where a daemon run put its files. */
export interface AuditedFolders {
  readonly stateDir: string;
  /** Output-mode inboxes, which end empty once everything is cleaned. */
  readonly inboxes: readonly string[];
  /** In-place folders, whose files are all published files at the end. */
  readonly inPlaceFolders: readonly string[];
  readonly outputFolders: readonly string[];
  readonly vaultDir: string;
}

/** The outcome of {@link auditDurability}; every list is empty and every count 0 when sound. */
export interface DurabilityAudit {
  /** Originals put in, by distinct content. */
  readonly originals: number;
  /** Extra copies of an original's bytes beyond the first, summed over all originals. */
  readonly duplicates: number;
  /** Originals whose bytes exist nowhere. */
  readonly losses: number;
  /** Cleaned files in the output and in-place folders. */
  readonly published: number;
  /** Files still in an inbox, relative to it. */
  readonly leftInInbox: readonly string[];
  /** MetaClear temp files and staging folders anywhere in the folders. */
  readonly tempFiles: readonly string[];
  readonly incompleteOutputs: readonly string[];
  /** Published files where ExifTool finds identifying tags (names only, never values). */
  readonly dirtyOutputs: readonly string[];
  /** Ways in which the history disagrees with the disk. */
  readonly historyProblems: readonly string[];
}

interface WalkedFile {
  readonly path: string;
  readonly sha256: string;
}

/**
 * Checks what a daemon run left: every original's bytes exist exactly once (in the vault or
 * still at the source), published files are complete and clean, no temp file remains, and
 * the history agrees with the disk. `originals` contains the SHA-256 of each original put in.
 */
export async function auditDurability(
  folders: AuditedFolders,
  originals: ReadonlySet<string>,
): Promise<DurabilityAudit> {
  const tempFiles: string[] = [];
  const allFolders = [
    ...folders.inboxes,
    ...folders.inPlaceFolders,
    ...folders.outputFolders,
    folders.vaultDir,
  ];
  const files = (await Promise.all(allFolders.map((dir) => walkFiles(dir, tempFiles)))).flat();
  const counts = new Map<string, number>();
  for (const file of files) {
    counts.set(file.sha256, (counts.get(file.sha256) ?? 0) + 1);
  }
  let duplicates = 0;
  let losses = 0;
  for (const sha256 of originals) {
    const count = counts.get(sha256) ?? 0;
    duplicates += Math.max(0, count - 1);
    losses += count === 0 ? 1 : 0;
  }
  const published = files.filter((file) =>
    [...folders.inPlaceFolders, ...folders.outputFolders].some((dir) => isInside(file.path, dir)),
  );
  const leftInInbox = files
    .filter((file) => folders.inboxes.some((dir) => isInside(file.path, dir)))
    .map((file) => file.path);
  return {
    originals: originals.size,
    duplicates,
    losses,
    published: published.length,
    leftInInbox,
    tempFiles,
    incompleteOutputs: await findIncomplete(published),
    dirtyOutputs: await findDirty(published),
    historyProblems: checkHistory(folders, files, originals),
  };
}

async function walkFiles(dir: string, tempFiles: string[]): Promise<WalkedFile[]> {
  const found: WalkedFile[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const entryPath = path.join(dir, entry.name);
    if (entry.name.startsWith(TEMP_FILE_PREFIX)) {
      tempFiles.push(entryPath);
    }
    if (entry.isDirectory()) {
      found.push(...(await walkFiles(entryPath, tempFiles)));
    } else if (entry.isFile()) {
      const sha256 = createHash('sha256')
        .update(await readFile(entryPath))
        .digest('hex');
      found.push({ path: entryPath, sha256 });
    }
  }
  return found;
}

async function findIncomplete(published: readonly WalkedFile[]): Promise<string[]> {
  const incomplete: string[] = [];
  for (const file of published) {
    const bytes = await readFile(file.path);
    const decodes = await sharp(bytes, { failOn: 'error' })
      .raw()
      .toBuffer()
      .then(() => true)
      .catch(() => false);
    if (!decodes || !isContainerComplete(bytes)) {
      incomplete.push(file.path);
    }
  }
  return incomplete;
}

async function findDirty(published: readonly WalkedFile[]): Promise<string[]> {
  const dirty: string[] = [];
  for (const file of published) {
    const tags = listIdentifyingTags(await readAllTags(file.path));
    if (tags.length > 0) {
      dirty.push(`${file.path}: ${tags.join(', ')}`);
    }
  }
  return dirty;
}

function checkHistory(
  folders: AuditedFolders,
  files: readonly WalkedFile[],
  originals: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const byPath = new Map(files.map((file) => [file.path, file.sha256]));
  const history = openHistory(folders.stateDir);
  try {
    for (const job of history.jobs.listUnfinished()) {
      problems.push(`job ${job.id} for ${job.input} is unfinished (${job.status})`);
    }
    const jobs = history.jobs.listRecent(1_000_000);
    const commits = new Map<string, number>();
    for (const job of jobs) {
      if (job.commitState !== 'done' || job.result !== 'cleaned') {
        continue;
      }
      if (job.output === null || byPath.get(job.output) !== job.outputSha256) {
        problems.push(`job ${job.id} published ${job.output ?? 'nothing'}, which is not on disk`);
      }
      if (job.original === null || byPath.get(job.original) !== job.inputSha256) {
        problems.push(`job ${job.id} stored ${job.original ?? 'nothing'}, which is not on disk`);
      }
      const input = job.inputSha256 ?? '';
      commits.set(input, (commits.get(input) ?? 0) + 1);
    }
    for (const sha256 of originals) {
      const count = commits.get(sha256) ?? 0;
      if (count !== 1) {
        problems.push(`original ${sha256.slice(0, 12)} was committed ${count} times`);
      }
    }
    const indexed = new Set<string>();
    for (const entry of history.vault.listPresent()) {
      indexed.add(entry.vaultPath);
      if (byPath.get(entry.vaultPath) !== entry.sha256) {
        problems.push(`vault entry ${entry.vaultPath} is not on disk with its content`);
      }
    }
    for (const file of files.filter((walked) => isInside(walked.path, folders.vaultDir))) {
      if (!indexed.has(file.path)) {
        problems.push(`vault file ${file.path} is not in the vault index`);
      }
    }
  } finally {
    history.close();
  }
  return problems;
}

function isInside(filePath: string, dir: string): boolean {
  return filePath.startsWith(`${dir}${path.sep}`);
}

/** Returns the hex SHA-256 of a file. */
export async function hashFileForTest(filePath: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(filePath))
    .digest('hex');
}

/** Returns true when `filePath` exists, without following a link. */
export async function isPresent(filePath: string): Promise<boolean> {
  return lstat(filePath)
    .then(() => true)
    .catch(() => false);
}
