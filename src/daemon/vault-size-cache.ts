import { getVaultSize, type VaultSize } from '../commit/get-vault-size.js';

/** Options for {@link VaultSizeCache}. */
export interface VaultSizeCacheOptions {
  /**
   * How long a measured size is reused, in milliseconds. Originals that reach the vault
   * without the daemon (`clean` while no daemon runs, a hand edit) and pruned ones show within
   * this time.
   * @default 60_000
   */
  readonly maxAgeMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default getVaultSize */
  readonly measure?: (vaultDir: string) => Promise<VaultSize>;
}

interface Measurement {
  readonly vaultDir: string;
  readonly measuredAt: number;
  bytes: number;
  files: number;
}

const DEFAULT_MAX_AGE_MS = 60_000;

/**
 * Keeps the vault's size for `status`, which the tray requests after every event. Walking a
 * vault of years of originals takes an `lstat` per file, so the size is measured at most once
 * per `maxAgeMs` and each original a watched folder's job stores is added to it. One walk runs
 * at a time. An original stored while a walk runs may be counted twice until the next walk.
 */
export class VaultSizeCache {
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #measure: (vaultDir: string) => Promise<VaultSize>;
  #measurement: Measurement | null = null;
  #walk: { readonly vaultDir: string; readonly size: Promise<VaultSize> } | null = null;
  #addedDuringWalk = { bytes: 0, files: 0 };
  #invalidations = 0;

  constructor(options: VaultSizeCacheOptions = {}) {
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.#now = options.now ?? Date.now;
    this.#measure = options.measure ?? getVaultSize;
  }

  /** Returns the size of `vaultDir`, walking it when the last measurement is too old. */
  async get(vaultDir: string): Promise<VaultSize> {
    const measurement = this.#measurement;
    if (
      measurement?.vaultDir === vaultDir &&
      this.#now() - measurement.measuredAt < this.#maxAgeMs
    ) {
      return { bytes: measurement.bytes, files: measurement.files };
    }
    if (this.#walk?.vaultDir !== vaultDir) {
      this.#walk = { vaultDir, size: this.#walkVault(vaultDir) };
    }
    return this.#walk.size;
  }

  /** Counts an original of `bytes` that the daemon just stored in `vaultDir`. */
  add(vaultDir: string, bytes: number): void {
    if (this.#walk?.vaultDir === vaultDir) {
      this.#addedDuringWalk.bytes += bytes;
      this.#addedDuringWalk.files += 1;
    }
    if (this.#measurement?.vaultDir === vaultDir) {
      this.#measurement.bytes += bytes;
      this.#measurement.files += 1;
    }
  }

  /**
   * Forgets the measurement, after originals left or reached the vault uncounted, as a revert
   * or a `clean` request does. A walk that is running still resolves for its callers, but its
   * result is not kept.
   */
  invalidate(): void {
    this.#measurement = null;
    this.#invalidations += 1;
  }

  async #walkVault(vaultDir: string): Promise<VaultSize> {
    this.#addedDuringWalk = { bytes: 0, files: 0 };
    const invalidations = this.#invalidations;
    try {
      const size = await this.#measure(vaultDir);
      const measured = {
        vaultDir,
        measuredAt: this.#now(),
        bytes: size.bytes + this.#addedDuringWalk.bytes,
        files: size.files + this.#addedDuringWalk.files,
      };
      if (invalidations === this.#invalidations) {
        this.#measurement = measured;
      }
      return { bytes: measured.bytes, files: measured.files };
    } finally {
      this.#walk = null;
    }
  }
}
