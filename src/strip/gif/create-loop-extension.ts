/** Application identifiers (8 bytes plus 3-byte code) of the animation loop extension. */
export const LOOP_EXTENSION_IDS: ReadonlySet<string> = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);

/** The loop sub-block: id 1, then the loop count as a little-endian 16-bit number. */
const LOOP_SUB_BLOCK_ID = 1;
const LOOP_SUB_BLOCK_SIZE = 3;

/**
 * Creates the loop extension that keeps only the loop count of an application extension
 * with a loop identifier: `!`, 0xFF, the 11-byte identifier, the 3-byte loop sub-block and the
 * terminator. Other sub-blocks, such as the Netscape buffering hint, are left out. Returns null
 * when `subBlocks` (the identifier first) has no loop sub-block.
 */
export function createLoopExtension(subBlocks: readonly Uint8Array[]): Uint8Array | null {
  const [identifier, ...data] = subBlocks;
  const loop = data.find(
    (block) => block.length === LOOP_SUB_BLOCK_SIZE && block[0] === LOOP_SUB_BLOCK_ID,
  );
  if (identifier === undefined || loop === undefined) {
    return null;
  }
  return Uint8Array.from([0x21, 0xff, identifier.length, ...identifier, loop.length, ...loop, 0]);
}
