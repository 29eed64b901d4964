import { existsSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

interface AncestorWatch {
  readonly watcher: FSWatcher;
  /** The missing folders below this one, each with the name of its path's next component. */
  readonly childNames: Map<string, string>;
}

/**
 * Watches the deepest existing parent of each missing folder with `fs.watch`, and reports the
 * folder when the next component of its path is created or renamed into place. A folder that
 * exists gets no watch here, because every event in a busy parent such as a home folder or
 * `/tmp` would wake the idle daemon.
 */
export class FolderAncestorWatches {
  readonly #onChange: (folderPath: string) => void;
  readonly #folders = new Set<string>();
  readonly #ancestors = new Map<string, AncestorWatch>();
  #isClosed = false;

  constructor(onChange: (folderPath: string) => void) {
    this.#onChange = onChange;
  }

  /** Starts watching for `folderPath` to appear. Does nothing once closed. */
  add(folderPath: string): void {
    if (this.#isClosed) {
      return;
    }
    this.#folders.add(folderPath);
    this.refresh();
  }

  /** Stops watching for `folderPath`. */
  delete(folderPath: string): void {
    this.#folders.delete(folderPath);
    this.refresh();
  }

  /**
   * Watches the deepest existing parent of every missing folder again. Call it after a folder
   * appeared or went away, because the watch then belongs elsewhere.
   */
  refresh(): void {
    this.#closeAll();
    for (const folderPath of this.#folders) {
      this.#watchDeepestAncestor(folderPath);
    }
  }

  /** Closes every watch. */
  close(): void {
    this.#isClosed = true;
    this.#folders.clear();
    this.#closeAll();
  }

  #watchDeepestAncestor(folderPath: string): void {
    let child = folderPath;
    let parent = path.dirname(child);
    if (existsSync(folderPath)) {
      return;
    }
    while (!existsSync(parent) && parent !== path.dirname(parent)) {
      child = parent;
      parent = path.dirname(parent);
    }
    const ancestor = this.#ancestors.get(parent) ?? this.#watchAncestor(parent);
    ancestor?.childNames.set(folderPath, path.basename(child));
    // The component may have appeared after the check above and before the watch started.
    if (ancestor !== null && existsSync(child)) {
      queueMicrotask(() => {
        this.#onChange(folderPath);
      });
    }
  }

  #watchAncestor(dir: string): AncestorWatch | null {
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false });
    } catch {
      // The parent went away or cannot be read, so only the timer finds the folder.
      return null;
    }
    const ancestor: AncestorWatch = { watcher, childNames: new Map() };
    watcher.on('change', (_eventType, fileName) => {
      this.#handleEvent(ancestor, fileName);
    });
    watcher.on('error', () => {
      this.#handleEvent(ancestor, null);
    });
    this.#ancestors.set(dir, ancestor);
    return ancestor;
  }

  #handleEvent(ancestor: AncestorWatch, fileName: string | Buffer | null): void {
    const name = fileName === null ? null : fileName.toString();
    const changed = [...ancestor.childNames]
      .filter(([, childName]) => name === null || childName === name)
      .map(([folderPath]) => folderPath);
    if (changed.length === 0) {
      return;
    }
    this.refresh();
    for (const folderPath of changed) {
      this.#onChange(folderPath);
    }
  }

  #closeAll(): void {
    for (const ancestor of this.#ancestors.values()) {
      ancestor.watcher.close();
    }
    this.#ancestors.clear();
  }
}
