import { NODE_FILE_SYSTEM, type CommitFileSystem } from './commit-file-system.js';
import { NO_JOURNAL, type CommitJournal } from './commit-journal.js';
import type { CommitStepHook } from './commit-steps.js';

/** The file system, journal and step hook one commit runs with. */
export interface CommitContext {
  readonly fs: CommitFileSystem;
  readonly journal: CommitJournal;
  readonly onStep: CommitStepHook;
}

/** Options for {@link resolveCommitContext}; each field may be left out. */
export interface CommitContextOptions {
  /**
   * The durable record of the commit; a crash is repaired at the next start only with one.
   * @default NO_JOURNAL
   */
  readonly journal?: CommitJournal | undefined;
  /**
   * The file system the commit steps go through.
   * @default NODE_FILE_SYSTEM
   */
  readonly fileSystem?: CommitFileSystem | undefined;
  /**
   * Called at each named step; a crash test kills the process here.
   * @default does nothing
   */
  readonly onCommitStep?: CommitStepHook | undefined;
}

/** Fills in the defaults of a {@link CommitContext}. */
export function resolveCommitContext(options: CommitContextOptions): CommitContext {
  return {
    fs: options.fileSystem ?? NODE_FILE_SYSTEM,
    journal: options.journal ?? NO_JOURNAL,
    onStep: options.onCommitStep ?? (() => undefined),
  };
}
