/**
 * Runs async tasks one at a time per key, in call order, within this process. Tasks under
 * different keys run concurrently. A failed task does not block the tasks after it.
 */
export class KeyedMutex {
  /** The settled-or-pending end of the last task queued under each key. */
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `task` once every task queued before under `key` has ended, and returns its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) {
        this.#tails.delete(key);
      }
    });
    return result;
  }
}
