import { AppError } from '../shared/errors.js';
import { buildAdobeRgbProfile } from '../strip/exif/build-adobe-rgb-profile.js';
import { buildAppleGainMapXmp, readAppleGainMapXmp } from '../strip/heif/apple-gain-map-xmp.js';
import { createIccSegments } from '../strip/jpeg/create-icc-segments.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import {
  buildUltraHdrGainMapXmp,
  readUltraHdrGainMapXmp,
  readUltraHdrPrimaryXmp,
} from '../strip/jpeg/ultra-hdr-xmp.js';
import {
  collectJpegInputParts,
  collectJpegOutputParts,
  type JpegOutputAllowances,
  type JpegParts,
} from './collect-jpeg-parts.js';
import { findInputImages, type InputImage } from './find-input-images.js';
import { splitCleanedJpeg, type CleanedJpegImage } from './split-cleaned-jpeg.js';

/**
 * Checks a cleaned JPEG against an allowlist, independently of how the stripper decided.
 *
 * The output may contain only these segments:
 * - SOI, and EOI as the last two bytes;
 * - at most one JFIF APP0 of 16 bytes with a 0×0 thumbnail;
 * - at most one EXIF APP1, before the first scan, which must be our minimal block with tags the
 *   policy keeps, and whose orientation is the one readers apply to the input;
 * - ICC APP2 chunks before the first scan that form one valid profile, when the policy keeps
 *   colour, and JUMBF APP11 when it keeps content credentials;
 * - Adobe APP14 segments before the first scan with exactly their 12-byte payload;
 * - image-defining segments whose payloads have their marker's layout, with their scan data,
 *   and a DNL only right after the first scan of a frame of 0 lines.
 *
 * ICC, APP14, JUMBF and all image-defining bytes (SOF, DHT, DAC, DQT, DNL, DRI, SOS and scan
 * data) must equal the parts of the input that readers use, byte for byte and in order. Those
 * are the ICC chunks before the first scan when they form a valid profile, the APP14 segments
 * before the first scan cut to 12 bytes, and DNL only where it is allowed. The one exception is
 * an input that marks Adobe RGB only in EXIF: its output may carry our Adobe RGB profile.
 *
 * A multi-picture output (an MPF index, see {@link splitCleanedJpeg}) is checked image by
 * image: each must match, in order, an input image with the same image data. Only large
 * thumbnails, gain maps the policy drops and unidentified images may be missing. The primary
 * may carry the MPF index, our Ultra HDR XMP naming its gain map's length, ISO 21496-1 APP2
 * segments equal to the input's, and an Apple HDR MakerNote beside an Apple gain map. A gain
 * map may carry its ISO segments and its XMP rebuilt from its own gain map values.
 *
 * Returns the output's images, as {@link splitCleanedJpeg} splits them, so that the second
 * reader does not split the output again.
 *
 * @throws AppError `E_VERIFY_STRUCTURE`, naming the offending segment, never a metadata value.
 */
export function verifyJpegStructure(
  input: Uint8Array,
  output: Uint8Array,
  policy: KeepPolicy,
): CleanedJpegImage[] {
  const outputImages = splitCleanedJpeg(output);
  const inputImages = findInputImages(input);
  const [primary, ...secondaries] = outputImages;
  if (primary === undefined || (secondaries.length > 0 && inputImages.length < 2)) {
    throw createError('the output has more images than the input');
  }
  const allowances = { mpf: secondaries.length > 0, gainMapMetadata: secondaries.length > 0 };
  const primaryParts = verifyImage(inputImages[0], primary, policy, allowances);
  checkPrimaryGainMapMetadata(primaryParts, secondaries, policy);

  let next = 1;
  for (const [index, secondary] of secondaries.entries()) {
    const match = findMatchingInput(inputImages, next, secondary, policy);
    if (match === null) {
      throw createError(`image ${index + 2} matches no image of the input in order`);
    }
    checkDroppedImages(inputImages.slice(next, match.index), policy);
    checkSecondaryGainMapMetadata(match.parts, index + 2, policy);
    next = match.index + 1;
  }
  checkDroppedImages(inputImages.slice(next), policy);
  return outputImages;
}

/**
 * Checks one output image against one input image: the single-image allowlist (plus what
 * `allowances` admits), the same image-defining bytes, Adobe APP14, ICC profile, JUMBF and
 * ISO gain map segments, and the orientation readers apply. Returns the output's parts.
 */
function verifyImage(
  input: InputImage,
  output: CleanedJpegImage,
  policy: KeepPolicy,
  allowances: JpegOutputAllowances,
): JpegParts {
  const inputParts = collectJpegInputParts(input.bytes, input.structure);
  const outputParts = collectJpegOutputParts(output.bytes, policy, allowances, output.structure);
  checkSameParts(
    inputParts.image,
    outputParts.image,
    'image data (SOF, DQT, DHT, DRI, SOS, scans)',
  );
  checkSameParts(inputParts.adobe, outputParts.adobe, 'Adobe APP14');
  if (policy.colorProfile !== false) {
    checkSameParts(getExpectedIcc(inputParts), outputParts.icc, 'ICC profile APP2 chunks');
  }
  if (outputParts.jumbf.length > 0) {
    checkSameParts(inputParts.jumbf, outputParts.jumbf, 'JUMBF APP11');
  }
  if (outputParts.iso.length > 0) {
    checkSameParts(inputParts.iso, outputParts.iso, 'ISO 21496-1 gain map APP2');
  }
  checkOrientation(inputParts.orientation, outputParts.orientation, policy);
  return outputParts;
}

/** Returns the first input image from `start` on whose image data equals `output`'s. */
function findMatchingInput(
  inputImages: readonly InputImage[],
  start: number,
  output: CleanedJpegImage,
  policy: KeepPolicy,
): { index: number; parts: JpegParts } | null {
  const allowances = { mpf: false, gainMapMetadata: true };
  const outputParts = collectJpegOutputParts(output.bytes, policy, allowances);
  for (let index = start; index < inputImages.length; index += 1) {
    const candidate = inputImages[index];
    if (candidate !== undefined && isSameImage(candidate, outputParts)) {
      verifyImage(candidate, output, policy, allowances);
      return { index, parts: outputParts };
    }
  }
  return null;
}

function isSameImage(input: InputImage, outputParts: JpegParts): boolean {
  const inputParts = collectJpegInputParts(input.bytes, input.structure);
  return (
    inputParts.image.length === outputParts.image.length &&
    inputParts.image.every((part, index) => {
      const other = outputParts.image[index];
      return other !== undefined && isSameBytes(part, other);
    })
  );
}

/**
 * Rejects dropping an input image that makes up the picture: a view of a stereo pair or
 * panorama, or a gain map that the policy keeps.
 */
function checkDroppedImages(dropped: readonly InputImage[], policy: KeepPolicy): void {
  for (const image of dropped) {
    if (image.type === 'multi-frame') {
      throw createError(`input image ${image.index + 1}, a stereo or panorama view, is missing`);
    }
    if (image.isGainMap && policy.hdrGainMap) {
      throw createError(`input image ${image.index + 1}, a gain map the policy keeps, is missing`);
    }
  }
}

/**
 * Checks the primary image's gain map metadata: its XMP must be exactly our Ultra HDR packet
 * naming the length of a gain map image that follows, and an Apple HDR MakerNote needs an
 * Apple gain map that follows.
 */
function checkPrimaryGainMapMetadata(
  parts: JpegParts,
  secondaries: readonly CleanedJpegImage[],
  policy: KeepPolicy,
): void {
  const gainMaps = secondaries.filter((image) => image.type !== 'multi-frame');
  const [packet, ...otherPackets] = parts.xmp;
  if (packet !== undefined) {
    const primaryXmp = readUltraHdrPrimaryXmp(packet);
    const gainMap = gainMaps[0];
    const isValid =
      policy.hdrGainMap &&
      otherPackets.length === 0 &&
      primaryXmp !== null &&
      gainMap !== undefined &&
      primaryXmp.gainMapLength === gainMap.bytes.length;
    if (!isValid) {
      throw createError("the primary image's XMP is not the Ultra HDR directory of its gain map");
    }
  }
  if (parts.iso.length > 0 && (gainMaps.length === 0 || !policy.hdrGainMap)) {
    throw createError('the primary image keeps ISO gain map segments without a gain map');
  }
  const hasAppleGainMap = gainMaps.some((image) =>
    collectJpegOutputParts(image.bytes, policy, { mpf: false, gainMapMetadata: true }).xmp.some(
      (xmp) => readAppleGainMapXmp(xmp) !== null,
    ),
  );
  if (parts.hasAppleHdr && !hasAppleGainMap) {
    throw createError('the EXIF block keeps an Apple HDR MakerNote without an Apple gain map');
  }
}

/** Checks that a secondary image's XMP is exactly a rebuilt gain map packet, if it has one. */
function checkSecondaryGainMapMetadata(
  parts: JpegParts,
  imageNumber: number,
  policy: KeepPolicy,
): void {
  if (parts.hasAppleHdr) {
    throw createError(`image ${imageNumber} keeps an Apple HDR MakerNote`);
  }
  if (parts.xmp.length === 0 && parts.iso.length === 0) {
    return;
  }
  const [packet, ...others] = parts.xmp;
  const isValid = policy.hdrGainMap && others.length === 0 && isGainMapPacket(packet);
  if (!isValid) {
    throw createError(`image ${imageNumber} keeps XMP or ISO segments beyond a gain map's`);
  }
}

function isGainMapPacket(packet: Uint8Array | undefined): boolean {
  if (packet === undefined) {
    return true;
  }
  const ultraHdr = readUltraHdrGainMapXmp(packet);
  if (ultraHdr !== null && isSameBytes(packet, buildUltraHdrGainMapXmp(ultraHdr))) {
    return true;
  }
  const apple = readAppleGainMapXmp(packet);
  return apple !== null && isSameBytes(packet, buildAppleGainMapXmp(apple));
}

/**
 * Returns the ICC chunks the output must carry: the input's, or, for an input that marks
 * Adobe RGB only in EXIF, the stripper's Adobe RGB compatible profile.
 */
function getExpectedIcc(inputParts: JpegParts): readonly Uint8Array[] {
  if (inputParts.icc.length === 0 && inputParts.isAdobeRgb) {
    return createIccSegments(buildAdobeRgbProfile());
  }
  return inputParts.icc;
}

/**
 * Checks that the output carries the orientation readers apply to the input when the policy
 * keeps it, and none otherwise. Orientation 1 changes nothing and is never written.
 */
function checkOrientation(
  inputOrientation: number | null,
  outputOrientation: number | null,
  policy: KeepPolicy,
): void {
  const isKept = policy.orientation !== false && inputOrientation !== null;
  const expected = isKept && inputOrientation !== 1 ? inputOrientation : null;
  if (outputOrientation !== expected) {
    throw createError('the EXIF orientation differs from the one readers apply to the input');
  }
}

function checkSameParts(
  expected: readonly Uint8Array[],
  actual: readonly Uint8Array[],
  description: string,
): void {
  if (expected.length !== actual.length) {
    throw createError(
      `${description}: the output has ${actual.length} parts, the input ${expected.length}`,
    );
  }
  expected.forEach((part, index) => {
    const other = actual[index];
    if (other === undefined || !isSameBytes(part, other)) {
      throw createError(`${description}: part ${index + 1} differs from the input`);
    }
  });
}

/** Compares two byte ranges without copying them. */
function isSameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return Buffer.from(left.buffer, left.byteOffset, left.byteLength).equals(right);
}

function createError(problem: string): AppError {
  return new AppError('E_VERIFY_STRUCTURE', `Cleaned JPEG failed the structure check: ${problem}`);
}
