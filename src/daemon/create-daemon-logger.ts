import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pino, type DestinationStream, type Logger, type StreamEntry } from 'pino';

/** The daemon's logger and the way to write out its lines before the process exits. */
export interface DaemonLogger {
  readonly logger: Logger;
  /**
   * Writes out every line logged so far and closes the log file. The logger drops the lines
   * logged after this call. Every call returns the same promise.
   */
  readonly close: () => Promise<void>;
}

/** Options for {@link createDaemonLogger}. */
export interface DaemonLoggerOptions {
  /** The folder of the rotating JSON log files, created with mode 0700. */
  readonly logDir: string;
  /** Also print readable lines on stdout, for a daemon run in a terminal. */
  readonly pretty: boolean;
  /** Receives errors of the log file stream itself, which cannot be logged. */
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

/** The part of the SonicBoom stream that pino-roll returns which this module uses. */
interface RollingFileStream extends DestinationStream {
  end(): void;
  flushSync(): void;
  on(event: 'error', listener: (error: Error) => void): this;
  once(event: 'close' | 'error', listener: () => void): this;
}

// pino-roll 4.0.0 ships no type declarations.
const require = createRequire(import.meta.url);
const openRollingFile = require('pino-roll') as (
  options: Record<string, unknown>,
) => Promise<RollingFileStream>;

/**
 * Creates the daemon's pino logger: JSON lines at level `info` to rotating files in `logDir`
 * (through pino-roll), plus pino-pretty on stdout when `pretty` is set. Set `logger.level` to
 * change the level.
 */
export async function createDaemonLogger(options: DaemonLoggerOptions): Promise<DaemonLogger> {
  await mkdir(options.logDir, { recursive: true, mode: 0o700 });
  // Both streams run on the main thread. A pino transport would run them in a worker thread
  // with its own V8 heap, which wakes about once a second even when nothing is logged. Without
  // it, the idle daemon of `npm run bench -- --only idle` used about 14 MB less RSS. The file
  // stream writes asynchronously, so a line costs the main thread a string append and, when no
  // write is in flight, one `fs.write` on the libuv pool.
  const fileStream = await openRollingFile({
    ...ROLL_OPTIONS,
    file: path.join(options.logDir, 'daemon'),
  });
  fileStream.on('error', options.onError);
  const streams: StreamEntry[] = [{ level: 'trace', stream: fileStream }];
  if (options.pretty) {
    // Imported here, so the daemon that launchd or systemd starts does not load pino-pretty.
    const { default: pinoPretty } = await import('pino-pretty');
    const prettyStream = pinoPretty({
      destination: 1,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
    });
    streams.push({ level: 'trace', stream: prettyStream });
  }
  const logger = pino(
    { level: 'info', timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream(streams),
  );
  // The lines still buffered when the process exits without `close()`, as after an uncaught
  // exception or `process.exit()`, are written synchronously.
  const flushOnExit = (): void => {
    try {
      fileStream.flushSync();
    } catch {
      // The file is not open yet or is already closed, so there is nothing to write.
    }
  };
  process.once('exit', flushOnExit);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      logger.level = 'silent';
      process.off('exit', flushOnExit);
      fileStream.once('close', resolve);
      fileStream.once('error', () => {
        resolve();
      });
      fileStream.end();
    });
    return closing;
  };
  return { logger, close };
}
