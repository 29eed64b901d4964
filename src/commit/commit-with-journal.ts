import path from 'node:path';
import { resolveCommitContext, type CommitContextOptions } from './commit-context.js';
import type { CommitKind, CommittedFiles } from './commit-journal.js';
import type { OriginalsOptions } from './originals-options.js';
import { planCommit } from './plan-commit.js';
import { runCommit } from './run-commit.js';
import type { SourceFile } from './source-file.js';

/** The part of `processFile`'s options that {@link commitWithJournal} uses. */
export interface JournaledCommitOptions extends CommitContextOptions {
  readonly publish:
    { readonly mode: 'in-place' } | { readonly mode: 'output'; readonly outputPath: string };
  readonly originals: OriginalsOptions;
  readonly keepFileDates: boolean;
  /**
   * Extended attributes of the input that a newly written output receives too.
   * @default []
   */
  readonly keptXattrs?: readonly string[];
}

/**
 * Plans and runs one journaled commit of `bytes` for `source`: `replace` in place, `publish`
 * or `move` to an output folder.
 *
 * @throws the error of a failed step, after rolling the commit back (see `runCommit`).
 */
export async function commitWithJournal(
  kind: CommitKind,
  source: SourceFile,
  bytes: Uint8Array,
  options: JournaledCommitOptions,
  now: Date,
): Promise<CommittedFiles> {
  const context = resolveCommitContext(options);
  const request = {
    kind,
    source,
    bytes,
    output:
      options.publish.mode === 'in-place' ? source.path : path.resolve(options.publish.outputPath),
    originals: options.originals,
    keepFileDates: options.keepFileDates,
    ...(options.keptXattrs === undefined ? {} : { keptXattrs: options.keptXattrs }),
    now,
  };
  const plan = await planCommit(request, context.fs);
  return runCommit(plan, request, context);
}
