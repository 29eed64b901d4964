import PQueue from 'p-queue';
import type { FileInspector } from './file-inspector.js';

/**
 * Wraps `inspector` so that at most `maxConcurrent` files have their contents read at the same
 * time. The completeness check reads a whole file, and a burst of thousands of files settles
 * within one stable window, so without this bound the intake would hold all of them in memory
 * at once. Signatures (`lstat`) stay unbounded, because they hold no file contents.
 *
 * @throws RangeError when `maxConcurrent` is not a positive integer.
 */
export function limitContentReads(inspector: FileInspector, maxConcurrent: number): FileInspector {
  if (!Number.isSafeInteger(maxConcurrent) || maxConcurrent <= 0) {
    throw new RangeError(
      `\`maxConcurrent\` must be a positive integer; received ${String(maxConcurrent)} (${typeof maxConcurrent})`,
    );
  }
  const reads = new PQueue({ concurrency: maxConcurrent });
  return {
    readSignature: (filePath) => inspector.readSignature(filePath),
    inspectContents: (filePath) => reads.add(() => inspector.inspectContents(filePath)),
  };
}
