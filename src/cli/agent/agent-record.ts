import { readFile } from 'node:fs/promises';
import * as z from 'zod';

/** `<state>/agent.json`: what `agent install` set up, so status, doctor and uninstall find it. */
export const agentRecordSchema = z
  .object({
    version: z.literal(1),
    platform: z.enum(['darwin', 'linux']),
    /** The launchd label or the systemd unit name. */
    service: z.string().min(1),
    /** Absolute path of the node binary the agent runs. */
    node: z.string().min(1),
    /** Absolute path of `bin/metaclear.js`. */
    entryScript: z.string().min(1),
    /** The LaunchAgent plist or the systemd unit. */
    serviceFile: z.string().min(1),
    /** The sandbox profile on macOS, null on Linux. */
    sandboxProfile: z.string().min(1).nullable(),
    /** `METACLEAR_HOME` of the agent, or null for the platform's usual folders. */
    metaclearHome: z.string().min(1).nullable(),
    /** ISO-8601 time of the install. */
    installedAt: z.string(),
  })
  .strict();

/** The contents of `agent.json`. */
export type AgentRecord = z.infer<typeof agentRecordSchema>;

/** Formats a record as the text of `agent.json`. */
export function formatAgentRecord(record: AgentRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The outcome of reading `agent.json`. */
export type AgentRecordRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'found'; readonly record: AgentRecord };

/** Reads and validates `agent.json`; an unreadable or invalid file is reported, not thrown. */
export async function readAgentRecord(filePath: string): Promise<AgentRecordRead> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { kind: 'missing' };
    }
    return { kind: 'invalid', reason: (error as Error).message };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', reason: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = agentRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      kind: 'invalid',
      reason: `${issue?.path.join('.') ?? '(top level)'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  return { kind: 'found', record: parsed.data };
}
