import { EventEmitter } from 'node:events';
import type { PauseRecord, PauseStore } from '../commit/history/pause-store.js';

/** The maximum delay of `setTimeout`; a later end is checked again after this long. */
const MAX_TIMER_MS = 2_147_483_647;

/** Arguments of each {@link PauseController} event. */
export interface PauseControllerEventMap {
  /** A pause began or ended, by a request or because its `until` passed. */
  change: [];
}

/**
 * The daemon's pauses, global and per folder. Each is stored in the history, so it survives a
 * restart, and a pause with an end time ends by a timer.
 */
export class PauseController extends EventEmitter<PauseControllerEventMap> {
  readonly #store: PauseStore;
  readonly #now: () => Date;
  /** The pauses in force, keyed by folder path; the global pause has the key null. */
  readonly #pauses = new Map<string | null, PauseRecord>();
  readonly #timers = new Map<string | null, NodeJS.Timeout>();

  constructor(store: PauseStore, now: () => Date) {
    super();
    this.#store = store;
    this.#now = now;
    for (const pause of store.listActive(now())) {
      this.#set(pause);
    }
  }

  /** The global pause, or null. */
  get global(): PauseRecord | null {
    return this.#pauses.get(null) ?? null;
  }

  /** Returns the folder's own pause, or null; the global pause is not included. */
  getFolderPause(folder: string): PauseRecord | null {
    return this.#pauses.get(folder) ?? null;
  }

  /** Returns true when `folder` is paused, by its own pause or the global one. */
  isPaused(folder: string): boolean {
    return this.#pauses.has(null) || this.#pauses.has(folder);
  }

  /** Pauses `folder`, or everything with null, until `until` or until resumed. */
  pause(folder: string | null, until: Date | null): PauseRecord {
    const at = this.#now();
    this.#store.pause(folder, at, until);
    const record = {
      folder,
      pausedAt: at.toISOString(),
      until: until === null ? null : until.toISOString(),
    };
    this.#set(record);
    this.emit('change');
    return record;
  }

  /** Ends the pause of `folder`, or the global pause with null; returns false when none was. */
  resume(folder: string | null): boolean {
    const wasPaused = this.#pauses.has(folder);
    this.#store.resume(folder);
    this.#delete(folder);
    if (wasPaused) {
      this.emit('change');
    }
    return wasPaused;
  }

  /** Stops the timers. The stored pauses stay for the next start. */
  close(): void {
    for (const timer of this.#timers.values()) {
      clearTimeout(timer);
    }
    this.#timers.clear();
  }

  #set(record: PauseRecord): void {
    this.#delete(record.folder);
    this.#pauses.set(record.folder, record);
    if (record.until !== null) {
      this.#armTimer(record.folder, Date.parse(record.until));
    }
  }

  #delete(folder: string | null): void {
    this.#pauses.delete(folder);
    clearTimeout(this.#timers.get(folder));
    this.#timers.delete(folder);
  }

  #armTimer(folder: string | null, endsAt: number): void {
    const delay = Math.max(0, endsAt - this.#now().getTime());
    const timer = setTimeout(
      () => {
        this.#timers.delete(folder);
        if (this.#now().getTime() < endsAt) {
          this.#armTimer(folder, endsAt);
          return;
        }
        this.resume(folder);
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    timer.unref();
    this.#timers.set(folder, timer);
  }
}
