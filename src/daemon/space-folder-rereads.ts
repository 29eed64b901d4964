import type { FSWatcher } from 'chokidar';

/** A re-read of a folder waits this many times as long as its previous re-read took. */
const SPACING_FACTOR = 4;

/** The maximum wait between the end of one re-read of a folder and the start of the next. */
const MAX_SPACING_MS = 1_000;

/**
 * After this long, a re-read that has not finished no longer holds back the next one. chokidar
 * 5.0.0 lets a new re-read start after the same time, because a read whose stream fails never
 * resolves.
 */
const MAX_READ_WAIT_MS = 1_000;

type HandleRead = FSWatcher['_nodeFsHandler']['_handleRead'];
type HandleReadArgs = Parameters<HandleRead>;

interface FolderReads {
  isReading: boolean;
  /** `performance.now()` before which no re-read of the folder starts. */
  nextReadAt: number;
  /** The arguments of the latest call that waits for the next re-read. */
  waitingArgs: HandleReadArgs | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Spaces chokidar's re-reads of a folder, which it runs after each native event on the folder
 * to find new and removed names. Each re-read lists the folder and takes an `lstat` of every
 * entry (chokidar 5.0.0 reads with readdirp and `alwaysStat`). chokidar starts the next re-read
 * as soon as one ends if an event came meanwhile, so while a burst of files is copied into a
 * folder and cleaned out of it, it re-reads the folder back to back. In a burst of 5,000 JPEGs
 * into one inbox, sampled with V8's heap profiler, those re-reads allocated about 90 % of what
 * the main thread's major collections freed, and that garbage set the daemon's peak RSS.
 *
 * Here the re-read that follows another one waits `SPACING_FACTOR` times as long as the
 * previous one took, at most `MAX_SPACING_MS`, and the events meanwhile share one re-read. A
 * folder read after a quiet spell is read at once, and so is a small folder, whose read takes
 * a millisecond or two. The initial scan and reads for links are never delayed. No event is
 * lost: the waiting re-read always runs, and it reports every name added or removed since the
 * last one.
 *
 * Returns a function that cancels the waiting re-reads; call it when the watcher closes.
 */
// NOTE: this replaces `_handleRead`, an internal method of chokidar's NodeFsHandler that chokidar
// 5.0.0 declares in its types. When a chokidar upgrade removes it, nothing is spaced.
export function spaceFolderRereads(watcher: FSWatcher): () => void {
  const handler = watcher._nodeFsHandler;
  if (typeof (handler._handleRead as unknown) !== 'function') {
    return () => undefined;
  }
  const handleRead: HandleRead = handler._handleRead.bind(handler);
  const folders = new Map<string, FolderReads>();

  const read = (folder: FolderReads, args: HandleReadArgs): ReturnType<HandleRead> => {
    folder.isReading = true;
    const startedAt = performance.now();
    let isDone = false;
    const finish = (): void => {
      if (isDone) {
        return;
      }
      isDone = true;
      clearTimeout(readTimer);
      folder.isReading = false;
      const tookMs = performance.now() - startedAt;
      folder.nextReadAt = performance.now() + Math.min(tookMs * SPACING_FACTOR, MAX_SPACING_MS);
      scheduleWaiting(folder);
    };
    const readTimer = setTimeout(finish, MAX_READ_WAIT_MS);
    readTimer.unref();
    const reading = handleRead(...args);
    if (reading === undefined) {
      finish();
    } else {
      reading.then(finish, finish);
    }
    return reading;
  };

  const scheduleWaiting = (folder: FolderReads): void => {
    if (folder.waitingArgs === null || folder.isReading || folder.timer !== null) {
      return;
    }
    const delayMs = Math.max(0, folder.nextReadAt - performance.now());
    folder.timer = setTimeout(() => {
      folder.timer = null;
      const args = folder.waitingArgs;
      folder.waitingArgs = null;
      if (args !== null && !watcher.closed) {
        void read(folder, args);
      }
    }, delayMs);
    folder.timer.unref();
  };

  handler._handleRead = (...args: HandleReadArgs): ReturnType<HandleRead> => {
    const [directory, initialAdd, , target] = args;
    if (initialAdd || target !== undefined) {
      return handleRead(...args);
    }
    let folder = folders.get(directory);
    if (folder === undefined) {
      folder = { isReading: false, nextReadAt: 0, waitingArgs: null, timer: null };
      folders.set(directory, folder);
    }
    if (folder.isReading || folder.timer !== null || performance.now() < folder.nextReadAt) {
      folder.waitingArgs = args;
      scheduleWaiting(folder);
      return undefined;
    }
    return read(folder, args);
  };

  return () => {
    for (const folder of folders.values()) {
      if (folder.timer !== null) {
        clearTimeout(folder.timer);
        folder.timer = null;
      }
      folder.waitingArgs = null;
    }
  };
}
