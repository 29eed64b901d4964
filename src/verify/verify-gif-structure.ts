import { AppError } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';

/** One block between the global colour table and the trailer, as this check reads it. */
interface Block {
  /** 'image', or the extension label. */
  readonly kind: 'image' | number;
  readonly start: number;
  readonly bytes: Buffer;
  /** For extensions, the data of each sub-block, the application identifier first. */
  readonly subBlocks: readonly Buffer[];
}

interface Layout {
  /** Signature, logical screen descriptor and global colour table. */
  readonly screen: Buffer;
  readonly blocks: readonly Block[];
  /** Bytes after the trailer `;`. */
  readonly trailerLength: number;
}

const LABEL = { graphicControl: 0xf9, application: 0xff } as const;
const LOOP_IDS: ReadonlySet<string> = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);
const ICC_ID_PREFIX = 'ICCRGBG1';

/**
 * Checks a cleaned GIF against its input by walking both again, independently of the
 * stripper. The cleaned file must start with the input's header, logical screen descriptor
 * and global colour table, and end with the trailer. In between, it may contain only the
 * input's images and graphic control extensions, in order, and loop extensions with only the
 * input's loop count. ICC profile extensions equal to the input's are allowed when the policy
 * keeps colour profiles.
 *
 * @throws {AppError} `E_VERIFY_STRUCTURE` naming the first check that failed, never a value.
 */
export function verifyGifStructure(
  input: Uint8Array,
  output: Uint8Array,
  policy: KeepPolicy,
): void {
  const inputLayout = readLayout(input, 'input');
  const outputLayout = readLayout(output, 'cleaned');
  if (outputLayout.trailerLength > 0) {
    fail(`${outputLayout.trailerLength} bytes follow the trailer of the cleaned GIF.`);
  }
  if (!inputLayout.screen.equals(outputLayout.screen)) {
    fail('The header, screen descriptor or global colour table of the cleaned GIF differ.');
  }
  for (const block of outputLayout.blocks) {
    if (!isAllowedBlock(block, policy)) {
      fail(`The cleaned GIF contains ${describe(block)}, which the keep policy does not allow.`);
    }
  }
  const expected = inputLayout.blocks.flatMap((block) => getExpectedBytes(block, policy));
  const actual = outputLayout.blocks.map((block) => block.bytes);
  const isSame =
    expected.length === actual.length &&
    expected.every((bytes, i) => actual[i] !== undefined && bytes.equals(actual[i]));
  if (!isSame) {
    fail('The images, graphic controls or loop count of the cleaned GIF differ from the input.');
  }
}

function isAllowedBlock(block: Block, policy: KeepPolicy): boolean {
  if (block.kind === 'image') {
    return true;
  }
  if (block.kind === LABEL.graphicControl) {
    return block.subBlocks.length === 1 && block.subBlocks[0]?.length === 4;
  }
  if (block.kind !== LABEL.application) {
    return false;
  }
  const identifier = readIdentifier(block);
  if (LOOP_IDS.has(identifier)) {
    const [, loop, ...rest] = block.subBlocks;
    return loop?.length === 3 && loop[0] === 1 && rest.length === 0;
  }
  return identifier.startsWith(ICC_ID_PREFIX) && policy.colorProfile === true;
}

/**
 * Returns what an input block must become in the output. Images and graphic controls stay as
 * they are, and so does an ICC profile that the policy keeps. A loop extension keeps only its
 * identifier and loop sub-block. Every other block disappears.
 */
function getExpectedBytes(block: Block, policy: KeepPolicy): Buffer[] {
  if (block.kind === 'image' || block.kind === LABEL.graphicControl) {
    return [block.bytes];
  }
  if (block.kind !== LABEL.application) {
    return [];
  }
  const identifier = readIdentifier(block);
  if (LOOP_IDS.has(identifier)) {
    const loop = block.subBlocks.slice(1).find((data) => data.length === 3 && data[0] === 1);
    return loop === undefined
      ? []
      : [Buffer.from([0x21, 0xff, 11, ...Buffer.from(identifier, 'latin1'), 3, ...loop, 0])];
  }
  if (identifier.startsWith(ICC_ID_PREFIX) && policy.colorProfile === true) {
    return [block.bytes];
  }
  return [];
}

function readIdentifier(block: Block): string {
  const [first] = block.subBlocks;
  return first?.length === 11 ? first.toString('latin1') : '';
}

function describe(block: Block): string {
  const what =
    block.kind === 'image' ? 'an image' : `an extension with label 0x${block.kind.toString(16)}`;
  return `${what} at byte ${block.start}`;
}

function readLayout(bytes: Uint8Array, role: 'input' | 'cleaned'): Layout {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = buffer.toString('latin1', 0, 6);
  if (buffer.length < 13 || (signature !== 'GIF87a' && signature !== 'GIF89a')) {
    fail(`The ${role} file does not start with a GIF signature and screen descriptor.`);
  }
  const reader = new BlockReader(buffer, role);
  const screenEnd = 13 + getColorTableSize(reader.readByte(10));
  const blocks: Block[] = [];
  let offset = screenEnd;
  while (reader.readByte(offset) !== 0x3b) {
    const block = reader.readBlock(offset);
    blocks.push(block);
    offset += block.bytes.length;
  }
  return {
    screen: buffer.subarray(0, screenEnd),
    blocks,
    trailerLength: buffer.length - offset - 1,
  };
}

/** Bounds-checked reads of GIF blocks; any read past the end fails the check. */
class BlockReader {
  readonly #buffer: Buffer;
  readonly #role: string;

  constructor(buffer: Buffer, role: string) {
    this.#buffer = buffer;
    this.#role = role;
  }

  readByte(offset: number): number {
    const byte = this.#buffer[offset];
    if (byte === undefined) {
      fail(`The ${this.#role} GIF ends at byte ${this.#buffer.length} before its trailer.`);
    }
    return byte;
  }

  readBlock(start: number): Block {
    const introducer = this.readByte(start);
    if (introducer === 0x21) {
      const { end, subBlocks } = this.#readSubBlocks(start + 2);
      const kind = this.readByte(start + 1);
      return { kind, start, bytes: this.#buffer.subarray(start, end), subBlocks };
    }
    if (introducer === 0x2c) {
      const dataStart = start + 10 + getColorTableSize(this.readByte(start + 9)) + 1;
      const { end } = this.#readSubBlocks(dataStart);
      return { kind: 'image', start, bytes: this.#buffer.subarray(start, end), subBlocks: [] };
    }
    return fail(`The ${this.#role} GIF has an unknown block at byte ${start}.`);
  }

  #readSubBlocks(start: number): { end: number; subBlocks: Buffer[] } {
    const subBlocks: Buffer[] = [];
    let offset = start;
    for (let size = this.readByte(offset); size !== 0; size = this.readByte(offset)) {
      this.readByte(offset + size);
      subBlocks.push(this.#buffer.subarray(offset + 1, offset + 1 + size));
      offset += 1 + size;
    }
    return { end: offset + 1, subBlocks };
  }
}

function getColorTableSize(packed: number): number {
  return (packed & 0x80) === 0 ? 0 : 3 * 2 ** ((packed & 0x07) + 1);
}

function fail(message: string): never {
  throw new AppError('E_VERIFY_STRUCTURE', message);
}
