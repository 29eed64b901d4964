import type { FolderWatcher } from '../../src/daemon/watch-folder.js';
import { waitUntil } from './wait.js';

/** One event a watcher reported: its name and the path it named. */
export type RecordedEvent = readonly [name: string, filePath: string];

/** Options for {@link recordWatcherEvents}. */
export interface RecordOptions {
  /**
   * Make a watcher error fail the test. Tests that provoke errors on purpose leave it off.
   * @default true
   */
  readonly failOnError?: boolean;
}

const watchers: FolderWatcher[] = [];

/**
 * Records the `add`, `change`, `unlink` and `unlinkRoot` events of `watcher`, in order, and
 * resolves with the list once its initial scan is done. {@link closeWatchers} closes it.
 */
export async function recordWatcherEvents(
  watcher: FolderWatcher,
  options: RecordOptions = {},
): Promise<RecordedEvent[]> {
  watchers.push(watcher);
  const events: RecordedEvent[] = [];
  for (const name of ['add', 'change', 'unlink'] as const) {
    watcher.on(name, (filePath) => events.push([name, filePath]));
  }
  watcher.on('unlinkRoot', () => events.push(['unlinkRoot', watcher.root]));
  if (options.failOnError ?? true) {
    watcher.on('error', (error) => {
      throw error;
    });
  }
  await watcher.onReady();
  return events;
}

/** Closes every watcher that {@link recordWatcherEvents} recorded; for `afterEach`. */
export async function closeWatchers(): Promise<void> {
  await Promise.all(watchers.splice(0).map((watcher) => watcher.close()));
}

/** Waits until `expected` is among `events`. */
export function waitForWatcherEvent(
  events: readonly RecordedEvent[],
  expected: RecordedEvent,
  timeout = 10_000,
): Promise<boolean> {
  return waitUntil(
    () => events.some(([name, filePath]) => name === expected[0] && filePath === expected[1]),
    { timeout, description: `${expected[0]} ${expected[1]}` },
  );
}
