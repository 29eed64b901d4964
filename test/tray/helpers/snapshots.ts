import type {
  AttentionItem,
  FolderStatus,
  RecentJob,
  StatusResult,
} from '../../../src/shared/protocol/index.js';
import type { TraySnapshot } from '../../../src/tray/view-model/index.js';

/** A watched folder in `output` mode, with `changes` applied. */
export function makeFolder(changes: Partial<FolderStatus> = {}): FolderStatus {
  return {
    path: '/home/ada/MetaClear/To Clean',
    mode: 'output',
    output: '/home/ada/MetaClear/Cleaned',
    recursive: true,
    existing: 'clean',
    state: 'watching',
    code: null,
    reason: null,
    paused: false,
    pausedUntil: null,
    ...changes,
  };
}

/** A `status` result of an idle daemon with two folders, with `changes` applied. */
export function makeStatus(changes: Partial<StatusResult> = {}): StatusResult {
  return {
    state: 'idle',
    stateReason: null,
    version: '0.1.0',
    pid: 4242,
    startedAt: '2026-12-04T08:00:00Z',
    paused: false,
    pausedUntil: null,
    folders: [
      makeFolder(),
      makeFolder({ path: '/home/ada/Desktop', mode: 'in-place', output: null, existing: 'skip' }),
    ],
    counts: { cleanedToday: 134, queued: 0, attention: 0 },
    originals: 'vault',
    vault: { path: '/home/ada/MetaClear/Originals', bytes: 12_400_000, files: 23 },
    configPath: '/home/ada/.config/metaclear/config.json',
    ...changes,
  };
}

/** A committed job that removed `removed`, with `changes` applied. */
export function makeRecentJob(changes: Partial<RecentJob> = {}): RecentJob {
  return {
    jobId: '01JEXAMPLE0000000000000000',
    folder: '/home/ada/MetaClear/To Clean',
    input: '/home/ada/MetaClear/To Clean/beach.jpg',
    output: '/home/ada/MetaClear/Cleaned/beach.jpg',
    original: '/home/ada/MetaClear/Originals/2026-12-04/To Clean/beach.jpg',
    status: 'committed',
    result: 'cleaned',
    removed: ['gps', 'camera-serial'],
    code: null,
    reason: null,
    finishedAt: '2026-12-04T14:55:00Z',
    revertible: true,
    ...changes,
  };
}

/** A "needs attention" entry for a corrupt file, with `changes` applied. */
export function makeAttentionItem(changes: Partial<AttentionItem> = {}): AttentionItem {
  return {
    id: 'a'.repeat(64),
    path: '/home/ada/MetaClear/To Clean/broken.jpg',
    jobId: null,
    code: 'E_CORRUPT',
    reason: 'the JPEG has no end-of-image marker',
    since: '2026-12-04T14:00:00Z',
    lastSeenAt: '2026-12-04T14:00:00Z',
    retryable: true,
    ...changes,
  };
}

/** A connected snapshot with `status`, and no recent jobs or attention entries by default. */
export function makeSnapshot(changes: Partial<TraySnapshot> = {}): TraySnapshot {
  return { connection: 'connected', status: makeStatus(), recent: [], attention: [], ...changes };
}
