import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

interface AncestorWatch {
  readonly watcher: FSWatcher;
  /** The watched folders below this one, each with the name of its path's next component. */
  readonly childNames: Map<string, string>;
}

/**
 * Watches the folders above each watched folder with `fs.watch`, and reports a folder whose
 * path may have changed: one of its parents, or the folder itself, was created, renamed or
 * removed. Only the existing part of a path is watched, so the deepest existing parent of a
 * missing folder reports the next component when it appears.
 *
 * An event costs one name comparison per folder below the parent, so a busy parent such as a
 * home folder adds little. Unmounting a drive changes no parent folder and raises no event
 * here, so callers still check on a timer.
 */
export class FolderAncestorWatches {
  readonly #onChange: (folderPath: string) => void;
  readonly #folders = new Set<string>();
  readonly #ancestors = new Map<string, AncestorWatch>();
  #isClosed = false;

  constructor(onChange: (folderPath: string) => void) {
    this.#onChange = onChange;
  }

  /** Starts watching the parents of `folderPath`. Does nothing once closed. */
  add(folderPath: string): void {
    if (this.#isClosed) {
      return;
    }
    this.#folders.add(folderPath);
    this.refresh();
  }

  /** Stops watching the parents of `folderPath`, unless another folder shares them. */
  delete(folderPath: string): void {
    this.#folders.delete(folderPath);
    this.refresh();
  }

  /**
   * Watches the existing parents of every folder again from the root. A parent renamed or
   * removed leaves its `fs.watch` on the old inode, so every watch is replaced. Only a change in
   * a watched path calls this, which is rare.
   */
  refresh(): void {
    this.#closeAll();
    for (const folderPath of this.#folders) {
      this.#watchAncestors(folderPath);
    }
  }

  /** Closes every watch. */
  close(): void {
    this.#isClosed = true;
    this.#folders.clear();
    this.#closeAll();
  }

  #watchAncestors(folderPath: string): void {
    const { root } = path.parse(folderPath);
    const names = path.relative(root, folderPath).split(path.sep);
    let parent = root;
    for (const name of names) {
      const ancestor = this.#ancestors.get(parent) ?? this.#watchAncestor(parent);
      if (ancestor === null) {
        return;
      }
      ancestor.childNames.set(folderPath, name);
      parent = path.join(parent, name);
    }
  }

  #watchAncestor(dir: string): AncestorWatch | null {
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false });
    } catch {
      // A missing parent or one that cannot be read: its own parent reports when it changes.
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
