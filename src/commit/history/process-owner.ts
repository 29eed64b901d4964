import { ulid } from 'ulid';

/**
 * The process that runs a job: its pid, and a token unique to one opening of the history, so a
 * later process that gets the same pid counts as a different owner.
 */
export interface ProcessOwner {
  readonly pid: number;
  readonly token: string;
}

/** Creates the owner record of the current process for one opening of the history. */
export function createProcessOwner(): ProcessOwner {
  return { pid: process.pid, token: ulid() };
}

/**
 * Returns true when a process with this pid exists. Signal 0 only checks: ESRCH means none,
 * EPERM means one that belongs to another user.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Returns true when no running process can still be `owner`: its pid is gone, or the pid is
 * this process's own under another token, from an earlier run (pids are reused after a
 * restart, in containers especially).
 */
export function isOwnerGone(
  owner: ProcessOwner,
  self: ProcessOwner,
  isAlive: (pid: number) => boolean = isProcessAlive,
): boolean {
  if (owner.token === self.token) {
    return false;
  }
  return owner.pid === self.pid || !isAlive(owner.pid);
}
