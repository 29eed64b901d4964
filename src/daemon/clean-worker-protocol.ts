import type { FileIdentityStats } from '../commit/source-file.js';
import type { ErrorCode } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import type { StripResult } from '../strip/strip-result.js';

/**
 * One file that the pool sends to a clean worker: either its bytes, which arrive transferred,
 * not copied, or its path and the identity it must still have, and the worker reads it.
 */
export type CleanRequest =
  | {
      readonly kind: 'bytes';
      /** Matches the reply to its request. A reply with an older id is stale and ignored. */
      readonly jobId: number;
      readonly bytes: Uint8Array;
      readonly policy: KeepPolicy;
    }
  | {
      readonly kind: 'file';
      readonly jobId: number;
      readonly filePath: string;
      /** The `lstat()` identity that the bytes read must match. */
      readonly stats: FileIdentityStats;
      readonly policy: KeepPolicy;
      /** Whether the reply carries the SHA-256 of the bytes read. */
      readonly hash: boolean;
    };

/**
 * A clean worker's reply to one {@link CleanRequest}. `sha256` is set for a `file` request
 * that asked for it. A failure carries the `AppError` code and path, or a null code for any
 * other error, which the pool then reports as unexpected.
 */
export type CleanReply =
  | {
      readonly jobId: number;
      readonly ok: true;
      readonly result: StripResult;
      readonly sha256: string | null;
    }
  | {
      readonly jobId: number;
      readonly ok: false;
      readonly code: ErrorCode | null;
      readonly path: string | null;
      readonly message: string;
    };
