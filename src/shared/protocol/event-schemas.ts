import * as z from 'zod';
import {
  cleanFileReportSchema,
  daemonStateSchema,
  errorCodeSchema,
  folderStateSchema,
  jobIdSchema,
} from './common-schemas.js';

/** Names of the events a subscribed client receives. */
export const EVENT_NAMES = [
  'job.queued',
  'job.done',
  'job.failed',
  'job.attention',
  'job.reverted',
  'state.changed',
  'folder.changed',
  'config.changed',
] as const;

/** One event name. */
export type EventName = (typeof EVENT_NAMES)[number];

/** The outcome of one job: the file's report plus where and how it ran. */
export const jobResultSchema = cleanFileReportSchema.extend({
  jobId: jobIdSchema,
  /** The watched folder, or an empty string for a file outside every watched folder. */
  folder: z.string(),
  durationMs: z.int().nonnegative(),
  /** The container format when MetaClear can clean it, else null. */
  format: z.string().nullable(),
  /** The input's size when it settled, or null when it could not be read. */
  bytes: z.int().nonnegative().nullable(),
});

/** The `data` schema of every event, by event name. */
export const EVENT_DATA = {
  'job.queued': z.object({ jobId: jobIdSchema, folder: z.string(), input: z.string() }),
  'job.done': jobResultSchema,
  'job.failed': jobResultSchema,
  'job.attention': jobResultSchema,
  'job.reverted': z.object({
    jobId: jobIdSchema,
    folder: z.string().nullable(),
    /** The path the original bytes are back at. */
    restored: z.string(),
    removedOutput: z.string().nullable(),
    keptOutput: z.string().nullable(),
  }),
  'state.changed': z.object({ state: daemonStateSchema, previous: daemonStateSchema }),
  'folder.changed': z.object({
    folder: z.string(),
    state: folderStateSchema,
    previous: folderStateSchema.nullable(),
    code: errorCodeSchema.nullable(),
    reason: z.string().nullable(),
  }),
  'config.changed': z.object({
    added: z.array(z.string()).readonly(),
    removed: z.array(z.string()).readonly(),
    updated: z.array(z.string()).readonly(),
  }),
} as const satisfies Record<EventName, z.ZodType>;

/** The data of an event named `E`. */
export type EventData<E extends EventName> = z.output<(typeof EVENT_DATA)[E]>;

function eventFrame<E extends EventName>(event: E) {
  return z.object({ type: z.literal('event'), event: z.literal(event), data: EVENT_DATA[event] });
}

/** An event frame: `{"type":"event","event":E,"data":{...}}`. */
export const eventFrameSchema = z.discriminatedUnion('event', [
  eventFrame('job.queued'),
  eventFrame('job.done'),
  eventFrame('job.failed'),
  eventFrame('job.attention'),
  eventFrame('job.reverted'),
  eventFrame('state.changed'),
  eventFrame('folder.changed'),
  eventFrame('config.changed'),
]);

/** An event frame, discriminated on `event`. */
export type EventFrame = z.infer<typeof eventFrameSchema>;

/** Job results that a `job.done`, `job.failed` or `job.attention` event carries. */
export type JobResultData = z.infer<typeof jobResultSchema>;
