import path from 'node:path';
import * as z from 'zod';
import { ERROR_CODES } from '../errors.js';
import { KINDS } from '../kinds.js';

/** An absolute file or folder path; the CLI resolves relative paths before sending them. */
export const absolutePathSchema = z
  .string()
  .min(1)
  .refine((value) => path.isAbsolute(value), { error: 'must be an absolute path' });

/** An ISO-8601 time with a `Z` or `+hh:mm` offset. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** A ULID, as every job id is. */
export const jobIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, {
  error: 'must be a job id (a 26-character ULID)',
});

/** One of the stable {@link ERROR_CODES}. */
export const errorCodeSchema = z.enum(ERROR_CODES);

/** The `error` member of a failed reply or hello. */
export const protocolErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
});

/** The `error` member of a failed reply or hello. */
export type ProtocolError = z.infer<typeof protocolErrorSchema>;

/** One metadata kind of a report. */
export const kindSchema = z.enum(KINDS);

/** The daemon's overall activity. */
export const daemonStateSchema = z.enum(['idle', 'working', 'paused', 'attention', 'stopped']);

/** Whether one watched folder is being watched. */
export const folderStateSchema = z.enum(['watching', 'paused', 'unavailable']);

/** Every state of a job's lifecycle. */
export const JOB_STATUSES = [
  'queued',
  'settling',
  'running',
  'committed',
  'failed',
  'attention',
  'reverted',
  'dismissed',
] as const;

/** One state of a job's lifecycle. */
export const jobStatusSchema = z.enum(JOB_STATUSES);

/** The outcome of one file given to `clean`. */
export const cleanStatusSchema = z.enum([
  'cleaned',
  'already-clean',
  'unsupported',
  'failed',
  'skipped',
]);

/** One file's `clean` report, as `metaclear clean --json` prints it. */
export const cleanFileReportSchema = z.object({
  input: z.string(),
  output: z.string().nullable(),
  original: z.string().nullable(),
  status: cleanStatusSchema,
  removed: z.array(kindSchema).readonly(),
  kept: z.array(kindSchema).readonly(),
  code: z.string().nullable(),
  reason: z.string().nullable(),
});

/** The way a watched folder publishes cleaned files: beside, or in place. */
export const folderModeSchema = z.enum(['output', 'in-place']);

/** The destination of originals once the cleaned file is in place. */
export const originalsActionSchema = z.enum(['vault', 'trash', 'delete']);
