import path from 'node:path';
import type { CommitContext } from './commit-context.js';
import type { CommittedFiles } from './commit-journal.js';
import { describeFailure } from './describe-failure.js';
import { getFileTimes, type FileTimes } from './file-times.js';
import { fsyncDirectory, fsyncFile } from './fsync.js';
import { readIdentityIfPresent } from './inspect-path.js';
import { isLinkUnsupported, linkToFreePath } from './link-to-free-path.js';
import type { CommitPlan, CommitRequest } from './plan-commit.js';
import { createRecordedPath, type RecordedPath } from './recorded-path.js';
import { repairCommit } from './repair-commit.js';
import { assertSourceUnchanged, type SourceFile } from './source-file.js';
import { getStagedPath, stageOriginal } from './stage-original.js';
import { storeOriginal } from './store-original.js';
import { removeFileIfPresent, writeNewFile, type WriteTempFileOptions } from './temp-file.js';
import { trashFile } from './trash-file.js';

/**
 * Runs a planned commit. The intent is journaled first. Then the new bytes go to the temp file
 * and are flushed, the original is set aside (vault or trash staging) and flushed, the temp
 * file gets its real name, and the folder is flushed. Only after that does an output folder's
 * input go away, and the trash receive an in-place original. Last, the journal records the
 * commit as done.
 *
 * When a step fails, the commit is repaired at once from the journal's intent: rolled back
 * while the input still has the original bytes, finished once the output is in place. A failure
 * of that repair leaves the intent in the journal for the next start, and so does a trash that
 * refuses the original once the output is in place: the commit then resolves with
 * `untrashedOriginal` set.
 *
 * @throws the error of the failed step when the commit was rolled back or could not be
 *   repaired, such as AppError `E_SOURCE_CHANGED` when the input changed after it was read.
 */
export async function runCommit(
  plan: CommitPlan,
  request: CommitRequest,
  context: CommitContext,
): Promise<CommittedFiles> {
  await context.journal.recordIntent(plan.intent);
  context.onStep('after-intent');
  let files: CommittedFiles;
  try {
    files = await runSteps(plan, request, context);
    context.onStep('before-done');
  } catch (error) {
    return finishAfterFailure(plan, request.now, context, error);
  }
  context.journal.recordCommitted(files);
  return files;
}

async function finishAfterFailure(
  plan: CommitPlan,
  now: Date,
  context: CommitContext,
  error: unknown,
): Promise<CommittedFiles> {
  const { intent } = plan;
  let outcome: Awaited<ReturnType<typeof repairCommit>>;
  try {
    outcome = await repairCommit(intent, context.fs, now);
  } catch {
    // The intent stays in the journal, so the next start repairs the commit.
    throw error;
  }
  if (outcome.kind === 'rolled-forward') {
    // An original the trash refused keeps the intent, so the next start tries again.
    if (outcome.files.untrashedOriginal === undefined) {
      context.journal.recordCommitted(outcome.files);
    }
    return outcome.files;
  }
  const failure = describeFailure(intent.input, error);
  context.journal.recordRolledBack({
    code: failure.code,
    reason: failure.reason,
    original: outcome.original,
  });
  throw error;
}

function runSteps(
  plan: CommitPlan,
  request: CommitRequest,
  context: CommitContext,
): Promise<CommittedFiles> {
  switch (plan.intent.kind) {
    case 'replace':
      return replaceInput(plan, request, context);
    case 'publish':
      return publishOutput(plan, request, context);
    case 'move':
      return moveInput(plan, request, context);
  }
}

/** The output name of a commit, as the journal records it. */
function createRecordedOutput(plan: CommitPlan, context: CommitContext): RecordedPath {
  return createRecordedPath(plan.intent.output, (output) =>
    context.journal.recordPaths({ output }),
  );
}

async function replaceInput(
  plan: CommitPlan,
  request: CommitRequest,
  context: CommitContext,
): Promise<CommittedFiles> {
  const { intent } = plan;
  const { source } = request;
  const { fs, onStep } = context;
  await writeNewFile(intent.tempPath, request.bytes, {
    fs,
    mode: Number(source.stats.mode & 0o777n),
    ...getKeptTimes(request),
    ...getKeptXattrs(request),
  });
  onStep('after-temp-fsync');
  // Read from the temp name, because once renamed the input path may already hold an editor's
  // next save. A rename keeps the inode, size and modification time.
  const written = await readIdentityIfPresent(intent.tempPath, fs).catch(() => null);
  const original = await setOriginalAside(plan, request, context);

  // TODO: on macOS the replacement gets a new birth time (Finder's "Date Created").
  await assertSourceUnchanged(source, fs);
  await fs.rename(intent.tempPath, intent.input);
  onStep('after-rename');

  await fsyncDirectory(path.dirname(intent.input), fs);
  onStep('after-dir-fsync');
  if (intent.stagingDir !== null) {
    await trashFile(getStagedPath(intent.stagingDir, intent.input), fs, intent.input);
    await fs.rmdir(intent.stagingDir);
  }
  return { output: intent.input, original, outputIdentity: written };
}

async function publishOutput(
  plan: CommitPlan,
  request: CommitRequest,
  context: CommitContext,
): Promise<CommittedFiles> {
  const { intent } = plan;
  const { fs, onStep } = context;
  await fs.mkdir(path.dirname(intent.output));
  await writeNewFile(intent.tempPath, request.bytes, {
    fs,
    ...getKeptTimes(request),
    ...getKeptXattrs(request),
  });
  onStep('after-temp-fsync');
  const original = await setOriginalAside(plan, request, context);

  await assertSourceUnchanged(request.source, fs);
  const recordedOutput = createRecordedOutput(plan, context);
  const output = await linkOutput(intent.tempPath, plan.desiredOutput, recordedOutput, fs, true);
  await removeFileIfPresent(intent.tempPath, fs);
  onStep('after-rename');

  await fsyncDirectory(path.dirname(output), fs);
  onStep('after-dir-fsync');
  if (intent.action === 'trash') {
    await assertSourceUnchanged(request.source, fs);
    await trashFile(request.source.path, fs);
  } else {
    await removeInput(request.source, context);
  }
  return createCommittedFiles(output, original, context);
}

/**
 * Moves an input that needs no cleaning: a hard link at the output name, or across devices a
 * flushed copy, and then the input name is removed.
 */
async function moveInput(
  plan: CommitPlan,
  request: CommitRequest,
  context: CommitContext,
): Promise<CommittedFiles> {
  const { intent } = plan;
  const { source, now } = request;
  const { fs, onStep } = context;
  await fs.mkdir(path.dirname(intent.output));
  await assertSourceUnchanged(source, fs);
  const output = await linkOrCopyInput(plan, request, context);
  onStep('after-rename');

  await fsyncDirectory(path.dirname(output), fs);
  onStep('after-dir-fsync');
  await removeInput(source, context);
  if (intent.resetOutputTimes) {
    // Only now: the input name shares this inode until it is removed, and its check compares
    // the modification time.
    await fs.utimes(output, now, now);
    await fsyncFile(output, fs);
  }
  return createCommittedFiles(output, null, context);
}

/**
 * Gives the input a second name at the output, or across devices (and without hard links)
 * publishes a flushed copy of its bytes there. Returns the output path.
 */
async function linkOrCopyInput(
  plan: CommitPlan,
  request: CommitRequest,
  context: CommitContext,
): Promise<string> {
  const { intent } = plan;
  const { source, now } = request;
  const { fs } = context;
  const recordedOutput = createRecordedOutput(plan, context);
  const linked = await linkOutput(source.path, plan.desiredOutput, recordedOutput, fs, false).catch(
    (error: unknown) => {
      if (!isLinkUnsupported(error)) {
        throw error;
      }
      return null;
    },
  );
  if (linked !== null) {
    // The link names whatever file sits at the input path now; it must be the one read.
    await assertSourceUnchanged({ path: linked, stats: source.stats }, fs);
    return linked;
  }

  const times = intent.resetOutputTimes ? { atime: now, mtime: now } : getFileTimes(source.stats);
  await writeNewFile(intent.tempPath, request.bytes, { fs, times });
  context.onStep('after-temp-fsync');
  const copied = await linkOutput(intent.tempPath, plan.desiredOutput, recordedOutput, fs, true);
  await removeFileIfPresent(intent.tempPath, fs);
  return copied;
}

/**
 * Puts the original where it lives once the input is replaced: the vault, or for the trash a
 * staging folder beside it. Returns the vault path, or null.
 */
async function setOriginalAside(
  plan: CommitPlan,
  request: CommitRequest,
  context: CommitContext,
): Promise<string | null> {
  const { intent, desiredVaultPath } = plan;
  if (intent.vaultPath !== null && intent.vaultTempPath !== null && desiredVaultPath !== null) {
    const stored = await storeOriginal(
      request.source,
      {
        vaultDir: request.originals.vaultDir,
        desiredPath: desiredVaultPath,
        plannedPath: intent.vaultPath,
        tempPath: intent.vaultTempPath,
      },
      context,
    );
    context.onStep('after-vault-fsync');
    return stored;
  }
  if (intent.stagingDir !== null) {
    await stageOriginal(request.source, intent.stagingDir, context.fs);
    context.onStep('after-vault-fsync');
  }
  return null;
}

/** Gives `existingPath` its output name: the first free one, recorded before it is used. */
function linkOutput(
  existingPath: string,
  desiredOutput: string,
  recorded: RecordedPath,
  fs: CommitContext['fs'],
  renameIfUnsupported: boolean,
): Promise<string> {
  return linkToFreePath(existingPath, desiredOutput, { fs, recorded, renameIfUnsupported });
}

/** Deletes the input of an output folder, once its published version is in place. */
async function removeInput(source: SourceFile, context: CommitContext): Promise<void> {
  const { fs } = context;
  await assertSourceUnchanged(source, fs);
  await fs.unlink(source.path);
  await fsyncDirectory(path.dirname(source.path), fs);
}

function getKeptTimes(request: CommitRequest): { times?: FileTimes } {
  return request.keepFileDates ? { times: getFileTimes(request.source.stats) } : {};
}

/** Returns the write option that copies the input's Finder or XDG tags to a new output. */
function getKeptXattrs(request: CommitRequest): Pick<WriteTempFileOptions, 'xattrs'> {
  const names = request.keptXattrs ?? [];
  return names.length === 0 ? {} : { xattrs: { source: request.source.path, names } };
}

async function createCommittedFiles(
  output: string,
  original: string | null,
  context: CommitContext,
): Promise<CommittedFiles> {
  const outputIdentity = await readIdentityIfPresent(output, context.fs).catch(() => null);
  return { output, original, outputIdentity };
}
