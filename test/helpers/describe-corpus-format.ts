import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError, type ErrorCode } from '../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import type { StripResult } from '../../src/strip/strip-result.js';
import { verifyClean } from '../../src/verify/verify-clean.js';
import { corpusFilesOfFormat, loadCorpus, type CorpusEntry } from './corpus.js';
import { expectStableSecondPass } from './expect-clean-output.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from './exiftool.js';
import { expectSameImages, type DecodedImage } from './pixels.js';
import { createTempDir, removeTempDirs } from './temp-dir.js';

/** One corpus file after a successful clean, as the format-specific checks receive it. */
export interface CleanedCorpusFile {
  readonly entry: CorpusEntry;
  readonly input: Buffer;
  readonly result: StripResult;
  /** The output as written for ExifTool, under the corpus file's name in a fresh temp folder. */
  readonly outputPath: string;
  /** Every tag ExifTool reads in the corpus file. Never print the values. */
  readonly inputTags: Record<string, unknown>;
  /** Every tag ExifTool reads in the output. Never print the values. */
  readonly outputTags: Record<string, unknown>;
}

/** One row of the corpus table: a format, its stripper and what differs from the shared checks. */
export interface CorpusFormatSuite {
  /** The format as test names show it, such as `GIF` or `TIFF`. */
  readonly label: string;
  /** Values of the manifest's format column, such as `['JPEG', 'MPO']`. */
  readonly formats: readonly string[];
  /** The stripper under test. */
  readonly strip: (bytes: Uint8Array, policy: KeepPolicy) => StripResult;
  /**
   * The fail-closed check that must pass on every output. It throws on a bad output.
   * @default verifyClean
   */
  readonly verify?: (input: Uint8Array, result: StripResult, policy: KeepPolicy) => void;
  /** Corpus files (by local path) that must be rejected, with the code that states the reason. */
  readonly expectedRejections?: Readonly<Record<string, ErrorCode>>;
  /** A time limit for each expected rejection, for files built to make a parser loop. */
  readonly maxRejectionMs?: number;
  /**
   * Decodes every image or frame whose pixels must stay the same. Omit it where the format's
   * own file compares pixels in another way.
   */
  readonly decodeImages?: (bytes: Uint8Array) => Promise<readonly DecodedImage[]>;
  /** Identifying tags that ExifTool may still find in an output, because the policy keeps them. */
  readonly allowedTags?: readonly string[];
  /** Format-specific checks on each cleaned file, run after the shared ones. */
  readonly extraChecks?: (file: CleanedCorpusFile) => Promise<void> | void;
  /** Registers format-specific tests inside the suite, so they skip with it. */
  readonly extraTests?: (entries: readonly CorpusEntry[]) => void;
}

/**
 * Defines `<label> corpus`: one test per corpus file of `formats` that cleans it with the
 * default policy and checks the output, or checks that it is rejected with its expected code.
 * Every cleaned output passes `verify`, has no identifying tag and no read error per ExifTool,
 * keeps its pixels (with `decodeImages`), and comes back unchanged from a second pass.
 * The suite skips, loudly, without the corpus or ExifTool, and fails on either under
 * `METACLEAR_CI=1`.
 */
export function describeCorpusFormat(suite: CorpusFormatSuite): void {
  const hasCorpus = loadCorpus() !== null;
  const entries = corpusFilesOfFormat(...suite.formats);

  describe.skipIf(!hasCorpus || !isExifToolAvailable())(`${suite.label} corpus`, () => {
    afterAll(async () => {
      await closeExifTool();
      await removeTempDirs();
    });

    it(`has ${suite.label} entries`, () => {
      expect(entries.length).toBeGreaterThan(0);
    });

    for (const entry of entries) {
      const expectedCode = suite.expectedRejections?.[entry.localPath];
      if (expectedCode === undefined) {
        it(`cleans ${entry.localPath}`, async () => {
          await checkCleanedFile(suite, entry);
        });
      } else {
        it(`rejects ${entry.localPath} with ${expectedCode}`, async () => {
          await checkRejectedFile(suite, entry, expectedCode);
        });
      }
    }

    suite.extraTests?.(entries);
  });
}

async function checkRejectedFile(
  suite: CorpusFormatSuite,
  entry: CorpusEntry,
  expectedCode: ErrorCode,
): Promise<void> {
  const input = await readFile(entry.absolutePath);

  const startedAt = performance.now();
  const outcome = stripOrGetCode(suite, input);
  const durationMs = performance.now() - startedAt;

  expect(outcome).toBe(expectedCode);
  if (suite.maxRejectionMs !== undefined) {
    expect(durationMs, 'rejection time in ms').toBeLessThan(suite.maxRejectionMs);
  }
}

async function checkCleanedFile(suite: CorpusFormatSuite, entry: CorpusEntry): Promise<void> {
  const input = await readFile(entry.absolutePath);
  const outcome = stripOrGetCode(suite, input);
  if (typeof outcome === 'string') {
    throw new Error(`${entry.localPath} was rejected with ${outcome}`);
  }
  const result = outcome;

  const verify = suite.verify ?? verifyClean;
  expect(() => {
    verify(input, result, DEFAULT_KEEP_POLICY);
  }, 'fail-closed check').not.toThrow();

  const outputPath = path.join(await createTempDir(), path.basename(entry.localPath));
  await writeFile(outputPath, result.bytes);
  const [inputTags, outputTags] = await Promise.all([
    readAllTags(entry.absolutePath),
    readAllTags(outputPath),
  ]);
  const allowedTags = suite.allowedTags ?? [];
  const identifying = listIdentifyingTags(outputTags).filter((name) => !allowedTags.includes(name));
  expect(identifying, 'identifying tags left').toEqual([]);
  expect(outputTags['ExifTool:Error'], 'ExifTool read error').toBeUndefined();

  if (suite.decodeImages !== undefined) {
    const [before, after] = await Promise.all([
      suite.decodeImages(input),
      suite.decodeImages(result.bytes),
    ]);
    expectSameImages(before, after);
  }

  await suite.extraChecks?.({ entry, input, result, outputPath, inputTags, outputTags });

  expectStableSecondPass(suite.strip, result, DEFAULT_KEEP_POLICY);
}

/** Runs the stripper and returns its result, or the code of the AppError it throws. */
function stripOrGetCode(suite: CorpusFormatSuite, bytes: Uint8Array): StripResult | string {
  try {
    return suite.strip(bytes, DEFAULT_KEEP_POLICY);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
}
