import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as z from 'zod';
import {
  DAEMON_MALLOC_ENVIRONMENT,
  DAEMON_NODE_OPTIONS,
} from '../../shared/daemon-node-options.js';
import { AppError } from '../../shared/errors.js';

/** The fields of `<state>/agent.json` that starting the daemon needs. */
const agentRecordSchema = z.object({
  platform: z.enum(['darwin', 'linux']),
  /** The launchd label or the systemd unit name. */
  service: z.string().min(1),
  node: z.string().min(1),
  entryScript: z.string().min(1),
});

/** Options for {@link startDaemon}. */
export interface StartDaemonOptions {
  readonly stateDir: string;
  readonly platform: NodeJS.Platform;
  /** The node binary and `bin/metaclear.js` to use when no agent is installed. */
  readonly fallback: { readonly node: string; readonly entryScript: string } | null;
  /** The environment of a daemon started directly. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Runs a command to its end; tests pass a fake. @default execFile */
  readonly run?: (file: string, args: readonly string[]) => Promise<void>;
  /** Starts a detached process; tests pass a fake. @default spawn, detached and unref'd */
  readonly launch?: (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => void;
}

const runCommand = promisify(execFile);

/**
 * Starts the daemon: through the installed agent (launchd's `kickstart`, systemd's `start`)
 * when `<state>/agent.json` names one, else as a detached `node bin/metaclear.js daemon` with
 * the agent's node or the fallback. A second daemon for the same home exits with code 5, so a
 * start that races the agent is harmless.
 *
 * @throws AppError `E_DAEMON_UNREACHABLE` when neither an agent nor a fallback is known.
 */
export async function startDaemon(options: StartDaemonOptions): Promise<'agent' | 'process'> {
  const run =
    options.run ??
    (async (file: string, args: readonly string[]) => {
      await runCommand(file, [...args]);
    });
  const launch =
    options.launch ??
    ((file: string, args: readonly string[], env: NodeJS.ProcessEnv) => {
      spawn(file, [...args], { detached: true, stdio: 'ignore', env }).unref();
    });
  const agent = await readAgentRecord(path.join(options.stateDir, 'agent.json'));
  if (agent !== null && agent.platform === options.platform) {
    try {
      await run(...getAgentStartCommand(agent.platform, agent.service));
      return 'agent';
    } catch {
      // The agent is unloaded or its service file is gone: start the daemon directly below.
    }
  }
  const program = agent ?? options.fallback;
  if (program === null) {
    throw new AppError(
      'E_DAEMON_UNREACHABLE',
      `cannot start MetaClear: ${path.join(options.stateDir, 'agent.json')} is missing; run 'metaclear agent install' or 'metaclear daemon'.`,
    );
  }
  const env = options.env ?? process.env;
  launch(
    program.node,
    [...DAEMON_NODE_OPTIONS, program.entryScript, 'daemon'],
    options.platform === 'linux' ? { ...env, ...DAEMON_MALLOC_ENVIRONMENT } : env,
  );
  return 'process';
}

/** Returns the command that starts an installed agent's service now. */
export function getAgentStartCommand(
  platform: 'darwin' | 'linux',
  service: string,
): [string, string[]] {
  if (platform === 'darwin') {
    const uid = process.getuid?.() ?? 0;
    return ['/bin/launchctl', ['kickstart', `gui/${uid}/${service}`]];
  }
  return ['systemctl', ['--user', 'start', service]];
}

async function readAgentRecord(file: string): Promise<z.infer<typeof agentRecordSchema> | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = agentRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
