import { isAppError } from '../../shared/errors.js';
import { walkGifBlocks } from './walk-gif-blocks.js';

/**
 * Returns true when the block walk of a GIF file reaches its trailer `;`. Used to tell a file
 * still being copied from one ready to clean. Only running out of data returns false: a
 * corrupt file counts as complete, because waiting cannot repair it and the stripper then
 * rejects it with its own code.
 */
export function isGifComplete(bytes: Uint8Array): boolean {
  try {
    walkGifBlocks(bytes);
    return true;
  } catch (error) {
    if (!isAppError(error)) {
      throw error;
    }
    return error.code !== 'E_TRUNCATED';
  }
}
