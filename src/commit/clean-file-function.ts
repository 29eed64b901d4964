import type { KeepPolicy } from '../strip/keep-policy.js';
import type { StripResult } from '../strip/strip-result.js';
import type { FileIdentityStats } from './source-file.js';

/** One file for a {@link CleanFileFunction} to read, strip and verify. */
export interface CleanFileRequest {
  readonly filePath: string;
  /** The `lstat()` the file was checked with; the bytes read must belong to this version. */
  readonly stats: FileIdentityStats;
  readonly policy: KeepPolicy;
  /** Whether to return the SHA-256 of the bytes read. */
  readonly hash: boolean;
}

/** The result of a {@link CleanFileFunction}. */
export interface CleanedFile {
  /** With `changed: false`, `result.bytes` contains the bytes read. */
  readonly result: StripResult;
  /** Hex SHA-256 of the bytes read, or null when it was not requested. */
  readonly sha256: string | null;
}

/**
 * Reads a file as `readSourceContents` does, then strips and verifies its bytes as
 * `cleanBytes` does. The daemon passes its worker pool, so that its main thread never receives
 * the input's bytes of a file that needed cleaning.
 *
 * @throws AppError (as a rejection) from reading, stripping and verifying.
 */
export type CleanFileFunction = (request: CleanFileRequest) => Promise<CleanedFile>;
