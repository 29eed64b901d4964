import { readFile } from 'node:fs/promises';
import { isContainerComplete } from '../strip/is-container-complete.js';
import { sniffFormat } from '../strip/sniff-format.js';
import type { ImageFormat } from '../strip/strip-result.js';
import { isMissingPathError, readFileSignature, type FileSignature } from './file-signature.js';

/** Facts the intake reads from a file's bytes. */
export interface ContentsInspection {
  /** False while the container's own structure shows that bytes are missing. */
  readonly complete: boolean;
  /** The container format when MetaClear can clean it, else null. */
  readonly format: ImageFormat | null;
}

/** The file system reads the intake needs; tests replace them with an in-memory fake. */
export interface FileInspector {
  /** Returns null when the path is gone or is not a regular file. */
  readSignature(filePath: string): Promise<FileSignature | null>;
  /** Returns null when the path is gone. */
  inspectContents(filePath: string): Promise<ContentsInspection | null>;
}

/**
 * Creates the inspector that reads the real disk. A file larger than `maxFileBytes` is not
 * read: it counts as complete, so its job reports the size limit instead of waiting forever.
 */
export function createFileInspector(options: { readonly maxFileBytes: number }): FileInspector {
  return {
    readSignature: readFileSignature,
    inspectContents: (filePath) => inspectContents(filePath, options.maxFileBytes),
  };
}

async function inspectContents(
  filePath: string,
  maxFileBytes: number,
): Promise<ContentsInspection | null> {
  const signature = await readFileSignature(filePath);
  if (signature === null) {
    return null;
  }
  if (signature.size > maxFileBytes) {
    return { complete: true, format: null };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    if (isMissingPathError(error)) {
      return null;
    }
    throw error;
  }
  const sniffed = sniffFormat(bytes);
  return {
    complete: isContainerComplete(bytes),
    format: sniffed.kind === 'supported' ? sniffed.format : null,
  };
}
