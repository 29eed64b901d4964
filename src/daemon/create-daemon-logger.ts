import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pino, type Logger, type TransportTargetOptions } from 'pino';

/** The daemon's logger and the way to write out its lines before the process exits. */
export interface DaemonLogger {
  readonly logger: Logger;
  /** Writes out every line logged so far. Every call returns the same promise. */
  readonly flush: () => Promise<void>;
}

/** Options for {@link createDaemonLogger}. */
export interface DaemonLoggerOptions {
  /** The folder of the rotating JSON log files, created with mode 0700. */
  readonly logDir: string;
  /** Also print readable lines on stdout, for a daemon run in a terminal. */
  readonly pretty: boolean;
  /** Receives errors of the logging thread itself, which cannot be logged. */
  readonly onError: (error: Error) => void;
}

/**
 * Rotation of `daemon.<date>.<n>.log`: a new file each day or at 10 MB, and the 14 newest
 * files kept. The files hold file paths, so they are readable by this user only.
 */
const ROLL_OPTIONS = {
  frequency: 'daily',
  dateFormat: 'yyyy-MM-dd',
  size: '10m',
  extension: '.log',
  limit: { count: 14 },
  mkdir: true,
  mode: 0o600,
} as const;

/**
 * Creates the daemon's pino logger: JSON lines at level `info` to rotating files in `logDir`
 * (through pino-roll), plus pino-pretty on stdout when `pretty` is set. Both run in pino's
 * transport thread, off the main thread. Set `logger.level` to change the level.
 */
export async function createDaemonLogger(options: DaemonLoggerOptions): Promise<DaemonLogger> {
  await mkdir(options.logDir, { recursive: true, mode: 0o700 });
  const targets: TransportTargetOptions[] = [
    {
      target: 'pino-roll',
      level: 'trace',
      options: { ...ROLL_OPTIONS, file: path.join(options.logDir, 'daemon') },
    },
  ];
  if (options.pretty) {
    targets.push({
      target: 'pino-pretty',
      level: 'trace',
      options: { destination: 1, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
    });
  }
  const transport = pino.transport({ targets });
  transport.on('error', (error: unknown) => {
    options.onError(error instanceof Error ? error : new Error(String(error)));
  });
  const logger = pino({ level: 'info', timestamp: pino.stdTimeFunctions.isoTime }, transport);
  let flushing: Promise<void> | undefined;
  // A flush callback keeps the unreferenced transport thread alive until the lines are written.
  // pino ends the thread itself when the process exits.
  const flush = (): Promise<void> => {
    flushing ??= new Promise<void>((resolve) => {
      transport.flush((error) => {
        if (error instanceof Error) {
          options.onError(error);
        }
        resolve();
      });
    });
    return flushing;
  };
  return { logger, flush };
}
