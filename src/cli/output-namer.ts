import path from 'node:path';

/** Returns a path that is free on disk, as `findFreePath` from the commit module does. */
export type FindFreePath = (desiredPath: string) => Promise<string>;

const MAX_COPY_NUMBER = 10_000;

/**
 * Picks output paths for one batch, so that no two files of the batch and no file already on
 * disk share a name. Names are compared case-folded and NFC-normalised, because macOS and
 * Windows file systems treat `A.jpg` and `a.jpg` (and NFC and NFD `é`) as one name.
 */
export class OutputNamer {
  readonly #findFreePath: FindFreePath;
  readonly #claimed = new Set<string>();
  /** The last claim, which the next one waits for, so names go out in the order of calls. */
  #lastClaim: Promise<unknown> = Promise.resolve();

  constructor(findFreePath: FindFreePath) {
    this.#findFreePath = findFreePath;
  }

  /**
   * Returns `desiredPath`, or the first of `name (2).ext`, `name (3).ext`... that neither an
   * earlier call of this batch returned nor exists on disk, and reserves it. Concurrent calls
   * run one after another in call order, so two calls never receive the same name.
   *
   * @throws {RangeError} after {@link MAX_COPY_NUMBER} taken names.
   */
  claim(desiredPath: string): Promise<string> {
    const claim = this.#lastClaim.then(() => this.#claimNow(desiredPath));
    this.#lastClaim = claim.catch(() => undefined);
    return claim;
  }

  async #claimNow(desiredPath: string): Promise<string> {
    for (let copyNumber = 1; copyNumber <= MAX_COPY_NUMBER; copyNumber += 1) {
      const candidate = copyNumber === 1 ? desiredPath : addCopyNumber(desiredPath, copyNumber);
      if (this.#claimed.has(toNameKey(candidate))) {
        continue;
      }
      // The candidate is taken on disk when findFreePath moves it on to another name.
      const freePath = await this.#findFreePath(candidate);
      if (toNameKey(freePath) === toNameKey(candidate)) {
        this.#claimed.add(toNameKey(freePath));
        return freePath;
      }
    }
    throw new RangeError(
      `\`${desiredPath}\` and its numbered copies up to " (${MAX_COPY_NUMBER})" are all taken`,
    );
  }
}

/** Inserts ` (n)` before the extension: `a.jpg` becomes `a (2).jpg`, `.hidden` `.hidden (2)`. */
export function addCopyNumber(filePath: string, copyNumber: number): string {
  const extension = path.extname(filePath);
  return `${filePath.slice(0, filePath.length - extension.length)} (${copyNumber})${extension}`;
}

/** Folds a path to the form under which two paths count as the same name. */
export function toNameKey(filePath: string): string {
  return filePath.normalize('NFC').toLowerCase();
}
