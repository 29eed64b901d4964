import { readFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import * as z from 'zod';

/** The tray's own settings, kept in `<state>/tray.json` apart from the daemon's config. */
const traySettingsSchema = z.object({
  /** @default true */
  notifications: z.boolean().default(true),
});

/** The tray's own settings. */
export type TraySettings = z.infer<typeof traySettingsSchema>;

/** Returns the settings file's path. */
export function getTraySettingsPath(stateDir: string): string {
  return path.join(stateDir, 'tray.json');
}

/** Reads the settings; a missing or invalid file gives the defaults. */
export async function readTraySettings(stateDir: string): Promise<TraySettings> {
  try {
    const text = await readFile(getTraySettingsPath(stateDir), 'utf8');
    const parsed = traySettingsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : traySettingsSchema.parse({});
  } catch {
    return traySettingsSchema.parse({});
  }
}

/** Writes the settings atomically, with owner-only permissions like the rest of the state. */
export async function writeTraySettings(stateDir: string, settings: TraySettings): Promise<void> {
  await writeFileAtomic(getTraySettingsPath(stateDir), `${JSON.stringify(settings, null, 2)}\n`, {
    mode: 0o600,
  });
}
