import { isAppError, type AppError } from '../shared/errors.js';
import { resolveLocations } from '../shared/paths.js';
import type { CommandContext } from './command-context.js';
import { connectToRunningDaemon, createNotRunningError } from './connect-to-running-daemon.js';
import type { ControlCommand } from './control-command.js';
import { EXIT_CODES } from './exit-codes.js';
import { findScreenshotsFolderToAdd } from './find-screenshots-folder-to-add.js';
import { formatJsonReply } from './format-json-reply.js';
import { sendControlCommand } from './send-control-command.js';

/**
 * Runs a command that talks to the daemon over its control socket, prints the reply (as the
 * `{"version":1,...}` envelope with `--json`) and resolves with the exit code: 3 when no daemon
 * responds, 4 when it rejects the request.
 */
export async function runControlCommand(
  command: ControlCommand,
  context: CommandContext,
): Promise<number> {
  const locations = resolveLocations(context.env);
  const screenshotsFolder =
    command.kind === 'folders.add' && command.screenshots
      ? await findScreenshotsFolderToAdd(locations.home, context.env)
      : null;
  try {
    const client = await connectToRunningDaemon(locations.socketPath);
    if (client === null) {
      throw createNotRunningError(locations.socketPath);
    }
    try {
      const reply = await sendControlCommand(client, command, {
        cwd: context.cwd,
        home: locations.home,
        now: new Date(),
        screenshotsFolder,
      });
      if (command.json) {
        context.io.stdout.write(formatJsonReply(reply.result));
      } else {
        context.io[reply.stream].write(reply.text);
      }
      return reply.exitCode;
    } finally {
      await client.close();
    }
  } catch (error) {
    // Local usage errors are thrown before the connection, so every AppError here came from
    // the connection or from the daemon's reply.
    if (!isAppError(error)) {
      throw error;
    }
    return reportRequestError(error, command.json, context);
  }
}

function reportRequestError(error: AppError, json: boolean, context: CommandContext): number {
  context.io.stderr.write(`metaclear: ${error.message} (${error.code})\n`);
  if (json) {
    context.io.stdout.write(
      formatJsonReply({ error: { code: error.code, message: error.message } }),
    );
  }
  return error.code === 'E_DAEMON_UNREACHABLE'
    ? EXIT_CODES.daemonUnreachable
    : EXIT_CODES.requestFailed;
}
