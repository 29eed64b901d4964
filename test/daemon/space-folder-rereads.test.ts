import type { FSWatcher } from 'chokidar';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { spaceFolderRereads } from '../../src/daemon/space-folder-rereads.js';

type HandleRead = FSWatcher['_nodeFsHandler']['_handleRead'];
type HandleReadArgs = Parameters<HandleRead>;

const FOLDER = '/photos/inbox';

/** The helper chokidar passes through; the spacing never reads it. */
const WATCH_HELPER = Object.create(null) as HandleReadArgs[2];

/**
 * Creates a stand-in for chokidar's watcher whose `_handleRead` records each call and finishes
 * a read only when the test calls `finish`.
 */
function createFakeWatcher() {
  const calls: HandleReadArgs[] = [];
  const finishers: (() => void)[] = [];
  const handler = {
    _handleRead: (...args: HandleReadArgs): Promise<unknown> => {
      calls.push(args);
      return new Promise((resolve) => {
        finishers.push(() => {
          resolve(undefined);
        });
      });
    },
  };
  const watcher = { closed: false, _nodeFsHandler: handler } as unknown as FSWatcher;
  return {
    watcher,
    calls,
    /** Calls the `_handleRead` that chokidar would call, after spacing was installed. */
    handleRead: (
      directory: string,
      options: { initialAdd?: boolean; target?: string; depth?: number } = {},
    ) =>
      watcher._nodeFsHandler._handleRead(
        directory,
        options.initialAdd ?? false,
        WATCH_HELPER,
        options.target,
        directory,
        options.depth ?? 0,
        {} as HandleReadArgs[6],
      ),
    /** Finishes the oldest read still running. */
    finish: async (): Promise<void> => {
      const finishRead = finishers.shift();
      finishRead?.();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('spaceFolderRereads', () => {
  it('reads a quiet folder at once', () => {
    const fake = createFakeWatcher();
    spaceFolderRereads(fake.watcher);

    void fake.handleRead(FOLDER);

    expect(fake.calls).toHaveLength(1);
  });

  it('merges calls during a read into one', async () => {
    const fake = createFakeWatcher();
    spaceFolderRereads(fake.watcher);
    void fake.handleRead(FOLDER);

    const results = [fake.handleRead(FOLDER), fake.handleRead(FOLDER), fake.handleRead(FOLDER)];
    await vi.advanceTimersByTimeAsync(20);
    await fake.finish();
    await vi.advanceTimersByTimeAsync(1_000);

    expect(results).toEqual([undefined, undefined, undefined]);
    expect(fake.calls).toHaveLength(2);
  });

  it.each([
    { rule: 'four times the last read', readMs: 50, waitMs: 200 },
    { rule: 'at most one second', readMs: 900, waitMs: 1_000 },
  ])('waits $rule', async ({ readMs, waitMs }) => {
    const fake = createFakeWatcher();
    spaceFolderRereads(fake.watcher);
    void fake.handleRead(FOLDER);
    await vi.advanceTimersByTimeAsync(readMs);
    await fake.finish();

    void fake.handleRead(FOLDER);
    await vi.advanceTimersByTimeAsync(waitMs - 1);
    const callsBefore = fake.calls.length;
    await vi.advanceTimersByTimeAsync(1);

    expect(callsBefore).toBe(1);
    expect(fake.calls).toHaveLength(2);
  });

  it('stops waiting for a read after one second', async () => {
    const fake = createFakeWatcher();
    spaceFolderRereads(fake.watcher);
    void fake.handleRead(FOLDER);

    void fake.handleRead(FOLDER);
    await vi.advanceTimersByTimeAsync(1_000 + 1_000);

    expect(fake.calls).toHaveLength(2);
  });

  it('runs the waiting read with the latest arguments', async () => {
    const fake = createFakeWatcher();
    spaceFolderRereads(fake.watcher);
    void fake.handleRead(FOLDER, { depth: 1 });
    void fake.handleRead(FOLDER, { depth: 2 });
    void fake.handleRead(FOLDER, { depth: 3 });

    await fake.finish();
    await vi.advanceTimersByTimeAsync(1_000);

    expect(fake.calls.map((args) => args[5])).toEqual([1, 3]);
  });

  it('spaces each folder on its own', () => {
    const fake = createFakeWatcher();
    spaceFolderRereads(fake.watcher);

    void fake.handleRead(FOLDER);
    void fake.handleRead('/photos/other');

    expect(fake.calls.map((args) => args[0])).toEqual([FOLDER, '/photos/other']);
  });

  it('never delays the initial scan or a link', () => {
    const fake = createFakeWatcher();
    spaceFolderRereads(fake.watcher);
    void fake.handleRead(FOLDER);

    void fake.handleRead(FOLDER, { initialAdd: true });
    void fake.handleRead(FOLDER, { target: 'link.jpg' });

    expect(fake.calls).toHaveLength(3);
  });

  it('drops the waiting read when cancelled', async () => {
    const fake = createFakeWatcher();
    const cancel = spaceFolderRereads(fake.watcher);
    void fake.handleRead(FOLDER);
    await vi.advanceTimersByTimeAsync(50);
    await fake.finish();
    void fake.handleRead(FOLDER);

    cancel();
    await vi.advanceTimersByTimeAsync(2_000);

    expect(fake.calls).toHaveLength(1);
  });
});
