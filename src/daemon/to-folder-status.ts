import type { FolderStatus } from '../shared/protocol/index.js';
import type { Daemon, FolderSnapshot } from './daemon.js';

/** Converts a folder and its pause to the protocol's folder status. */
export function toFolderStatus(snapshot: FolderSnapshot, daemon: Daemon): FolderStatus {
  const { config } = snapshot;
  const pause = daemon.getPause(config.path);
  const isChecked = snapshot.state !== null;
  return {
    path: config.path,
    mode: config.mode,
    output: config.mode === 'output' ? config.output : null,
    recursive: config.recursive,
    existing: config.existing,
    state: snapshot.state ?? 'unavailable',
    code: snapshot.code,
    reason: isChecked ? snapshot.reason : 'The daemon has not checked this folder yet.',
    paused: pause !== null,
    pausedUntil: pause?.until ?? null,
  };
}
