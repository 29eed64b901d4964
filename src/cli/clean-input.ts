import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ulid } from 'ulid';
import type { CommitStepHook } from '../commit/commit-steps.js';
import type { HistoryStore } from '../commit/history/history-store.js';
import { recoverUnfinishedJobs } from '../commit/history/recover-unfinished-jobs.js';
import { processFile, type CleanBytesFunction } from '../commit/process-file.js';
import type { OriginalsOptions } from '../commit/originals-options.js';
import type { FolderConfig } from '../config/config-schema.js';
import { isIgnoredName } from '../daemon/ignore-rules.js';
import { isAppError } from '../shared/errors.js';
import type { CleanFileReport } from '../shared/report.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import type { CollectedInput } from './collect-inputs.js';
import { createUntouchedReport } from './create-untouched-report.js';
import { getVaultRelativePath } from './get-vault-relative-path.js';
import type { OutputNamer } from './output-namer.js';

/** Settings shared by every file of one `metaclear clean` run. */
export interface CleanBatch {
  readonly policy: KeepPolicy;
  readonly keepFileDates: boolean;
  readonly originals: Omit<OriginalsOptions, 'vaultRelativePath'>;
  /** The config's watched folders, which name the originals' folders in the vault. */
  readonly folders: readonly FolderConfig[];
  readonly maxFileBytes: number;
  /** The `--out` folder (a real path) and the namer of this batch; null cleans in place. */
  readonly out: { readonly dir: string; readonly namer: OutputNamer } | null;
  /** The history that journals and locks in-place commits; null with `--out`. */
  readonly history: HistoryStore | null;
  /** Strips and verifies each file's bytes; processFile's default runs on this thread. */
  readonly clean?: CleanBytesFunction;
  /** Called at each commit step; `METACLEAR_FAULT` crash tests kill the process there. */
  readonly onCommitStep?: CommitStepHook;
}

/**
 * Cleans one input into a copy under `--out` or in place, or returns why it was skipped.
 * Resolves with a report for every input, also when cleaning fails.
 */
export async function cleanInput(
  input: CollectedInput,
  batch: CleanBatch,
): Promise<CleanFileReport> {
  switch (input.kind) {
    case 'error':
      return createUntouchedReport(input.path, 'failed', input.code, input.reason);
    case 'not-a-file':
      return createUntouchedReport(
        input.path,
        'failed',
        'E_NOT_A_FILE',
        'not a regular file or folder (a FIFO, socket or device); give an image file',
      );
    case 'link':
      return createUntouchedReport(
        input.path,
        'skipped',
        null,
        'symbolic link, and links are never followed; give the path of the file it points to',
      );
    case 'file':
      break;
  }

  if (input.explicit && isIgnoredName(path.basename(input.path))) {
    return createUntouchedReport(
      input.path,
      'skipped',
      null,
      'hidden, temporary or system file name, which MetaClear leaves alone; rename it to clean it',
    );
  }
  try {
    return batch.out === null
      ? await cleanInPlace(input, batch)
      : await cleanToCopy(input, batch, batch.out);
  } catch (error) {
    // processFile reports per-file failures itself; this catches what goes wrong around it.
    const code = isAppError(error) ? error.code : 'E_INTERNAL';
    const reason = error instanceof Error ? error.message : String(error);
    return createUntouchedReport(input.path, 'failed', code, reason);
  }
}

async function cleanToCopy(
  input: Extract<CollectedInput, { kind: 'file' }>,
  batch: CleanBatch,
  out: NonNullable<CleanBatch['out']>,
): Promise<CleanFileReport> {
  const outputPath = await out.namer.claim(path.join(out.dir, input.relativeOutputPath));
  await mkdir(path.dirname(outputPath), { recursive: true });
  return processFile({
    input: input.path,
    publish: { mode: 'copy', outputPath },
    policy: batch.policy,
    keepFileDates: batch.keepFileDates,
    originals: { ...batch.originals, vaultRelativePath: path.basename(input.path) },
    maxFileBytes: batch.maxFileBytes,
    ...(batch.clean === undefined ? {} : { clean: batch.clean }),
  });
}

async function cleanInPlace(
  input: Extract<CollectedInput, { kind: 'file' }>,
  batch: CleanBatch,
): Promise<CleanFileReport> {
  const history = batch.history;
  if (history === null) {
    throw new Error('cleaning in place needs the history, which runClean opens');
  }
  // Another `metaclear clean` of the same file waits here, then finds it clean.
  const release = await history.locks.acquire(input.path);
  try {
    // A commit of this file that a killed run left unfinished is finished or rolled back
    // first, so its temp file goes and the original is where the journal records it.
    await recoverUnfinishedJobs(history, { input: input.path });
    // Read again under the lock: while another run commits this file, its vault entry is a
    // second hard link, and the count taken when the inputs were collected may show it.
    const linkCount = await readLinkCount(input);
    if (linkCount > 1) {
      return createUntouchedReport(
        input.path,
        'skipped',
        null,
        `file has ${linkCount} hard links, and cleaning it in place would leave the ` +
          'metadata under its other names; use --out DIR to write a cleaned copy',
      );
    }
    const jobId = ulid();
    const startedAt = performance.now();
    const report = await processFile({
      input: input.path,
      publish: { mode: 'in-place' },
      policy: batch.policy,
      keepFileDates: batch.keepFileDates,
      originals: {
        ...batch.originals,
        vaultRelativePath: await getVaultRelativePath(input.path, batch.folders),
      },
      maxFileBytes: batch.maxFileBytes,
      journal: history.createJournal(jobId),
      ...(batch.clean === undefined ? {} : { clean: batch.clean }),
      ...(batch.onCommitStep === undefined ? {} : { onCommitStep: batch.onCommitStep }),
    });
    history.jobs.recordFinished({
      id: jobId,
      folder: null,
      input: input.path,
      status:
        report.status === 'cleaned' || report.status === 'already-clean' ? 'committed' : 'failed',
      report,
      durationMs: Math.round(performance.now() - startedAt),
      at: new Date(),
    });
    return report;
  } finally {
    release();
  }
}

async function readLinkCount(input: Extract<CollectedInput, { kind: 'file' }>): Promise<number> {
  try {
    return (await lstat(input.path)).nlink;
  } catch {
    // processFile reports a missing or unreadable file with its own code.
    return input.linkCount;
  }
}
