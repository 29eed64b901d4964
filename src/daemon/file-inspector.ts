import { open } from 'node:fs/promises';
import { isContainerComplete } from '../strip/is-container-complete.js';
import { sniffFormat } from '../strip/sniff-format.js';
import type { ImageFormat } from '../strip/strip-result.js';
import { isMissingPathError, readFileSignature, type FileSignature } from './file-signature.js';
import { ReadBuffers } from './read-buffers.js';

/**
 * Files up to this size are read into a buffer that the next file reuses. Above it, each file
 * gets a buffer of its own, as a larger spare buffer would stay allocated for the whole burst.
 */
const MAX_REUSED_BUFFER_BYTES = 16 * 1024 * 1024;

/** Spare read buffers are freed after this long without a completeness check. */
const BUFFER_IDLE_RELEASE_MS = 2_000;

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
  const buffers = new ReadBuffers(MAX_REUSED_BUFFER_BYTES, BUFFER_IDLE_RELEASE_MS);
  return {
    readSignature: readFileSignature,
    inspectContents: (filePath) => inspectContents(filePath, options.maxFileBytes, buffers),
  };
}

async function inspectContents(
  filePath: string,
  maxFileBytes: number,
  buffers: ReadBuffers,
): Promise<ContentsInspection | null> {
  const signature = await readFileSignature(filePath);
  if (signature === null) {
    return null;
  }
  if (signature.size > maxFileBytes) {
    return { complete: true, format: null };
  }
  const buffer = buffers.acquire(signature.size);
  try {
    const bytes = await readInto(filePath, buffer, signature.size);
    if (bytes === null) {
      return null;
    }
    const sniffed = sniffFormat(bytes);
    return {
      complete: isContainerComplete(bytes),
      format: sniffed.kind === 'supported' ? sniffed.format : null,
    };
  } finally {
    buffers.release(buffer);
  }
}

/**
 * Reads up to `size` bytes of the file into `buffer` and returns the part read, or null when
 * the file is gone. A file that grew meanwhile is read only up to `size`: the caller compares
 * the signature after the read, and a changed file is checked again.
 */
async function readInto(filePath: string, buffer: Buffer, size: number): Promise<Buffer | null> {
  let handle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    if (isMissingPathError(error)) {
      return null;
    }
    throw error;
  }
  try {
    let length = 0;
    while (length < size) {
      const { bytesRead } = await handle.read(buffer, length, size - length, length);
      if (bytesRead === 0) {
        break;
      }
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
