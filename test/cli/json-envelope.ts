import { expect } from 'vitest';
import { KINDS } from '../../src/shared/kinds.js';

/** One entry of `clean --json`, as parsed from the output. */
export interface CleanJsonEntry {
  readonly input: string;
  readonly output: string | null;
  readonly original: string | null;
  readonly status: string;
  readonly removed: string[];
  readonly kept: string[];
  readonly code: string | null;
  readonly reason: string | null;
}

/** One entry of `check --json`, as parsed from the output. */
export interface CheckJsonEntry {
  readonly input: string;
  readonly status: string;
  readonly found: string[];
  readonly kept: string[];
  readonly code: string | null;
  readonly reason: string | null;
}

const CLEAN_KEYS = ['input', 'output', 'original', 'status', 'removed', 'kept', 'code', 'reason'];
const CHECK_KEYS = ['input', 'status', 'found', 'kept', 'code', 'reason'];

/**
 * Parses stdout as the `--json` envelope and asserts its shape: exactly `version` 1 and
 * `files`, each entry with exactly the report keys in order and kinds from the closed list.
 */
function parseEnvelope(stdout: Buffer, entryKeys: readonly string[]): Record<string, unknown>[] {
  const text = stdout.toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  const envelope = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(envelope)).toEqual(['version', 'files']);
  expect(envelope.version).toBe(1);
  expect(Array.isArray(envelope.files)).toBe(true);
  const files = envelope.files as Record<string, unknown>[];
  for (const file of files) {
    expect(Object.keys(file)).toEqual(entryKeys);
    for (const key of ['removed', 'kept', 'found']) {
      if (key in file) {
        expect(file[key]).toBeInstanceOf(Array);
        for (const kind of file[key] as unknown[]) {
          expect(KINDS).toContain(kind);
        }
      }
    }
  }
  return files;
}

/** Parses and checks the envelope of `clean --json`. */
export function parseCleanJson(stdout: Buffer): CleanJsonEntry[] {
  return parseEnvelope(stdout, CLEAN_KEYS) as unknown as CleanJsonEntry[];
}

/** Parses and checks the envelope of `check --json`. */
export function parseCheckJson(stdout: Buffer): CheckJsonEntry[] {
  return parseEnvelope(stdout, CHECK_KEYS) as unknown as CheckJsonEntry[];
}
