import { setTimeout as delay } from 'node:timers/promises';
import { readFile } from 'node:fs/promises';
import type { Config } from '../../config/config-schema.js';
import { parseConfig } from '../../config/parse-config.js';
import { AppError } from '../../shared/errors.js';
import { probeSocket } from '../../shared/protocol/probe-socket.js';
import type { CommandContext } from '../command-context.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { AgentContext } from './agent-context.js';
import { applyAgentPlan } from './apply-agent-plan.js';
import { formatDoneStep, formatPlannedStep } from './format-agent-step.js';
import type { UninstallArgs } from './parse-uninstall-args.js';
import { planUninstall } from './plan-uninstall.js';

/** Options for {@link runUninstall}. */
export interface RunUninstallOptions {
  /**
   * How long to wait for the daemon to close its socket after the agent is removed, in ms.
   * @default 15_000
   */
  readonly stopTimeoutMs?: number;
}

const POLL_INTERVAL_MS = 200;

/**
 * Runs `metaclear uninstall [--dry-run]`: removes the login agent, then the config, state and
 * logs, and prints where the kept vault is. The watched folders, the cleaned copies and the
 * vault with the originals stay.
 *
 * @throws AppError `E_DAEMON_RUNNING` when a daemon still runs after the agent is removed,
 *   because its history would be deleted under it, and `E_CONFIG_INVALID` for an invalid
 *   config.
 */
export async function runUninstall(
  args: UninstallArgs,
  command: CommandContext,
  agent: AgentContext,
  options: RunUninstallOptions = {},
): Promise<number> {
  const write = (text: string): void => {
    command.io.stdout.write(text);
  };
  const config = await readConfigOrNull(agent.locations.configFile, agent.locations.home);
  const plan = await planUninstall(agent, config);
  const socketPath = agent.locations.socketPath;

  if (args.dryRun) {
    write('Dry run: nothing is written, removed or run.\n');
    for (const step of [...plan.agentSteps, ...plan.dataSteps]) {
      write(formatPlannedStep(step));
    }
    if ((await probeSocket(socketPath)).kind === 'accepting' && plan.agentSteps.length === 0) {
      write(`A daemon runs on ${socketPath}; stop it before you uninstall.\n`);
    }
  } else {
    await applyAgentPlan(plan.agentSteps, agent.runner, (report) => {
      write(formatDoneStep(report));
    });
    await waitForDaemonStop(socketPath, options.stopTimeoutMs ?? 15_000);
    await applyAgentPlan(plan.dataSteps, agent.runner, (report) => {
      write(formatDoneStep(report));
    });
  }
  for (const skipped of plan.skipped) {
    write(`kept ${skipped.path}, because ${skipped.reason}; remove the rest of it by hand.\n`);
  }
  write(
    `The vault with your originals is kept: ${plan.vault}\n` +
      'It contains the files as they were before cleaning, metadata included. Delete it ' +
      'yourself when you no longer need them. The watched folders and cleaned copies are kept ' +
      'too.\n',
  );
  return EXIT_CODES.success;
}

async function waitForDaemonStop(socketPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await probeSocket(socketPath)).kind === 'accepting') {
    if (Date.now() > deadline) {
      throw new AppError(
        'E_DAEMON_RUNNING',
        `A MetaClear daemon still runs on ${socketPath}; stop it (Ctrl-C, or SIGTERM to its ` +
          'process), then run `metaclear uninstall` again. The agent is removed; the config, ' +
          'history and logs are kept.',
        { path: socketPath },
      );
    }
    await delay(POLL_INTERVAL_MS);
  }
}

/**
 * Reads the config without writing defaults; null when it is missing.
 *
 * @throws AppError `E_CONFIG_INVALID` when it is invalid, because then the vault's location
 *   is unknown and a folder removed could contain it.
 */
async function readConfigOrNull(configFile: string, home: string): Promise<Config | null> {
  let text: string;
  try {
    text = await readFile(configFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
  try {
    return parseConfig(JSON.parse(text), home, configFile);
  } catch (error) {
    throw new AppError(
      'E_CONFIG_INVALID',
      `Cannot tell where the vault is, because the config ${configFile} is invalid: ${(error as Error).message} Fix it, then run \`metaclear uninstall\` again.`,
      { cause: error, path: configFile },
    );
  }
}
