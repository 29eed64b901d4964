import { createHash } from 'node:crypto';
import { NODE_FILE_SYSTEM, type CommitFileSystem } from './commit-file-system.js';

const CHUNK_BYTES = 1024 * 1024;

/** Returns the hex SHA-256 of a file's bytes, read in 1 MiB chunks. */
export async function hashFile(
  filePath: string,
  fs: CommitFileSystem = NODE_FILE_SYSTEM,
): Promise<string> {
  const hash = createHash('sha256');
  const handle = await fs.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) {
        break;
      }
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** Returns the hex SHA-256 of `bytes`. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
