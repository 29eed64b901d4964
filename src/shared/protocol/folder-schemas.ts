import * as z from 'zod';
import {
  absolutePathSchema,
  errorCodeSchema,
  folderModeSchema,
  folderStateSchema,
  timestampSchema,
} from './common-schemas.js';

/** A folder's `keep` overrides, with the keys and values of `config.json`. */
export const folderKeepSchema = z.strictObject({
  orientation: z.union([z.boolean(), z.literal('bake')]).optional(),
  colorProfile: z.union([z.boolean(), z.literal('srgb')]).optional(),
  hdrGainMap: z.boolean().optional(),
  captureDate: z.boolean().optional(),
  copyright: z.boolean().optional(),
  contentCredentials: z.boolean().optional(),
  fileDates: z.boolean().optional(),
});

/**
 * A folder entry to add to `config.json`. Keys left out get the config's defaults: `mode` is
 * `output` when `output` is given, else `in-place`.
 */
export const folderSettingsSchema = z.strictObject({
  path: absolutePathSchema,
  mode: folderModeSchema.optional(),
  output: absolutePathSchema.optional(),
  recursive: z.boolean().optional(),
  existing: z.enum(['clean', 'skip']).optional(),
  keep: folderKeepSchema.optional(),
});

/** A folder entry to add to `config.json`. */
export type FolderSettings = z.infer<typeof folderSettingsSchema>;

/** Changes to one folder entry; `null` removes `output` or `keep` from the entry. */
export const folderChangesSchema = z.strictObject({
  mode: folderModeSchema.optional(),
  output: absolutePathSchema.nullable().optional(),
  recursive: z.boolean().optional(),
  existing: z.enum(['clean', 'skip']).optional(),
  keep: folderKeepSchema.nullable().optional(),
});

/** Changes to one folder entry. */
export type FolderChanges = z.infer<typeof folderChangesSchema>;

/** One watched folder as the daemon runs it: its config entry and its live state. */
export const folderStatusSchema = z.object({
  path: z.string(),
  mode: folderModeSchema,
  /** The output folder, or null in place. */
  output: z.string().nullable(),
  recursive: z.boolean(),
  existing: z.enum(['clean', 'skip']),
  state: folderStateSchema,
  /** Why the folder is unavailable, or the last watcher error; null otherwise. */
  code: errorCodeSchema.nullable(),
  reason: z.string().nullable(),
  /** Paused by its own pause; the global pause shows in the status's `paused`. */
  paused: z.boolean(),
  /** When its own pause ends by itself, or null. */
  pausedUntil: timestampSchema.nullable(),
});

/** One watched folder as the daemon runs it. */
export type FolderStatus = z.infer<typeof folderStatusSchema>;
