import { isAppError } from '../shared/errors.js';
import { getProcessIo, type CliIo } from './cli-io.js';
import type { CommandContext } from './command-context.js';
import { EXIT_CODES } from './exit-codes.js';
import { getHelpText } from './get-help-text.js';
import { parseCommandLine, type CommandLine } from './parse-command-line.js';
import { readPackageVersion } from '../shared/read-package-version.js';
import { runControlCommand } from './run-control-command.js';

/** Options for {@link main}; tests pass in-memory streams and their own environment. */
export interface MainOptions {
  /** @default the process's stdin, stdout and stderr */
  readonly io?: CliIo;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs the `metaclear` command with `argv` (the arguments after the script path) and resolves
 * with its exit code. It never rejects: usage errors exit 2, an invalid config 78, and other
 * failures 1, each with a message on stderr.
 *
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const context: CommandContext = {
    io: options.io ?? getProcessIo(),
    env: options.env ?? process.env,
    cwd: process.cwd(),
  };
  try {
    return await runCommandLine(parseCommandLine(argv), context);
  } catch (error) {
    return reportError(error, argv, context.io);
  }
}

async function runCommandLine(commandLine: CommandLine, context: CommandContext): Promise<number> {
  switch (commandLine.kind) {
    case 'help':
      context.io.stdout.write(getHelpText(commandLine.topic));
      return EXIT_CODES.success;
    case 'version':
      context.io.stdout.write(`${await readPackageVersion()}\n`);
      return EXIT_CODES.success;
    // Each command loads its own modules when it runs: sharp, SQLite and the watcher for the
    // commands that clean, XML and glob libraries for the agent and doctor. That keeps
    // `metaclear status` and the socket commands quick to start, and `clean` loads no module
    // it does not use.
    case 'clean': {
      const { runClean } = await import('./run-clean.js');
      return runClean(commandLine.args, context);
    }
    case 'check': {
      const { runCheck } = await import('./run-check.js');
      return runCheck(commandLine.args, context);
    }
    case 'control':
      return runControlCommand(commandLine.command, context);
    case 'daemon': {
      const { runDaemon } = await import('../daemon/run-daemon.js');
      return runDaemon({ agent: commandLine.agent, env: context.env });
    }
    case 'agent': {
      const { runAgent } = await import('./agent/run-agent.js');
      const { createAgentContext } = await import('./agent/agent-context.js');
      return runAgent(commandLine.args, context, createAgentContext(context.env));
    }
    case 'doctor': {
      const { runDoctor } = await import('./doctor/run-doctor.js');
      const { createAgentContext } = await import('./agent/agent-context.js');
      return runDoctor(context, createAgentContext(context.env));
    }
    case 'forget': {
      const { runForget } = await import('./run-forget.js');
      return runForget(commandLine.args, context);
    }
    case 'uninstall': {
      const { runUninstall } = await import('./agent/run-uninstall.js');
      const { createAgentContext } = await import('./agent/agent-context.js');
      return runUninstall(commandLine.args, context, createAgentContext(context.env));
    }
    case 'tray': {
      const { runTray } = await import('./tray/run-tray.js');
      return runTray(context);
    }
  }
}

function reportError(error: unknown, argv: readonly string[], io: CliIo): number {
  if (isAppError(error) && error.code === 'E_USAGE') {
    io.stderr.write(`metaclear: ${error.message}\n`);
    if (argv.length === 0) {
      io.stderr.write(`\n${getHelpText(null)}`);
    }
    return EXIT_CODES.usage;
  }
  if (isAppError(error)) {
    io.stderr.write(`metaclear: ${error.message}\n`);
    if (error.code === 'E_DAEMON_UNREACHABLE') {
      return EXIT_CODES.daemonUnreachable;
    }
    return error.code === 'E_CONFIG_INVALID' ? EXIT_CODES.invalidConfig : EXIT_CODES.fileProblem;
  }
  // Anything else is a bug, so the stack goes into the message for the bug report.
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`metaclear: internal error: ${detail}\n`);
  return EXIT_CODES.fileProblem;
}
