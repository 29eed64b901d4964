/**
 * The points of a journaled commit, in the order they are reached, after which a crash can be
 * injected (`METACLEAR_FAULT=crash:<step>`). `after-vault-fsync` is reached only when the
 * original is set aside (vault, or the trash's staging folder), and `after-temp-fsync` only
 * when a temp file is written.
 */
export const COMMIT_STEPS = [
  'after-intent',
  'after-temp-fsync',
  'after-vault-fsync',
  'after-rename',
  'after-dir-fsync',
  'before-done',
] as const;

/** One named point of a journaled commit. */
export type CommitStep = (typeof COMMIT_STEPS)[number];

/** Called as a commit reaches each {@link CommitStep}; it must not throw. */
export type CommitStepHook = (step: CommitStep) => void;

/** Returns true when `value` names a {@link CommitStep}. */
export function isCommitStep(value: string): value is CommitStep {
  return (COMMIT_STEPS as readonly string[]).includes(value);
}
