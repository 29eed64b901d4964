import { EventEmitter } from 'node:events';
import type { FileInspector } from '../../src/daemon/file-inspector.js';
import type { FileSignature } from '../../src/daemon/file-signature.js';
import type {
  FolderWatcher,
  FolderWatcherEventMap,
  WatchFolderOptions,
} from '../../src/daemon/watch-folder.js';
import type { ImageFormat } from '../../src/strip/strip-result.js';

interface FakeFile {
  signature: FileSignature;
  complete: boolean;
  format: ImageFormat | null;
}

/**
 * An in-memory stand-in for the disk the intake inspects. Every write gets a new mtime and
 * ctime from the clock, so it changes the file's signature as a real write would.
 */
export class FakeFileSystem implements FileInspector {
  readonly #files = new Map<string, FakeFile>();
  #clock = 0;
  #nextInode = 1;
  /** How many times each path's contents were read. */
  readonly contentReads = new Map<string, number>();

  /** Creates or rewrites a file. */
  write(
    filePath: string,
    options: { size: number; complete?: boolean; format?: ImageFormat | null },
  ): void {
    this.#clock += 1;
    const previous = this.#files.get(filePath);
    const ino = previous?.signature.ino ?? String(this.#nextInode++);
    // The time of the write (fake timers move Date.now), plus a count that makes each write's
    // times differ even within one millisecond.
    const changedNs = String(BigInt(Date.now()) * 1_000_000n + BigInt(this.#clock));
    this.#files.set(filePath, {
      signature: { ino, size: options.size, mtimeNs: changedNs, ctimeNs: changedNs },
      complete: options.complete ?? true,
      format: options.format === undefined ? 'jpeg' : options.format,
    });
  }

  remove(filePath: string): void {
    this.#files.delete(filePath);
  }

  signatureOf(filePath: string): FileSignature | null {
    return this.#files.get(filePath)?.signature ?? null;
  }

  readSignature(filePath: string): Promise<FileSignature | null> {
    return Promise.resolve(this.signatureOf(filePath));
  }

  inspectContents(
    filePath: string,
  ): Promise<{ complete: boolean; format: ImageFormat | null } | null> {
    const file = this.#files.get(filePath);
    this.contentReads.set(filePath, (this.contentReads.get(filePath) ?? 0) + 1);
    return Promise.resolve(
      file === undefined ? null : { complete: file.complete, format: file.format },
    );
  }
}

/** A folder watcher that emits only the events the test fires on it. */
export class FakeFolderWatcher
  extends EventEmitter<FolderWatcherEventMap>
  implements FolderWatcher
{
  readonly root: string;
  readonly options: WatchFolderOptions;
  #isReady = false;
  #ready: Promise<void>;
  #markReady: () => void = () => undefined;
  closeCalls = 0;

  constructor(root: string, options: WatchFolderOptions = {}) {
    super();
    this.root = root;
    this.options = options;
    this.#ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
  }

  get isReady(): boolean {
    return this.#isReady;
  }

  /** Ends the fake initial scan. */
  becomeReady(): void {
    this.#isReady = true;
    this.#markReady();
    this.emit('ready');
  }

  onReady(): Promise<void> {
    return this.#ready;
  }

  close(): Promise<void> {
    this.closeCalls += 1;
    this.#markReady();
    return Promise.resolve();
  }
}
