import type { BigIntStats } from 'node:fs';
import path from 'node:path';
import { sortKinds } from '../shared/kinds.js';
import type { CleanFileReport } from '../shared/report.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import type { StripResult } from '../strip/strip-result.js';
import type { CleanedFile, CleanFileFunction } from './clean-file-function.js';
import type { CommitFileSystem } from './commit-file-system.js';
import type { CommitJournal, CommittedFiles } from './commit-journal.js';
import type { CommitStepHook } from './commit-steps.js';
import { commitWithJournal } from './commit-with-journal.js';
import { describeFailure } from './describe-failure.js';
import { readFileXattrs, removeXattrs, type FileXattrs } from './extended-attributes.js';
import { getFileTimes } from './file-times.js';
import { hashBytes } from './hash-file.js';
import type { OriginalsOptions } from './originals-options.js';
import { publishBytes } from './publish-bytes.js';
import { releaseBytes } from './release-bytes.js';
import {
  assertSourceUnchanged,
  readSourceContents,
  statSourceFile,
  type SourceBytes,
  type SourceFile,
} from './source-file.js';
import { getVaultPath } from './vault-path.js';

export type { OriginalsOptions } from './originals-options.js';

/** Destination of the cleaned file. */
export type Publish =
  /** Replace the input; the original goes to the vault, the trash, or away. */
  | { readonly mode: 'in-place' }
  /** Publish to `outputPath` (a watched folder's output); the input then leaves its folder. */
  | { readonly mode: 'output'; readonly outputPath: string }
  /** Publish to `outputPath` (`clean --out`); the input stays untouched. */
  | { readonly mode: 'copy'; readonly outputPath: string };

/** Options for {@link processFile}. */
export interface ProcessFileOptions {
  /** The file to clean. */
  readonly input: string;
  readonly publish: Publish;
  readonly policy: KeepPolicy;
  /** Give the cleaned file the input's access and modification times. */
  readonly keepFileDates: boolean;
  /** Handling of the original, unused in `copy` mode. */
  readonly originals: OriginalsOptions;
  /** Larger inputs fail with `E_FILE_TOO_LARGE` without being read. */
  readonly maxFileBytes: number;
  /**
   * The processing time. It dates the vault folder, and becomes the file times of an already
   * clean file moved to an output folder without `keepFileDates`.
   * @default new Date()
   */
  readonly now?: Date;
  /**
   * Strips and verifies the bytes. The daemon passes its worker pool, which bounds each file's
   * time and memory, and so does `metaclear clean` for a batch of several files. A single
   * file keeps the default, which runs on the calling thread: a hostile file there stalls only
   * that one command, which its caller can interrupt or time-limit.
   * @default cleanBytes
   */
  readonly clean?: CleanBytesFunction;
  /**
   * Reads, strips and verifies the file in one call, in place of reading it on the calling
   * thread and passing its bytes to `clean`, which is then unused. The daemon passes its
   * worker pool, so that its main thread receives no input bytes of a file that needed cleaning.
   * @default reads on the calling thread, then calls `clean`
   */
  readonly cleanFile?: CleanFileFunction;
  /**
   * The durable record of in-place and output-folder commits, so the next start can finish or
   * roll back a commit a crash interrupted. Copies (`copy` mode) are not journaled.
   * @default NO_JOURNAL, which records nothing
   */
  readonly journal?: CommitJournal;
  /**
   * The file system the commit steps go through; tests inject failures here.
   * @default NODE_FILE_SYSTEM
   */
  readonly fileSystem?: CommitFileSystem;
  /**
   * Called at each named commit step; the daemon's crash tests kill the process there.
   * @default does nothing
   */
  readonly onCommitStep?: CommitStepHook;
}

/**
 * Strips and verifies one file's bytes, as `cleanBytes` does. It may take over the
 * memory of `bytes` (a worker pool moves it to its thread), so callers read only the result
 * afterwards. With `changed: false`, `result.bytes` is the input.
 */
export type CleanBytesFunction = (bytes: Uint8Array, policy: KeepPolicy) => Promise<StripResult>;

/**
 * Reads, cleans, verifies and commits one file. At every instant the original's bytes exist,
 * complete and flushed, at the input path or in the vault, and no partial file appears under a
 * real name. Per-file failures come back as a report with status `failed` or `unsupported`, a
 * code and a reason, with the input untouched and no temp file left.
 *
 * @throws TypeError or RangeError for invalid options.
 * @example
 * const report = await processFile({
 *   input: '/home/ada/Desktop/shot.png',
 *   publish: { mode: 'in-place' },
 *   policy: DEFAULT_KEEP_POLICY,
 *   keepFileDates: true,
 *   originals: { action: 'vault', vaultDir: '/home/ada/MetaClear/Originals',
 *     vaultRelativePath: 'Desktop/shot.png' },
 *   maxFileBytes: DEFAULT_MAX_FILE_BYTES,
 * });
 */
export async function processFile(options: ProcessFileOptions): Promise<CleanFileReport> {
  assertValidOptions(options);
  const now = options.now ?? new Date();
  try {
    const inputPath = path.resolve(options.input);
    const stats = await statSourceFile(inputPath, options.maxFileBytes);
    const xattrs = await readFileXattrs(inputPath);
    const { result, sha256 } = await readAndClean(inputPath, stats, options);
    // Only an already clean file's bytes are published again, so the bytes of a file that
    // needed cleaning are not kept, and may never have been on this thread.
    const cleanedSource: SourceBytes = {
      path: inputPath,
      stats,
      bytes: result.changed ? new Uint8Array(0) : result.bytes,
      ...(sha256 === null ? {} : { sha256 }),
    };
    try {
      return await commitResult(cleanedSource, { ...result, xattrs }, options, now);
    } finally {
      // Bytes from `cleanFile` belong to this call alone, so they are freed as soon as the
      // commit has written them, which keeps the daemon's peak memory down in a burst.
      if (options.cleanFile !== undefined) {
        releaseBytes(result.bytes);
      }
    }
  } catch (error) {
    const failure = describeFailure(options.input, error);
    return {
      input: options.input,
      output: null,
      original: null,
      removed: [],
      kept: [],
      ...failure,
    };
  }
}

/**
 * Reads the file that `stats` describes, then strips and verifies it, through
 * `options.cleanFile` when given. The SHA-256 of the bytes read comes back for every mode but
 * `copy`, which is not journaled.
 */
async function readAndClean(
  inputPath: string,
  stats: BigIntStats,
  options: ProcessFileOptions,
): Promise<CleanedFile> {
  const hash = options.publish.mode !== 'copy';
  if (options.cleanFile !== undefined) {
    return options.cleanFile({ filePath: inputPath, stats, policy: options.policy, hash });
  }
  const bytes = await readSourceContents(inputPath, stats);
  // Hashing here takes about 2 ms for 5 MB on a 2-core AMD EPYC, and must happen before
  // `clean` may take over the memory of `bytes`.
  const sha256 = hash ? hashBytes(bytes) : null;
  const clean = options.clean ?? cleanBytesOnThisThread;
  return { result: await clean(bytes, options.policy), sha256 };
}

/** A strip result together with the input's extended attributes. */
interface CleanResult extends StripResult {
  readonly xattrs: FileXattrs;
}

async function commitResult(
  source: SourceBytes,
  result: CleanResult,
  options: ProcessFileOptions,
  now: Date,
): Promise<CleanFileReport> {
  if (!result.changed) {
    return result.xattrs.removable.length === 0
      ? createReport(
          options.input,
          await publishAlreadyClean(source, options, now),
          null,
          'already-clean',
          result,
        )
      : publishWithoutXattrs(source, result, options, now);
  }
  const { publish, keepFileDates } = options;
  if (publish.mode === 'copy') {
    await assertSourceUnchanged(source);
    const times = keepFileDates ? getFileTimes(source.stats) : undefined;
    const output = await publishBytes(result.bytes, path.resolve(publish.outputPath), times);
    return createReport(options.input, output, null, 'cleaned', result);
  }
  const kind = publish.mode === 'in-place' ? 'replace' : 'publish';
  const files = await commitWithJournal(
    kind,
    requireHash(source),
    result.bytes,
    { ...options, publish, keptXattrs: result.xattrs.kept },
    now,
  );
  return createCommittedReport(options.input, files, result);
}

/**
 * Publishes a file whose only removable metadata is extended attributes. In place they are
 * removed from the file itself, and its content is not rewritten. An output folder receives a
 * new file with the same bytes, so the input, which moves to the vault, keeps them. A copy is a
 * new file, so it starts without them.
 */
async function publishWithoutXattrs(
  source: SourceBytes,
  result: CleanResult,
  options: ProcessFileOptions,
  now: Date,
): Promise<CleanFileReport> {
  const { publish, keepFileDates } = options;
  switch (publish.mode) {
    case 'in-place': {
      await assertSourceUnchanged(source);
      await removeXattrs(source.path, result.xattrs.removable);
      return createReport(options.input, options.input, null, 'cleaned', result);
    }
    case 'output': {
      const files = await commitWithJournal(
        'publish',
        requireHash(source),
        source.bytes,
        { ...options, publish, keptXattrs: result.xattrs.kept },
        now,
      );
      return createCommittedReport(options.input, files, result);
    }
    case 'copy': {
      await assertSourceUnchanged(source);
      const times = keepFileDates ? getFileTimes(source.stats) : undefined;
      const output = await publishBytes(source.bytes, path.resolve(publish.outputPath), times);
      return createReport(options.input, output, null, 'cleaned', result);
    }
  }
}

/**
 * Publishes a file that needs no cleaning and returns its path: in place nothing is written,
 * an output folder receives the file itself, and a copy gets the same bytes.
 */
async function publishAlreadyClean(
  source: SourceBytes,
  options: ProcessFileOptions,
  now: Date,
): Promise<string> {
  const { publish, keepFileDates } = options;
  switch (publish.mode) {
    case 'in-place':
      return options.input;
    case 'output': {
      const moved = await commitWithJournal(
        'move',
        requireHash(source),
        source.bytes,
        { ...options, publish },
        now,
      );
      return moved.output;
    }
    case 'copy': {
      await assertSourceUnchanged(source);
      const times = keepFileDates ? getFileTimes(source.stats) : undefined;
      return publishBytes(source.bytes, path.resolve(publish.outputPath), times);
    }
  }
}

/**
 * Reports a commit as `cleaned`. When the trash refused the original, the report keeps that
 * status, because the cleaned file is in place, and its code and reason name where the original
 * is kept.
 */
function createCommittedReport(
  input: string,
  files: CommittedFiles,
  result: CleanResult,
): CleanFileReport {
  const report = createReport(input, files.output, files.original, 'cleaned', result);
  const untrashed = files.untrashedOriginal;
  if (untrashed === undefined) {
    return report;
  }
  return {
    ...report,
    code: 'E_MOVE_FAILED',
    reason:
      `${files.output} is cleaned, but the original could not be moved to the trash. ` +
      `It is kept at ${untrashed.path} until MetaClear tries again at its next start; ` +
      'move or delete it yourself to decide sooner.',
  };
}

function createReport(
  input: string,
  output: string,
  original: string | null,
  status: 'cleaned' | 'already-clean',
  result: CleanResult,
): CleanFileReport {
  const hasXattrs = result.xattrs.removable.length > 0;
  return {
    input,
    output,
    original,
    status,
    removed: hasXattrs ? sortKinds([...result.removed, 'xattr']) : result.removed,
    kept: result.kept,
    code: null,
    reason: null,
  };
}

/**
 * Returns `source` as read with its hash, which every mode but `copy` reads it with.
 *
 * @throws TypeError when it was read without its hash.
 */
function requireHash(source: SourceBytes): SourceFile {
  if (!('sha256' in source) || typeof source.sha256 !== 'string') {
    throw new TypeError(`${source.path} was read without the SHA-256 that the journal records`);
  }
  return source as SourceFile;
}

function assertValidOptions(options: ProcessFileOptions): void {
  if (!Number.isSafeInteger(options.maxFileBytes) || options.maxFileBytes <= 0) {
    throw createOptionError('maxFileBytes', 'a positive integer', options.maxFileBytes);
  }
  const { publish, originals } = options;
  if (publish.mode !== 'in-place' && publish.outputPath === '') {
    throw createOptionError('publish.outputPath', 'a file path', publish.outputPath);
  }
  if (publish.mode !== 'copy' && originals.action === 'vault') {
    if (!path.isAbsolute(originals.vaultDir)) {
      throw createOptionError('originals.vaultDir', 'an absolute path', originals.vaultDir);
    }
    // Validates the relative path; the date does not matter here.
    getVaultPath(originals.vaultDir, originals.vaultRelativePath, new Date(0));
  }
}

function createOptionError(name: string, expected: string, value: unknown): RangeError {
  return new RangeError(
    `\`${name}\` must be ${expected}; received ${JSON.stringify(value)} (${typeof value})`,
  );
}

/**
 * Runs `cleanBytes`, loading it on first use. The daemon always passes its worker pool,
 * so its main thread never loads sharp (about 24 MB) or ExifReader (about 12 MB) through here.
 */
async function cleanBytesOnThisThread(bytes: Uint8Array, policy: KeepPolicy): Promise<StripResult> {
  const { cleanBytes } = await import('./clean-bytes.js');
  return cleanBytes(bytes, policy);
}
