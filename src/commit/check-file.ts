import path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES } from '../config/config-schema.js';
import { sortKinds } from '../shared/kinds.js';
import type { CheckFileReport } from '../shared/report.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import { stripImage } from '../strip/strip-image.js';
import { verifyClean } from '../verify/verify-clean.js';
import { describeFailure } from './describe-failure.js';
import { readFileXattrs } from './extended-attributes.js';
import { toLosslessPolicy } from './lossless-policy.js';
import { readSourceFile } from './source-file.js';

/** Options for {@link checkFile}. */
export interface CheckFileOptions {
  /**
   * Larger files fail with `E_FILE_TOO_LARGE` without being read.
   * @default DEFAULT_MAX_FILE_BYTES (1 GiB)
   */
  readonly maxFileBytes?: number;
}

/**
 * Reports the metadata in a file, by kind, without writing anything. `found` lists what
 * cleaning with `policy` would remove, including the file's removable extended attributes as
 * `xattr`, and `kept` what it would keep. The status is `clean` only
 * when nothing would be removed and both fail-closed checks accept the file as it is. A file
 * they reject is `failed`, because its cleanliness cannot be proven.
 *
 * @example
 * const report = await checkFile('photo.jpg', DEFAULT_KEEP_POLICY);
 * if (report.status === 'has-metadata') console.log(report.found);
 */
export async function checkFile(
  input: string,
  policy: KeepPolicy,
  options: CheckFileOptions = {},
): Promise<CheckFileReport> {
  try {
    const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const source = await readSourceFile(path.resolve(input), maxFileBytes);
    const losslessPolicy = toLosslessPolicy(policy);
    const result = stripImage(source.bytes, losslessPolicy);
    const xattrs = await readFileXattrs(source.path);
    const found =
      xattrs.removable.length > 0 ? sortKinds([...result.removed, 'xattr']) : result.removed;
    if (found.length > 0) {
      return createReport(input, 'has-metadata', found, result.kept);
    }
    // The checks judge the input's own bytes, not the output cleaning would write: a stripper
    // that rewrites a block without reporting a removal must not make a dirty file look clean.
    const asIs = { ...result, bytes: source.bytes, changed: false };
    verifyClean(source.bytes, asIs, losslessPolicy);
    return createReport(input, 'clean', [], result.kept);
  } catch (error) {
    return { input, found: [], kept: [], ...describeFailure(input, error) };
  }
}

function createReport(
  input: string,
  status: 'clean' | 'has-metadata',
  found: CheckFileReport['found'],
  kept: CheckFileReport['kept'],
): CheckFileReport {
  return { input, status, found, kept, code: null, reason: null };
}
