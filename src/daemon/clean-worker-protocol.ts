import type { ErrorCode } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import type { StripResult } from '../strip/strip-result.js';

/** One file that the pool sends to a clean worker. `bytes` arrives transferred, not copied. */
export interface CleanRequest {
  /** Matches the reply to its request. A reply with an older id is stale and ignored. */
  readonly jobId: number;
  readonly bytes: Uint8Array;
  readonly policy: KeepPolicy;
}

/**
 * A clean worker's reply to one {@link CleanRequest}. A failure carries the `AppError` code,
 * or null for any other error, which the pool then reports as unexpected.
 */
export type CleanReply =
  | { readonly jobId: number; readonly ok: true; readonly result: StripResult }
  | {
      readonly jobId: number;
      readonly ok: false;
      readonly code: ErrorCode | null;
      readonly message: string;
    };
