import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { FolderConfig } from '../config/config-schema.js';
import type { ErrorCode } from '../shared/errors.js';
import type { CleanFileReport } from '../shared/report.js';
import {
  getPlaceholderTarget,
  isCloudPlaceholder,
  isCloudPlaceholderName,
} from './is-cloud-placeholder.js';

/** The intake's decision about a file whose size and mtime settled, made before reading it. */
export type FileScreening =
  /** Read the file and clean it. */
  | { readonly action: 'read' }
  /** Leave the file unread and report why, with the daemon event that carries the report. */
  | {
      readonly action: 'report';
      readonly event: 'job.done' | 'job.attention';
      readonly report: CleanFileReport;
    };

/**
 * Decides from `lstat` alone whether a settled file may be read. A cloud placeholder is
 * skipped, because reading it downloads it. A file with more than one hard link in an in-place
 * folder needs attention, because replacing it would leave the metadata under its other names.
 * When `lstat` fails the file is read anyway, so the job reports the error with its code.
 *
 * @example
 * const screening = await screenFile('/home/ada/Desktop/shot.png', 'in-place');
 * if (screening.action === 'report') daemon.emit(screening.event, screening.report);
 */
export async function screenFile(
  filePath: string,
  mode: FolderConfig['mode'],
  platform: NodeJS.Platform = process.platform,
): Promise<FileScreening> {
  const baseName = path.basename(filePath);
  if (isCloudPlaceholderName(baseName)) {
    return createPlaceholderReport(filePath, getPlaceholderTarget(baseName) ?? baseName);
  }
  // Only in-place folders care about hard links, and only macOS about allocated blocks.
  if (mode !== 'in-place' && platform !== 'darwin') {
    return { action: 'read' };
  }
  let stats: Stats;
  try {
    stats = await lstat(filePath);
  } catch {
    return { action: 'read' };
  }
  if (!stats.isFile()) {
    return { action: 'read' };
  }
  if (isCloudPlaceholder(filePath, stats, platform)) {
    return createPlaceholderReport(filePath, baseName);
  }
  if (mode === 'in-place' && stats.nlink > 1) {
    return createReport(
      'job.attention',
      filePath,
      'E_HARD_LINK',
      `${filePath} has ${stats.nlink} hard links, so cleaning it in place would leave the metadata under the other names. Remove the other links, or put a copy of the file in the folder instead.`,
    );
  }
  return { action: 'read' };
}

function createPlaceholderReport(filePath: string, name: string): FileScreening {
  return createReport(
    'job.done',
    filePath,
    'E_CLOUD_PLACEHOLDER',
    `${name} is in cloud storage and not downloaded, so it was not read: reading it would download it. Download it to this computer and it is cleaned then.`,
  );
}

function createReport(
  event: 'job.done' | 'job.attention',
  input: string,
  code: ErrorCode,
  reason: string,
): FileScreening {
  return {
    action: 'report',
    event,
    report: {
      input,
      output: null,
      original: null,
      status: 'skipped',
      removed: [],
      kept: [],
      code,
      reason,
    },
  };
}
