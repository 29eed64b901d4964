import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileInspector } from '../../src/daemon/file-inspector.js';
import { SettleTracker, type SettledFile } from '../../src/daemon/settle-tracker.js';
import { FakeFileSystem } from './fake-file-system.js';

const STABLE_MS = 150;
const INCOMPLETE_AFTER_MS = 10_000;
const PHOTO = '/inbox/photo.jpg';

interface Harness {
  readonly disk: FakeFileSystem;
  readonly tracker: SettleTracker;
  readonly settled: SettledFile[];
  readonly incomplete: string[];
}

function createHarness(inspector?: FileInspector): Harness {
  const disk = new FakeFileSystem();
  const tracker = new SettleTracker({
    stableMs: STABLE_MS,
    incompleteAfterMs: INCOMPLETE_AFTER_MS,
    inspector: inspector ?? disk,
  });
  const settled: SettledFile[] = [];
  const incomplete: string[] = [];
  tracker.on('settled', (file) => settled.push(file));
  tracker.on('incomplete', (filePath) => incomplete.push(filePath));
  return { disk, tracker, settled, incomplete };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SettleTracker', () => {
  it('settles a file after two stable checks', async () => {
    const { disk, tracker, settled } = createHarness();
    disk.write(PHOTO, { size: 1000 });
    tracker.track(PHOTO);

    await vi.advanceTimersByTimeAsync(2 * STABLE_MS - 1);
    expect(settled).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);

    expect(settled).toEqual([
      { filePath: PHOTO, signature: disk.signatureOf(PHOTO), format: 'jpeg' },
    ]);
    expect(tracker.pendingCount).toBe(0);
  });

  it('settles after one window when written earlier', async () => {
    const { disk, tracker, settled } = createHarness();
    disk.write(PHOTO, { size: 1000 });
    await vi.advanceTimersByTimeAsync(20);
    tracker.track(PHOTO);

    await vi.advanceTimersByTimeAsync(STABLE_MS);

    expect(settled.map((file) => file.filePath)).toEqual([PHOTO]);
    expect(disk.contentReads.get(PHOTO)).toBe(1);
  });

  it('restarts the stable window on each event', async () => {
    const { disk, tracker, settled } = createHarness();
    for (let size = 100; size <= 500; size += 100) {
      disk.write(PHOTO, { size });
      tracker.track(PHOTO);
      await vi.advanceTimersByTimeAsync(STABLE_MS - 10);
    }
    expect(settled).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(10 * STABLE_MS);

    expect(settled).toHaveLength(1);
    expect(settled[0]?.signature?.size).toBe(500);
    expect(disk.contentReads.get(PHOTO)).toBe(1);
  });

  it('waits while the file grows without events', async () => {
    const { disk, tracker, settled } = createHarness();
    disk.write(PHOTO, { size: 100 });
    tracker.track(PHOTO);
    for (let size = 200; size <= 600; size += 100) {
      await vi.advanceTimersByTimeAsync(STABLE_MS);
      disk.write(PHOTO, { size });
    }
    expect(settled).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(2 * STABLE_MS);

    expect(settled.map((file) => file.signature?.size)).toEqual([600]);
  });

  it('reports a file incomplete after the limit', async () => {
    const { disk, tracker, settled, incomplete } = createHarness();
    disk.write(PHOTO, { size: 1000, complete: false });
    tracker.track(PHOTO);

    await vi.advanceTimersByTimeAsync(INCOMPLETE_AFTER_MS + STABLE_MS - 1);
    expect(incomplete).toHaveLength(0);
    expect(tracker.pendingCount).toBe(1);
    await vi.advanceTimersByTimeAsync(STABLE_MS + 1);

    expect(incomplete).toEqual([PHOTO]);
    expect(settled).toHaveLength(0);
    expect(tracker.pendingCount).toBe(0);
    // The bytes are read again only when the signature changes.
    expect(disk.contentReads.get(PHOTO)).toBe(1);
  });

  it('settles an incomplete file once it completes', async () => {
    const { disk, tracker, settled, incomplete } = createHarness();
    disk.write(PHOTO, { size: 1000, complete: false });
    tracker.track(PHOTO);
    await vi.advanceTimersByTimeAsync(5_000);

    disk.write(PHOTO, { size: 2000, complete: true });
    tracker.track(PHOTO);
    await vi.advanceTimersByTimeAsync(2 * STABLE_MS);

    expect(settled.map((file) => file.signature?.size)).toEqual([2000]);
    expect(incomplete).toHaveLength(0);
  });

  it('notices completion without a watcher event', async () => {
    const { disk, tracker, settled } = createHarness();
    disk.write(PHOTO, { size: 1000, complete: false });
    tracker.track(PHOTO);
    await vi.advanceTimersByTimeAsync(5_000);

    disk.write(PHOTO, { size: 2000, complete: true });
    await vi.advanceTimersByTimeAsync(3_000);

    expect(settled.map((file) => file.signature?.size)).toEqual([2000]);
  });

  it('counts the incomplete limit from the last change', async () => {
    const { disk, tracker, incomplete } = createHarness();
    disk.write(PHOTO, { size: 1000, complete: false });
    tracker.track(PHOTO);
    await vi.advanceTimersByTimeAsync(8_000);
    disk.write(PHOTO, { size: 1500, complete: false });
    tracker.track(PHOTO);

    await vi.advanceTimersByTimeAsync(INCOMPLETE_AFTER_MS - 1_000);
    expect(incomplete).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);

    expect(incomplete).toEqual([PHOTO]);
  });

  it('drops a file that disappears', async () => {
    const { disk, tracker, settled } = createHarness();
    disk.write(PHOTO, { size: 1000 });
    tracker.track(PHOTO);
    await vi.advanceTimersByTimeAsync(STABLE_MS);
    disk.remove(PHOTO);

    await vi.advanceTimersByTimeAsync(STABLE_MS);

    expect(settled).toHaveLength(0);
    expect(tracker.pendingCount).toBe(0);
  });

  it('forgets a file on request', async () => {
    const { disk, tracker, settled } = createHarness();
    disk.write(PHOTO, { size: 1000 });
    tracker.track(PHOTO);
    tracker.forget(PHOTO);

    await vi.advanceTimersByTimeAsync(10 * STABLE_MS);

    expect(settled).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps one timer per file', async () => {
    const { disk, tracker } = createHarness();
    disk.write(PHOTO, { size: 1000 });
    disk.write('/inbox/other.jpg', { size: 1000 });
    for (let i = 0; i < 20; i += 1) {
      tracker.track(PHOTO);
      tracker.track('/inbox/other.jpg');
    }

    expect(vi.getTimerCount()).toBe(2);
    await vi.advanceTimersByTimeAsync(2 * STABLE_MS);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('restarts when an event arrives during a read', async () => {
    const disk = new FakeFileSystem();
    let releaseRead: () => void = () => undefined;
    const slowInspector: FileInspector = {
      readSignature: (filePath) => disk.readSignature(filePath),
      inspectContents: async (filePath) => {
        await new Promise<void>((resolve) => {
          releaseRead = resolve;
        });
        return disk.inspectContents(filePath);
      },
    };
    const { tracker, settled } = createHarness(slowInspector);
    disk.write(PHOTO, { size: 1000 });
    tracker.track(PHOTO);
    await vi.advanceTimersByTimeAsync(2 * STABLE_MS);

    disk.write(PHOTO, { size: 3000 });
    tracker.track(PHOTO);
    releaseRead();
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(2 * STABLE_MS);
    releaseRead();
    await vi.advanceTimersByTimeAsync(0);

    expect(settled.map((file) => file.signature?.size)).toEqual([3000]);
  });

  it('resolves onIdle at once and after the last file', async () => {
    const { disk, tracker } = createHarness();
    await expect(tracker.onIdle()).resolves.toBeUndefined();

    disk.write(PHOTO, { size: 1000 });
    tracker.track(PHOTO);
    let isIdle = false;
    void tracker.onIdle().then(() => {
      isIdle = true;
    });
    await vi.advanceTimersByTimeAsync(STABLE_MS);
    expect(isIdle).toBe(false);
    await vi.advanceTimersByTimeAsync(STABLE_MS);

    expect(isIdle).toBe(true);
  });

  it('ignores files tracked after close', async () => {
    const { disk, tracker, settled } = createHarness();
    disk.write(PHOTO, { size: 1000 });
    tracker.track(PHOTO);
    tracker.close();
    tracker.track(PHOTO);

    await vi.advanceTimersByTimeAsync(10 * STABLE_MS);

    expect(settled).toHaveLength(0);
    expect(tracker.pendingCount).toBe(0);
  });
});
