import * as z from 'zod';

/** The largest file MetaClear reads by default: 1 GiB. */
export const DEFAULT_MAX_FILE_BYTES = 1_073_741_824;

/** A folder path in the config: absolute, or relative to the real home with `~/`. */
const folderPathSchema = z
  .string()
  .regex(/^(~|~\/.*|\/.*)$/, { error: 'must be an absolute path or start with ~/' })
  .describe('An absolute path, or a path starting with ~/ for the home directory.');

const orientationSchema = z
  .union([z.boolean(), z.literal('bake')], {
    error: 'must be true, false or "bake"',
  })
  .describe('Keep the EXIF orientation (true), drop it (false), or rotate the pixels ("bake").');

const colorProfileSchema = z
  .union([z.boolean(), z.literal('srgb')], {
    error: 'must be true, false or "srgb"',
  })
  .describe('Keep the colour profile (true), drop it (false), or convert the pixels to sRGB.');

const fileDatesSchema = z
  .boolean()
  .describe(
    'Give the cleaned file the original access and modification times. ' +
      'Defaults to true for in-place folders and false for output folders and copies.',
  );

/** The top-level `keep` section: the policy for `clean`, `check` and every folder. */
const keepSchema = z.strictObject({
  orientation: orientationSchema.default(true),
  colorProfile: colorProfileSchema.default(true),
  hdrGainMap: z.boolean().default(true),
  captureDate: z.boolean().default(false),
  copyright: z.boolean().default(false),
  contentCredentials: z.boolean().default(false),
  fileDates: fileDatesSchema.optional(),
});

/** A folder's `keep` section: each key present overrides the top-level `keep` key. */
const folderKeepSchema = z.strictObject({
  orientation: orientationSchema.optional(),
  colorProfile: colorProfileSchema.optional(),
  hdrGainMap: z.boolean().optional(),
  captureDate: z.boolean().optional(),
  copyright: z.boolean().optional(),
  contentCredentials: z.boolean().optional(),
  fileDates: fileDatesSchema.optional(),
});

const existingSchema = z
  .enum(['clean', 'skip'])
  .describe('What to do with the files already in the folder when it is added.');

const outputFolderSchema = z.strictObject({
  path: folderPathSchema,
  mode: z.literal('output').describe('Put cleaned copies in `output`; originals leave the folder.'),
  output: folderPathSchema,
  recursive: z.boolean().default(true),
  existing: existingSchema.default('clean'),
  keep: folderKeepSchema.optional(),
});

const inPlaceFolderSchema = z.strictObject({
  path: folderPathSchema,
  mode: z.literal('in-place').describe('Replace each file with its cleaned version.'),
  output: z.never({ error: 'is allowed only with mode "output"' }).optional(),
  recursive: z.boolean().default(true),
  existing: existingSchema.default('skip'),
  keep: folderKeepSchema.optional(),
});

const folderSchema = z.discriminatedUnion('mode', [outputFolderSchema, inPlaceFolderSchema], {
  error: 'must be "output" or "in-place"',
});

const originalsSchema = z.strictObject({
  action: z
    .enum(['vault', 'trash', 'delete'])
    .default('vault')
    .describe('Where originals go once the cleaned file is in place.'),
  vault: folderPathSchema.default('~/MetaClear/Originals'),
  retentionDays: z
    .int()
    .positive()
    .nullable()
    .default(null)
    .describe('Days to keep originals in the vault; null keeps them until removed by hand.'),
});

const limitsSchema = z.strictObject({
  maxFileBytes: z.int().positive().default(DEFAULT_MAX_FILE_BYTES),
  jobTimeoutMs: z.int().positive().default(30_000),
});

const settleSchema = z.strictObject({
  stableMs: z
    .int()
    .nonnegative()
    .default(150)
    .describe('How long size and mtime must stay unchanged before a file is read.'),
  incompleteAfterMs: z
    .int()
    .positive()
    .default(600_000)
    .describe('How long an incomplete file may wait before it needs attention.'),
});

const logSchema = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/**
 * The schema of `config.json`. Unknown keys are rejected at every level; sections left out
 * get their defaults, and `existing` defaults by folder mode.
 */
export const configSchema = z.strictObject({
  version: z.literal(1),
  folders: z.array(folderSchema),
  originals: originalsSchema.prefault({}),
  keep: keepSchema.prefault({}),
  limits: limitsSchema.prefault({}),
  settle: settleSchema.prefault({}),
  concurrency: z.int().min(1).max(64).default(4).describe('Files cleaned at the same time.'),
  log: logSchema.prefault({}),
});

/** A validated config, with defaults filled in. */
export type Config = z.output<typeof configSchema>;

/** One watched folder of a validated config. */
export type FolderConfig = Config['folders'][number];

/** The config as written in `config.json`, where sections with defaults may be left out. */
export type ConfigInput = z.input<typeof configSchema>;
