import path from 'node:path';
import type { DaemonClient, RequestParams } from '../shared/protocol/index.js';
import type { ControlCommand } from './control-command.js';
import type { DisplayContext } from './display-context.js';
import { EXIT_CODES } from './exit-codes.js';
import { formatAttentionItems } from './format-attention-items.js';
import {
  formatDismissedMessage,
  formatFolderAddedMessage,
  formatFolderRemovedMessage,
  formatPauseMessage,
  formatRevertMessage,
  formatResumeMessage,
  formatRetryQueuedMessage,
} from './format-change-messages.js';
import { formatFolderLines } from './format-folder-lines.js';
import { formatRecentJobs } from './format-recent-jobs.js';
import { formatCleanLine } from './format-report-line.js';
import { formatStatus } from './format-status.js';

/** The daemon's reply to one command: its result, the text for a person, and the exit code. */
export interface ControlReply {
  readonly result: object;
  readonly text: string;
  /** The stream for `text`: stderr for problems, stdout otherwise. */
  readonly stream: 'stdout' | 'stderr';
  readonly exitCode: number;
}

/** The display context, plus the working folder that relative paths resolve against. */
export interface ControlRequestContext extends DisplayContext {
  readonly cwd: string;
  /** The folder `folders add --screenshots` adds, already found. */
  readonly screenshotsFolder: string | null;
}

/**
 * Sends `command` to the daemon and formats its result.
 *
 * @throws {AppError} with the daemon's code for an error reply, `E_DAEMON_UNREACHABLE` when
 *   the connection ends first.
 */
export async function sendControlCommand(
  client: DaemonClient,
  command: ControlCommand,
  context: ControlRequestContext,
): Promise<ControlReply> {
  const resolve = (filePath: string): string => path.resolve(context.cwd, filePath);
  switch (command.kind) {
    case 'status': {
      const result = await client.request('status');
      return createReply(result, formatStatus(result, context));
    }
    case 'pause': {
      const params: RequestParams<'pause'> = {
        ...(command.folder === null ? {} : { folder: resolve(command.folder) }),
        until: command.until === null ? null : command.until.toISOString(),
      };
      const result = await client.request('pause', params);
      return createReply(result, formatPauseMessage(result, context));
    }
    case 'resume': {
      const params = command.folder === null ? {} : { folder: resolve(command.folder) };
      const result = await client.request('resume', params);
      return createReply(result, formatResumeMessage(result, context));
    }
    case 'folders.list': {
      const result = await client.request('folders.list');
      const text =
        result.folders.length === 0
          ? 'No watched folders; add one with `metaclear folders add PATH`.\n'
          : `${formatFolderLines(result.folders, context).join('\n')}\n`;
      return createReply(result, text);
    }
    case 'folders.add': {
      const folderPath = command.path === null ? context.screenshotsFolder : command.path;
      const result = await client.request('folders.add', {
        folder: {
          path: resolve(folderPath ?? ''),
          mode: command.mode,
          ...(command.output === null ? {} : { output: resolve(command.output) }),
          ...(command.existing === null ? {} : { existing: command.existing }),
        },
      });
      return createReply(result, formatFolderAddedMessage(result, context));
    }
    case 'folders.remove': {
      const result = await client.request('folders.remove', { path: resolve(command.path) });
      return createReply(result, formatFolderRemovedMessage(result, context));
    }
    case 'recent': {
      const result = await client.request(
        'recent',
        command.limit === null ? {} : { limit: command.limit },
      );
      return createReply(result, formatRecentJobs(result.jobs, context));
    }
    case 'attention.list': {
      const result = await client.request('attention.list');
      return createReply(result, formatAttentionItems(result.entries, context));
    }
    case 'attention.retry': {
      const result = await client.request('attention.retry', { id: command.id });
      if (result.report === null) {
        return createReply(result, formatRetryQueuedMessage(result, context));
      }
      const { report } = result;
      const line = formatCleanLine(report, report.input, context.cwd);
      const isClean = report.status === 'cleaned' || report.status === 'already-clean';
      return {
        result,
        text: `${line.text}\n`,
        stream: line.stream,
        exitCode: isClean ? EXIT_CODES.success : EXIT_CODES.fileProblem,
      };
    }
    case 'attention.dismiss': {
      const result = await client.request('attention.dismiss', { id: command.id });
      return createReply(result, formatDismissedMessage(result));
    }
    case 'revert': {
      const result = await client.request('revert', { jobId: command.jobId });
      return createReply(result, formatRevertMessage(result, context));
    }
  }
}

function createReply(result: object, text: string): ControlReply {
  return { result, text, stream: 'stdout', exitCode: EXIT_CODES.success };
}
