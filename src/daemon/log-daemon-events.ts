import type { Logger } from 'pino';
import type { Daemon } from './daemon.js';
import type { JobResult } from './daemon-events.js';

/**
 * Logs every daemon event. Lines carry paths, kinds, codes and sizes, never a metadata value:
 * reports name removed kinds only, and reasons are MetaClear's own messages.
 */
export function logDaemonEvents(daemon: Daemon, logger: Logger): void {
  daemon.on('job.queued', (job) => {
    logger.debug({ jobId: job.jobId, path: job.input, folder: job.folder }, 'job queued');
  });
  daemon.on('job.done', (result) => {
    logger.child({ jobId: result.jobId }).info(describeJob(result), 'job done');
  });
  daemon.on('job.failed', (result) => {
    logger.child({ jobId: result.jobId }).warn(describeJob(result), 'job failed');
  });
  daemon.on('job.attention', (result) => {
    logger.child({ jobId: result.jobId }).warn(describeJob(result), 'job needs attention');
  });
  daemon.on('job.reverted', (job) => {
    const { jobId, folder, restored, removedOutput, keptOutput } = job;
    logger.info({ jobId, folder, path: restored, removedOutput, keptOutput }, 'job reverted');
  });
  daemon.on('state.changed', (change) => {
    logger.debug({ state: change.state, previous: change.previous }, 'daemon state changed');
  });
  daemon.on('folder.changed', (change) => {
    const fields = {
      folder: change.folder,
      state: change.state,
      previous: change.previous,
      code: change.code,
      reason: change.reason,
    };
    if (change.code === null) {
      logger.info(fields, 'folder state changed');
    } else {
      logger.warn(fields, 'folder problem');
    }
  });
}

function describeJob(result: JobResult): Record<string, unknown> {
  return {
    path: result.input,
    output: result.output,
    original: result.original,
    status: result.status,
    format: result.format,
    removed: result.removed,
    kept: result.kept,
    bytes: result.bytes,
    durationMs: result.durationMs,
    code: result.code,
    reason: result.reason,
  };
}
