import { AppError, isAppError } from '../shared/errors.js';
import type { HeifFile } from '../strip/heif/read-heif-file.js';
import { readItemData } from '../strip/heif/resolve-item-extents.js';

/** Throws the structure check's `E_VERIFY_STRUCTURE` error for a cleaned HEIF. */
export function failHeifStructure(problem: string): never {
  throw new AppError('E_VERIFY_STRUCTURE', `Cleaned HEIF failed the structure check: ${problem}.`);
}

/**
 * Returns an item's data, or fails the structure check when it cannot be read. `role` names
 * the file (`input` or `cleaned`) in the message.
 */
export function readItemDataOrFail(file: HeifFile, itemId: number, role: string): Uint8Array {
  try {
    return readItemData(file, itemId);
  } catch (error) {
    if (!isAppError(error)) {
      throw error;
    }
    return failHeifStructure(`the data of item ${itemId} in the ${role} file cannot be read`);
  }
}
