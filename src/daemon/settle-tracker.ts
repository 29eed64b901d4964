import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { ImageFormat } from '../strip/strip-result.js';
import type { FileInspector } from './file-inspector.js';
import { isSameSignature, type FileSignature } from './file-signature.js';

/** A file whose size and mtime stopped changing and whose container is complete. */
export interface SettledFile {
  readonly filePath: string;
  /** Null when the file could not be examined; its job then reports why. */
  readonly signature: FileSignature | null;
  readonly format: ImageFormat | null;
}

/** Arguments of each {@link SettleTracker} event. */
export interface SettleTrackerEventMap {
  settled: [file: SettledFile];
  /** The container stayed incomplete for `incompleteAfterMs` after the file last changed. */
  incomplete: [filePath: string];
  /** No file is settling any more. */
  idle: [];
}

/** Options for {@link SettleTracker}. */
export interface SettleTrackerOptions {
  /** How long size and mtime must stay the same before the bytes are read. */
  readonly stableMs: number;
  /** How long an incomplete file may stay unchanged before it needs attention. */
  readonly incompleteAfterMs: number;
  readonly inspector: FileInspector;
  /**
   * Decides, once the signature is stable and before the bytes are read, whether the file is
   * read at all. A file it rejects is dropped without an event, so the caller reports it when
   * it needs reporting. It must not throw.
   * @default every file is read
   */
  readonly admit?: (filePath: string, signature: FileSignature) => Promise<boolean>;
}

/** The two durations of {@link SettleTrackerOptions} that a config reload may change. */
export type SettleTiming = Pick<SettleTrackerOptions, 'stableMs' | 'incompleteAfterMs'>;

/**
 * The maximum wait between two checks of an incomplete file. A check is one `lstat`, and the
 * bytes are read again only when the signature changed, so the cap only bounds how late a
 * write that raised no watcher event is noticed.
 */
const MAX_RECHECK_MS = 2_000;

const NS_PER_MS = 1_000_000n;

interface PendingFile {
  timer: NodeJS.Timeout | null;
  /** True while a check reads the disk; a timer is never set at the same time. */
  isChecking: boolean;
  /** An event arrived during a check, so the check's verdict is stale. */
  isDirty: boolean;
  lastSignature: FileSignature | null;
  /** `Date.now()` when a change was last seen, by a watcher event or a new signature. */
  changedAt: number;
  /** The signature whose bytes were last found incomplete. */
  incompleteSignature: FileSignature | null;
  recheckMs: number;
}

/**
 * Decides when a file that the watcher reported is ready to clean: its size and mtime have
 * been stable for `stableMs` and its container is complete. Each file has at most one timer,
 * and a new event for a file that is settling restarts it. A file whose container is still
 * incomplete `incompleteAfterMs` after its last change is reported as `incomplete`.
 */
export class SettleTracker extends EventEmitter<SettleTrackerEventMap> {
  #options: SettleTrackerOptions;
  readonly #pending = new Map<string, PendingFile>();
  #idleWaiters: (() => void)[] = [];
  #isClosed = false;

  constructor(options: SettleTrackerOptions) {
    super();
    this.#options = options;
  }

  /** The number of files settling, including incomplete ones that are waiting. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Starts settling `filePath`, or restarts its stable window when it is already settling. */
  track(filePath: string): void {
    if (this.#isClosed) {
      return;
    }
    const now = Date.now();
    let file = this.#pending.get(filePath);
    if (file === undefined) {
      file = {
        timer: null,
        isChecking: false,
        isDirty: false,
        lastSignature: null,
        changedAt: now,
        incompleteSignature: null,
        recheckMs: this.#options.stableMs,
      };
      this.#pending.set(filePath, file);
    }
    file.changedAt = now;
    file.recheckMs = this.#options.stableMs;
    if (file.isChecking) {
      file.isDirty = true;
      return;
    }
    this.#schedule(filePath, file, this.#options.stableMs);
  }

  /** Returns true while `filePath` is settling or waiting to complete. */
  isPending(filePath: string): boolean {
    return this.#pending.has(filePath);
  }

  /** Stops settling `filePath`, for example after it was deleted. */
  forget(filePath: string): void {
    const file = this.#pending.get(filePath);
    if (file !== undefined) {
      this.#drop(filePath, file);
    }
  }

  /** Stops settling every file below `folder`, for example when the folder went away. */
  forgetInside(folder: string): void {
    const prefix = `${folder}${path.sep}`;
    for (const [filePath, file] of [...this.#pending]) {
      if (filePath.startsWith(prefix)) {
        this.#remove(filePath, file);
      }
    }
    this.#notifyIfIdle();
  }

  /** Applies new durations. A stable window that is already running keeps its old length. */
  setTiming(timing: SettleTiming): void {
    this.#options = { ...this.#options, ...timing };
  }

  /** Resolves when no file is settling, at once if none is. */
  onIdle(): Promise<void> {
    if (this.#pending.size === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Cancels every timer and drops every pending file. Later calls to `track` do nothing. */
  close(): void {
    this.#isClosed = true;
    for (const [filePath, file] of this.#pending) {
      this.#remove(filePath, file);
    }
    this.#notifyIfIdle();
  }

  #schedule(filePath: string, file: PendingFile, delayMs: number): void {
    if (file.timer !== null) {
      clearTimeout(file.timer);
    }
    file.timer = setTimeout(() => {
      file.timer = null;
      void this.#check(filePath, file);
    }, delayMs);
  }

  #drop(filePath: string, file: PendingFile): void {
    this.#remove(filePath, file);
    this.#notifyIfIdle();
  }

  #remove(filePath: string, file: PendingFile): void {
    if (file.timer !== null) {
      clearTimeout(file.timer);
      file.timer = null;
    }
    if (this.#pending.get(filePath) === file) {
      this.#pending.delete(filePath);
    }
  }

  #notifyIfIdle(): void {
    if (this.#pending.size > 0) {
      return;
    }
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) {
      resolve();
    }
    this.emit('idle');
  }

  async #check(filePath: string, file: PendingFile): Promise<void> {
    file.isChecking = true;
    let verdict: Verdict;
    try {
      verdict = await this.#inspect(filePath, file);
    } catch {
      // The job meets the same error when it opens the file and reports it with a code.
      verdict = { kind: 'settled', signature: null, format: null };
    }
    file.isChecking = false;
    if (this.#pending.get(filePath) !== file) {
      return;
    }
    if (file.isDirty) {
      file.isDirty = false;
      this.#schedule(filePath, file, this.#options.stableMs);
      return;
    }
    this.#apply(filePath, file, verdict);
  }

  async #inspect(filePath: string, file: PendingFile): Promise<Verdict> {
    const { inspector } = this.#options;
    const signature = await inspector.readSignature(filePath);
    if (signature === null) {
      return { kind: 'gone' };
    }
    const previous = file.lastSignature;
    const isUnchanged = previous !== null && isSameSignature(previous, signature);
    // A file whose ctime is older than the stable window was not written during it, so it
    // needs no second window: that halves the wait after a copy that ended before its event.
    if (!isUnchanged && !this.#isQuietSinceChange(signature)) {
      return { kind: 'changed', signature };
    }
    const incomplete = file.incompleteSignature;
    if (incomplete !== null && isSameSignature(incomplete, signature)) {
      return { kind: 'incomplete', signature };
    }
    if (!(await this.#isAdmitted(filePath, signature))) {
      return { kind: 'rejected' };
    }
    const contents = await inspector.inspectContents(filePath);
    if (contents === null) {
      return { kind: 'gone' };
    }
    // A write during the read leaves bytes from two versions, so the verdict would be stale.
    const after = await inspector.readSignature(filePath);
    if (after === null) {
      return { kind: 'gone' };
    }
    if (!isSameSignature(after, signature)) {
      return { kind: 'changed', signature: after };
    }
    if (!contents.complete) {
      return { kind: 'incomplete', signature };
    }
    return { kind: 'settled', signature, format: contents.format };
  }

  /**
   * Returns true when the file's ctime, which every write and `utimes` sets from the kernel's
   * clock, lies more than `stableMs` before now.
   */
  // NOTE: a network file system stamps ctime with the server's clock. A server clock behind ours
  // by more than `stableMs` settles a file one window early, before the container check.
  #isQuietSinceChange(signature: FileSignature): boolean {
    const ageNs = BigInt(Date.now()) * NS_PER_MS - BigInt(signature.ctimeNs);
    return ageNs > BigInt(this.#options.stableMs) * NS_PER_MS;
  }

  async #isAdmitted(filePath: string, signature: FileSignature): Promise<boolean> {
    const { admit } = this.#options;
    return admit === undefined ? true : admit(filePath, signature);
  }

  #apply(filePath: string, file: PendingFile, verdict: Verdict): void {
    switch (verdict.kind) {
      case 'gone':
      case 'rejected':
        this.#drop(filePath, file);
        return;
      case 'changed':
        file.lastSignature = verdict.signature;
        file.changedAt = Date.now();
        file.recheckMs = this.#options.stableMs;
        this.#schedule(filePath, file, this.#options.stableMs);
        return;
      case 'incomplete':
        file.incompleteSignature = verdict.signature;
        this.#waitForCompletion(filePath, file);
        return;
      case 'settled':
        // Listeners see the file settled before the tracker reports idle.
        this.#remove(filePath, file);
        this.emit('settled', { filePath, signature: verdict.signature, format: verdict.format });
        this.#notifyIfIdle();
        return;
    }
  }

  /**
   * Checks an incomplete file again with a growing delay, so a write that raised no watcher
   * event is still noticed, and gives up `incompleteAfterMs` after its last change.
   */
  #waitForCompletion(filePath: string, file: PendingFile): void {
    const remainingMs = file.changedAt + this.#options.incompleteAfterMs - Date.now();
    if (remainingMs <= 0) {
      this.#remove(filePath, file);
      this.emit('incomplete', filePath);
      this.#notifyIfIdle();
      return;
    }
    const delayMs = Math.min(file.recheckMs, remainingMs);
    file.recheckMs = Math.min(file.recheckMs * 2, MAX_RECHECK_MS);
    this.#schedule(filePath, file, delayMs);
  }
}

type Verdict =
  | { readonly kind: 'gone' }
  | { readonly kind: 'rejected' }
  | { readonly kind: 'changed'; readonly signature: FileSignature }
  | { readonly kind: 'incomplete'; readonly signature: FileSignature }
  | {
      readonly kind: 'settled';
      readonly signature: FileSignature | null;
      readonly format: ImageFormat | null;
    };
