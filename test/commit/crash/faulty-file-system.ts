import type { FileHandle } from 'node:fs/promises';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { NODE_FILE_SYSTEM, type CommitFileSystem } from '../../../src/commit/commit-file-system.js';

/** A fault to inject: the `index`th operation (from 0) fails with `code`. */
export interface Fault {
  readonly index: number;
  readonly code: 'ENOSPC' | 'EACCES' | 'EXDEV' | 'EIO';
  /** Every later operation fails as well, as on a disk that stays full or broken. */
  readonly persistent: boolean;
}

/** File handle methods that count as operations. */
const HANDLE_OPERATIONS = new Set(['writeFile', 'sync', 'chmod', 'utimes', 'read', 'close']);

/**
 * A {@link CommitFileSystem} over the real disk that logs every operation (`op path`) and can
 * fail one of them, or every one from some point on. `trash` moves the file into `trashDir`
 * so the tests never touch the user's trash.
 */
export class FaultyFileSystem implements CommitFileSystem {
  /** Each operation so far, as `op path`. */
  readonly log: string[] = [];
  readonly #trashDir: string;
  readonly #fault: Fault | null;
  #trashed = 0;

  constructor(trashDir: string, fault: Fault | null = null) {
    this.#trashDir = trashDir;
    this.#fault = fault;
  }

  /** Logs an operation, and throws the injected error when the fault hits it. */
  #check(operation: string, filePath: string): void {
    const index = this.log.length;
    this.log.push(`${operation} ${filePath}`);
    const fault = this.#fault;
    if (fault === null) {
      return;
    }
    const isHit = fault.persistent ? index >= fault.index : index === fault.index;
    if (isHit) {
      const error = new Error(`${fault.code}: injected fault, ${operation} '${filePath}'`);
      Object.assign(error, { code: fault.code, syscall: operation, path: filePath });
      throw error;
    }
  }

  async open(filePath: string, flags: string | number, mode?: number): Promise<FileHandle> {
    this.#check('open', filePath);
    const handle = await NODE_FILE_SYSTEM.open(filePath, flags, mode);
    return new Proxy(handle, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof property !== 'string' || typeof value !== 'function') {
          return value;
        }
        const method = value as (...args: unknown[]) => unknown;
        if (!HANDLE_OPERATIONS.has(property)) {
          return method.bind(target);
        }
        return async (...args: unknown[]) => {
          try {
            this.#check(property, filePath);
          } catch (error) {
            if (property === 'close') {
              // The descriptor is closed all the same, as close(2) does on EIO.
              await method.apply(target, args);
            }
            throw error;
          }
          return method.apply(target, args);
        };
      },
    });
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    this.#check('link', newPath);
    await NODE_FILE_SYSTEM.link(existingPath, newPath);
  }

  async rename(oldPath: string, newPath: string): Promise<void> {
    this.#check('rename', newPath);
    await NODE_FILE_SYSTEM.rename(oldPath, newPath);
  }

  async unlink(filePath: string): Promise<void> {
    this.#check('unlink', filePath);
    await NODE_FILE_SYSTEM.unlink(filePath);
  }

  async mkdir(dir: string, mode?: number): Promise<string | undefined> {
    this.#check('mkdir', dir);
    return NODE_FILE_SYSTEM.mkdir(dir, mode);
  }

  async rmdir(dir: string): Promise<void> {
    this.#check('rmdir', dir);
    await NODE_FILE_SYSTEM.rmdir(dir);
  }

  async copyFile(source: string, destination: string): Promise<void> {
    this.#check('copyFile', destination);
    await NODE_FILE_SYSTEM.copyFile(source, destination);
  }

  async utimes(filePath: string, atime: number | Date, mtime: number | Date): Promise<void> {
    this.#check('utimes', filePath);
    await NODE_FILE_SYSTEM.utimes(filePath, atime, mtime);
  }

  async lstat(filePath: string) {
    this.#check('lstat', filePath);
    return NODE_FILE_SYSTEM.lstat(filePath);
  }

  async readdir(dir: string): Promise<string[]> {
    this.#check('readdir', dir);
    return NODE_FILE_SYSTEM.readdir(dir);
  }

  async trash(filePath: string): Promise<string | null> {
    this.#check('trash', filePath);
    this.#trashed += 1;
    await rename(
      filePath,
      path.join(this.#trashDir, `${this.#trashed}-${path.basename(filePath)}`),
    );
    return null;
  }
}
