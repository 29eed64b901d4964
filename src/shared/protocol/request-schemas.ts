import * as z from 'zod';
import {
  absolutePathSchema,
  cleanFileReportSchema,
  cleanStatusSchema,
  daemonStateSchema,
  jobIdSchema,
  jobStatusSchema,
  kindSchema,
  originalsActionSchema,
  timestampSchema,
} from './common-schemas.js';
import { EVENT_NAMES } from './event-schemas.js';
import { folderChangesSchema, folderSettingsSchema, folderStatusSchema } from './folder-schemas.js';

/** The maximum number of entries one `recent` request returns. */
export const MAX_RECENT_LIMIT = 500;

/** The maximum number of paths in one `clean` request, so that its reply fits in one frame. */
export const MAX_CLEAN_PATHS = 200;

const noParamsSchema = z.strictObject({});

const statusResultSchema = z.object({
  state: daemonStateSchema,
  /**
   * Why the daemon cannot work at all, with state `attention`: an agent started with an invalid
   * config waits for a valid one. Null otherwise; folders and files that need attention are in
   * `folders` and `counts`.
   */
  stateReason: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The daemon's package version. */
  version: z.string(),
  pid: z.int(),
  startedAt: timestampSchema,
  /** Everything is paused. */
  paused: z.boolean(),
  /** When the global pause ends by itself, or null. */
  pausedUntil: timestampSchema.nullable(),
  folders: z.array(folderStatusSchema),
  counts: z.object({
    /** Files cleaned since local midnight. */
    cleanedToday: z.int().nonnegative(),
    /** Files settling, waiting or being cleaned. */
    queued: z.int().nonnegative(),
    /** Open "needs attention" entries. */
    attention: z.int().nonnegative(),
  }),
  originals: originalsActionSchema,
  vault: z.object({
    path: z.string(),
    /** Bytes of the files in the vault; hard links count once. */
    bytes: z.int().nonnegative(),
    files: z.int().nonnegative(),
  }),
  configPath: z.string(),
});

const pauseParamsSchema = z.strictObject({
  /** A watched folder, as written in the config with `~` expanded; omitted for everything. */
  folder: absolutePathSchema.optional(),
  /** When the pause ends by itself; omitted or null to pause until `resume`. */
  until: timestampSchema.nullable().optional(),
});

const pauseResultSchema = z.object({
  folder: z.string().nullable(),
  until: timestampSchema.nullable(),
});

const resumeParamsSchema = z.strictObject({ folder: absolutePathSchema.optional() });

const resumeResultSchema = z.object({
  folder: z.string().nullable(),
  /** False when nothing was paused. */
  wasPaused: z.boolean(),
});

const foldersResultSchema = z.object({ folders: z.array(folderStatusSchema) });

const folderResultSchema = z.object({ folder: folderStatusSchema });

const recentParamsSchema = z.strictObject({
  /** @default 50 */
  limit: z.int().min(1).max(MAX_RECENT_LIMIT).optional(),
  /** Only jobs of this watched folder. */
  folder: absolutePathSchema.optional(),
});

/** One finished job, newest first in `recent`. */
export const recentJobSchema = z.object({
  jobId: jobIdSchema,
  /** The watched folder, or null for a file given to `clean`. */
  folder: z.string().nullable(),
  input: z.string(),
  output: z.string().nullable(),
  /** The original's vault path, or null when no copy was kept. */
  original: z.string().nullable(),
  status: jobStatusSchema,
  /** The report's status once the job ended. */
  result: cleanStatusSchema.nullable(),
  removed: z.array(kindSchema),
  code: z.string().nullable(),
  reason: z.string().nullable(),
  finishedAt: timestampSchema.nullable(),
  /** `revert` can restore the original now. */
  revertible: z.boolean(),
});

/** One "needs attention" entry. */
export const attentionItemSchema = z.object({
  /** The SHA-256 of the file's content, so an entry outlives renames and restarts. */
  id: z.string(),
  path: z.string(),
  jobId: jobIdSchema.nullable(),
  code: z.string(),
  /** A plain sentence for a person. */
  reason: z.string(),
  /** When this content first needed attention. */
  since: timestampSchema,
  lastSeenAt: timestampSchema,
  /** The file is still at `path` with this content, so `attention.retry` can clean it. */
  retryable: z.boolean(),
});

const attentionIdParamsSchema = z.strictObject({ id: z.string().min(1) });

const retryResultSchema = z.object({
  id: z.string(),
  path: z.string(),
  /**
   * The report of a file outside the watched folders, cleaned at once; null for a file in a
   * watched folder, which settles and runs as a job, reported by job events.
   */
  report: cleanFileReportSchema.nullable(),
});

const revertResultSchema = z.object({
  jobId: jobIdSchema,
  /** The path the original bytes are back at. */
  restored: z.string(),
  /** The cleaned copy deleted in output mode, or null. */
  removedOutput: z.string().nullable(),
  /** A cleaned copy left in place because it changed after the job, or null. */
  keptOutput: z.string().nullable(),
});

const cleanParamsSchema = z.strictObject({
  paths: z.array(absolutePathSchema).min(1).max(MAX_CLEAN_PATHS),
  /**
   * Keep settings that replace the config's top-level `keep` for these files, as the flags of
   * `metaclear clean` set them.
   * @default the config's top-level `keep`
   */
  keep: z
    .strictObject({
      orientation: z.union([z.boolean(), z.literal('bake')]).optional(),
      colorProfile: z.union([z.boolean(), z.literal('srgb')]).optional(),
    })
    .optional(),
});

const subscribeParamsSchema = z.strictObject({
  /** @default every event */
  events: z.array(z.enum(EVENT_NAMES)).min(1).optional(),
});

/** The params schema of every request, by request type. */
export const REQUEST_PARAMS = {
  status: noParamsSchema,
  pause: pauseParamsSchema,
  resume: resumeParamsSchema,
  'folders.list': noParamsSchema,
  'folders.add': z.strictObject({ folder: folderSettingsSchema }),
  'folders.remove': z.strictObject({ path: absolutePathSchema }),
  'folders.update': z.strictObject({ path: absolutePathSchema, changes: folderChangesSchema }),
  recent: recentParamsSchema,
  'attention.list': noParamsSchema,
  'attention.retry': attentionIdParamsSchema,
  'attention.dismiss': attentionIdParamsSchema,
  revert: z.strictObject({ jobId: jobIdSchema }),
  clean: cleanParamsSchema,
  subscribe: subscribeParamsSchema,
  shutdown: noParamsSchema,
} as const;

/** One request type. */
export type RequestType = keyof typeof REQUEST_PARAMS;

/** The result schema of every request, by request type. */
export const REQUEST_RESULTS = {
  status: statusResultSchema,
  pause: pauseResultSchema,
  resume: resumeResultSchema,
  'folders.list': foldersResultSchema,
  'folders.add': folderResultSchema,
  'folders.remove': z.object({ path: z.string() }),
  'folders.update': folderResultSchema,
  recent: z.object({ jobs: z.array(recentJobSchema) }),
  'attention.list': z.object({ entries: z.array(attentionItemSchema) }),
  'attention.retry': retryResultSchema,
  'attention.dismiss': z.object({ id: z.string() }),
  revert: revertResultSchema,
  clean: z.object({ files: z.array(cleanFileReportSchema) }),
  subscribe: z.object({ events: z.array(z.enum(EVENT_NAMES)) }),
  shutdown: z.object({ stopping: z.literal(true) }),
} as const satisfies Record<RequestType, z.ZodType>;

/** Every request type, in the order of {@link REQUEST_PARAMS}. */
export const REQUEST_TYPES = Object.keys(REQUEST_PARAMS) as RequestType[];

/** The params a request of type `T` takes, as the sender writes them. */
export type RequestParams<T extends RequestType> = z.input<(typeof REQUEST_PARAMS)[T]>;

/** The result a request of type `T` returns. */
export type RequestResult<T extends RequestType> = z.output<(typeof REQUEST_RESULTS)[T]>;

/** Used by the CLI's `status --json` and the tray. */
export type StatusResult = RequestResult<'status'>;
/** One finished job in a `recent` result. */
export type RecentJob = z.infer<typeof recentJobSchema>;
/** One entry of an `attention.list` result. */
export type AttentionItem = z.infer<typeof attentionItemSchema>;
