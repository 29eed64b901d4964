import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportMissingDependency } from './ci.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The corpus folder (the one holding MANIFEST.tsv), from `$METACLEAR_CORPUS`. */
export const CORPUS_DIR = path.resolve(
  REPO_ROOT,
  process.env.METACLEAR_CORPUS ?? '../shared/corpus',
);

/** One row of the corpus manifest. */
export interface CorpusEntry {
  /** Path relative to the corpus folder, such as `files/lovell-sharp/p3.png`. */
  readonly localPath: string;
  /** Absolute path of the image. */
  readonly absolutePath: string;
  /** The manifest's format column: `JPEG`, `PNG`, `MPO`, `Extended WEBP`, ... */
  readonly format: string;
  /** The manifest's summary of the metadata the file holds. Never print it: it has real GPS. */
  readonly notableMetadata: string;
}

function parseManifest(text: string): CorpusEntry[] {
  const [header, ...rows] = text.split('\n').filter((line) => line.length > 0);
  const columns = (header ?? '').split('\t');
  const pathColumn = columns.indexOf('local_path');
  const formatColumn = columns.indexOf('format');
  const metadataColumn = columns.indexOf('notable_metadata');
  return rows.map((row) => {
    const cells = row.split('\t');
    const localPath = cells[pathColumn] ?? '';
    return {
      localPath,
      absolutePath: path.join(CORPUS_DIR, localPath),
      format: cells[formatColumn] ?? '',
      notableMetadata: cells[metadataColumn] ?? '',
    };
  });
}

let cachedEntries: CorpusEntry[] | null | undefined;

/**
 * Loads the corpus manifest, or returns null (after a loud warning) when the corpus is absent.
 * Under `METACLEAR_CI=1` an absent corpus throws.
 */
export function loadCorpus(): CorpusEntry[] | null {
  if (cachedEntries !== undefined) {
    return cachedEntries;
  }
  const manifestPath = path.join(CORPUS_DIR, 'MANIFEST.tsv');
  if (!existsSync(manifestPath)) {
    reportMissingDependency(
      `The image corpus (${manifestPath})`,
      'Set METACLEAR_CORPUS to the folder holding MANIFEST.tsv.',
    );
    cachedEntries = null;
    return null;
  }
  cachedEntries = parseManifest(readFileSync(manifestPath, 'utf8'));
  return cachedEntries;
}

/** Returns the corpus entries whose format column is one of `formats`, or [] without a corpus. */
export function corpusFilesOfFormat(...formats: string[]): CorpusEntry[] {
  return (loadCorpus() ?? []).filter((entry) => formats.includes(entry.format));
}

/** Returns the absolute path of a corpus file, or null without a corpus. */
export function corpusFile(localPath: string): string | null {
  return loadCorpus() === null ? null : path.join(CORPUS_DIR, localPath);
}
