import type { Metadata, Sharp } from 'sharp';
import { AppError } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import { walkPngChunks } from '../strip/png/walk-png-chunks.js';
import { stripImage } from '../strip/strip-image.js';
import type { StripResult } from '../strip/strip-result.js';
import { verifyClean } from '../verify/verify-clean.js';
import { toLosslessPolicy } from './lossless-policy.js';
import type { ReencodeChanges } from './reencode-image.js';

/**
 * Removes metadata from an image and verifies the result; `result.changed` is false when the
 * input was already clean. The lossless path never decodes pixels. The lossy opt-ins
 * (`orientation: 'bake'`, `colorProfile: 'srgb'`) re-encode with sharp only when they change
 * something, then strip and verify the re-encoded bytes, and check that its dimensions and frame
 * count match. A baked orientation is reported as removed, because the tag is gone.
 *
 * @throws AppError from stripping (`E_UNSUPPORTED_FORMAT`, `E_CORRUPT`, `E_TRUNCATED`) or
 *   verifying (`E_VERIFY_STRUCTURE`, `E_VERIFY_READER`).
 * @example
 * const result = await cleanBytes(await readFile('photo.jpg'), DEFAULT_KEEP_POLICY);
 */
export async function cleanBytes(bytes: Uint8Array, policy: KeepPolicy): Promise<StripResult> {
  const losslessPolicy = toLosslessPolicy(policy);
  // Strips the input even when it is re-encoded later: this validates the container before
  // sharp parses it, and lists what the input holds.
  const stripped = stripImage(bytes, losslessPolicy);
  if (policy.orientation !== 'bake' && policy.colorProfile !== 'srgb') {
    verifyClean(bytes, stripped, losslessPolicy);
    return stripped;
  }
  // sharp (about 24 MB of native code) loads only for these opt-ins, so the lossless path, the
  // default, never pays for it.
  const { openImage, reencodeImage } = await import('./reencode-image.js');
  const metadata = await openImage(bytes).metadata();
  const changes: ReencodeChanges = {
    bakeOrientation: policy.orientation === 'bake' && (metadata.orientation ?? 1) !== 1,
    convertToSrgb: policy.colorProfile === 'srgb' && metadata.hasProfile,
  };
  if (!changes.bakeOrientation && !changes.convertToSrgb) {
    verifyClean(bytes, stripped, losslessPolicy);
    return stripped;
  }
  assertSingleImage(bytes, stripped);
  const reencoded = await reencodeImage(bytes, stripped.format, metadata, changes);
  await assertSameGeometry(metadata, openImage(reencoded), changes.bakeOrientation);
  const result = stripImage(reencoded, losslessPolicy);
  verifyClean(reencoded, result, losslessPolicy);
  return {
    format: result.format,
    bytes: result.bytes,
    removed: stripped.removed,
    kept: result.kept,
    changed: true,
  };
}

/** Rejects images whose other images or frames a sharp re-encode would drop. */
function assertSingleImage(bytes: Uint8Array, stripped: StripResult): void {
  let loses: string | null = null;
  if (stripped.kept.includes('hdr-gain-map')) {
    loses = 'its HDR gain map';
  } else if (
    stripped.format === 'png' &&
    walkPngChunks(bytes).chunks.some((chunk) => chunk.type === 'acTL')
  ) {
    loses = 'its animation';
  }
  if (loses !== null) {
    throw new AppError(
      'E_UNSUPPORTED_FORMAT',
      `Baking the orientation or converting to sRGB would lose ${loses}; clean this file with the orientation and colour profile kept.`,
    );
  }
}

/** Fails closed when the re-encode changed the picture's size or frame count. */
async function assertSameGeometry(
  input: Metadata,
  reencoded: Sharp,
  isRotated: boolean,
): Promise<void> {
  const output = await reencoded.metadata();
  const isSwapped = isRotated && (input.orientation ?? 1) >= 5;
  const expectedWidth = isSwapped ? input.height : input.width;
  const expectedHeight = isSwapped ? input.width : input.height;
  const isSame =
    output.width === expectedWidth &&
    output.height === expectedHeight &&
    (output.pages ?? 1) === (input.pages ?? 1);
  if (!isSame) {
    throw new AppError(
      'E_VERIFY_STRUCTURE',
      `The re-encoded image is ${output.width}×${output.height} with ${output.pages ?? 1} frames, expected ${expectedWidth}×${expectedHeight} with ${input.pages ?? 1}; the file was left as it is.`,
    );
  }
}
