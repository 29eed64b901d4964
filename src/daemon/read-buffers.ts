/**
 * Read buffers that the completeness check reuses from one file to the next. A burst settles
 * thousands of files on the main thread, and a new buffer per file is freed only when V8
 * collects its `ArrayBuffer` object. A read that spans a few event-loop turns promotes that
 * object to the old generation, so the buffers of dead files stayed allocated until the next
 * full collection. In a burst of 0.7 MB JPEGs, the main thread's file buffers, these reads and
 * the jobs' reads together, reached about 70 MB.
 */
export class ReadBuffers {
  readonly #maxReusedBytes: number;
  readonly #idleReleaseMs: number;
  #spare: Buffer[] = [];
  #releaseTimer: NodeJS.Timeout | null = null;

  /**
   * @param maxReusedBytes buffers larger than this are allocated for one file and not kept.
   * @param idleReleaseMs spare buffers are dropped after this long without a read, so that an
   *   idle daemon does not keep them.
   */
  constructor(maxReusedBytes: number, idleReleaseMs: number) {
    this.#maxReusedBytes = maxReusedBytes;
    this.#idleReleaseMs = idleReleaseMs;
  }

  /** Returns a buffer of at least `size` bytes, whose contents are not initialised. */
  acquire(size: number): Buffer {
    this.#stopReleaseTimer();
    const spare = this.#spare.pop();
    if (spare !== undefined && spare.length >= size) {
      return spare;
    }
    // A spare buffer that is too small is left to the garbage collector and replaced.
    return Buffer.allocUnsafeSlow(size);
  }

  /** Takes back a buffer from {@link acquire} that its caller no longer reads. */
  release(buffer: Buffer): void {
    if (buffer.length <= this.#maxReusedBytes) {
      this.#spare.push(buffer);
    }
    this.#stopReleaseTimer();
    this.#releaseTimer = setTimeout(() => {
      this.#releaseTimer = null;
      this.#spare = [];
    }, this.#idleReleaseMs);
    this.#releaseTimer.unref();
  }

  #stopReleaseTimer(): void {
    if (this.#releaseTimer !== null) {
      clearTimeout(this.#releaseTimer);
      this.#releaseTimer = null;
    }
  }
}
