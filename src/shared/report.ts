import type { Kind } from './kinds.js';

/** What happened to one file given to `clean`, by the CLI or the daemon. */
export type CleanStatus = 'cleaned' | 'already-clean' | 'unsupported' | 'failed' | 'skipped';

/** One entry of `metaclear clean --json`, and the result of one daemon job. */
export interface CleanFileReport {
  readonly input: string;
  /** The published path: the input itself in place, null for stdout and for refusals. */
  readonly output: string | null;
  /** The vault path of the original, or null when no copy was kept. */
  readonly original: string | null;
  readonly status: CleanStatus;
  readonly removed: readonly Kind[];
  readonly kept: readonly Kind[];
  readonly code: string | null;
  readonly reason: string | null;
}

/** What `check` found in one file. */
export type CheckStatus = 'clean' | 'has-metadata' | 'unsupported' | 'failed';

/** One entry of `metaclear check --json`. */
export interface CheckFileReport {
  readonly input: string;
  readonly status: CheckStatus;
  /** Kinds the keep policy would remove. Kept kinds are never listed here. */
  readonly found: readonly Kind[];
  readonly kept: readonly Kind[];
  readonly code: string | null;
  readonly reason: string | null;
}

/** The version of the `--json` envelope. */
export const REPORT_VERSION = 1;
