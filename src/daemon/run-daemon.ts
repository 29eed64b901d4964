import type { Logger } from 'pino';
import type { CommitStepHook } from '../commit/commit-steps.js';
import type { HistoryStore } from '../commit/history/history-store.js';
import { openHistory } from '../commit/history/open-history.js';
import type { Config } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { isAppError } from '../shared/errors.js';
import { resolveLocations, type Locations } from '../shared/paths.js';
import { claimSocket, type ClaimedSocket } from './claim-socket.js';
import { createControlHandlers } from './control-handlers.js';
import { serveControlSocket, type ControlServer } from './control-server.js';
import { createDaemonLogger } from './create-daemon-logger.js';
import { createDefaultFolders } from './create-default-folders.js';
import { createDaemon, type Daemon } from './daemon.js';
import { FAULT_VARIABLE, parseFaultInjection } from './fault-injection.js';
import { followConfigFile } from './follow-config-file.js';
import { forwardDaemonEvents } from './forward-daemon-events.js';
import { logDaemonEvents } from './log-daemon-events.js';
import { readPackageVersion } from '../shared/read-package-version.js';
import { recoverJobs } from './recover-jobs.js';
import { startVaultPruning } from './start-vault-pruning.js';
import { waitForStopSignal, type StopSignalWait } from './wait-for-stop-signal.js';
import { createConfigErrorHandlers } from './create-config-error-handlers.js';
import { watchConfigFile, type ConfigWatcher } from './config-watcher.js';

/** Exit code for an invalid config: sysexits `EX_CONFIG`, which the service managers expect. */
const EXIT_INVALID_CONFIG = 78;

/** Exit code when another daemon already owns this home. */
const EXIT_ALREADY_RUNNING = 5;

/** Exit code when the daemon cannot start for any other reason. */
const EXIT_START_FAILED = 1;

/** Options for {@link runDaemon}. */
export interface RunDaemonOptions {
  /**
   * Run as the login agent: on an invalid config stay up in state `attention` and exit 0 on
   * SIGTERM, so launchd and systemd do not restart it in a loop.
   */
  readonly agent: boolean;
  /**
   * The environment that locates config, state and logs (`METACLEAR_HOME`, XDG variables).
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

interface RunContext {
  readonly options: RunDaemonOptions;
  readonly locations: Locations;
  readonly logger: Logger;
  readonly isPretty: boolean;
  readonly stopSignal: StopSignalWait;
  readonly history: HistoryStore;
  readonly control: ControlServer;
  readonly version: string;
  /** When this process started, which `status` reports. */
  readonly startedAt: Date;
  /** Kills the process at a commit step, from `METACLEAR_FAULT`; crash tests only. */
  readonly onCommitStep: CommitStepHook | undefined;
}

/**
 * Runs the daemon in the foreground until SIGTERM or SIGINT, then stops watching and lets the
 * running jobs finish. Resolves with the exit code: 0 after a stop signal, 5 when another
 * daemon owns this home (0 with `agent`), 78 for an invalid config (0 with `agent`, after
 * waiting in state `attention`), and 1 when it cannot start.
 * This is the only part of MetaClear that logs.
 *
 * @example
 * process.exitCode = await runDaemon({ agent: false });
 */
export async function runDaemon(options: RunDaemonOptions): Promise<number> {
  const locations = resolveLocations(options.env ?? process.env);
  const isPretty = process.stdout.isTTY;
  const { logger, close: closeLogger } = await createDaemonLogger({
    logDir: locations.logDir,
    pretty: isPretty,
    onError: (error) => process.stderr.write(`metaclear: logging failed: ${error.message}\n`),
  });
  const stopSignal = waitForStopSignal();
  let socket: ClaimedSocket | undefined;
  let history: HistoryStore | undefined;
  let control: ControlServer | undefined;
  try {
    socket = await claimSocket(locations.socketPath);
    const version = await readPackageVersion();
    control = serveControlSocket(socket.server, { version });
    logControlServer(control, logger);
    const onCommitStep = parseFaultInjection((options.env ?? process.env)[FAULT_VARIABLE]);
    // Only the daemon that owns the socket opens the history and repairs unfinished jobs.
    history = openHistory(locations.stateDir);
    await recoverJobs(history, logger);
    const context = {
      options,
      locations,
      logger,
      isPretty,
      stopSignal,
      history,
      control,
      version,
      startedAt: new Date(),
      onCommitStep,
    };
    return await runUntilStopped(context);
  } catch (error) {
    return handleClaimFailure(options, logger, error);
  } finally {
    control?.close();
    history?.close();
    await socket?.close();
    stopSignal.dispose();
    await closeLogger();
  }
}

/**
 * Reports a socket that could not be claimed. Another daemon on this home exits 5, except for
 * the agent, which exits 0 so that launchd and systemd do not restart it in a loop.
 */
function handleClaimFailure(options: RunDaemonOptions, logger: Logger, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`metaclear: ${message}\n`);
  if (isAppError(error) && error.code === 'E_DAEMON_RUNNING') {
    logger.warn({ code: error.code, socketPath: error.path }, 'another daemon is running');
    return options.agent ? 0 : EXIT_ALREADY_RUNNING;
  }
  const code = isAppError(error) ? error.code : 'E_INTERNAL';
  logger.fatal({ err: error, code }, 'daemon cannot start');
  return EXIT_START_FAILED;
}

async function runUntilStopped(context: RunContext): Promise<number> {
  const { locations, logger, stopSignal } = context;
  let config: Config;
  let daemon: Daemon;
  try {
    config = await loadConfig(locations);
    logger.level = config.log.level;
    await createDefaultFolders(config, locations);
    daemon = createDaemon({
      config,
      locations,
      history: context.history,
      ...(context.onCommitStep === undefined ? {} : { onCommitStep: context.onCommitStep }),
    });
  } catch (error) {
    return handleStartFailure(context, error);
  }

  logDaemonEvents(daemon, logger);
  forwardDaemonEvents(daemon, context.control);
  const { version } = context;
  context.control.setHandlers(
    createControlHandlers({
      daemon,
      history: context.history,
      locations,
      version,
      startedAt: context.startedAt,
      requestStop: stopSignal.requestStop,
    }),
  );
  const folders = config.folders.map((folder) => ({
    path: folder.path,
    mode: folder.mode,
    output: folder.mode === 'output' ? folder.output : null,
  }));
  logger.info({ version, folders, configFile: locations.configFile }, 'daemon starting');

  try {
    await daemon.start();
  } catch (error) {
    await daemon.close();
    return handleStartFailure(context, error);
  }
  logger.info({ version, state: daemon.state }, 'daemon started');
  const configWatcher = followConfigFile(daemon, locations, logger);
  const pruning = startVaultPruning({
    getRetention: () => ({
      vaultDir: daemon.config.originals.vault,
      retentionDays: daemon.config.originals.retentionDays,
    }),
    history: context.history,
    logger,
  });

  const signal = await stopSignal.received;
  logger.info({ signal }, 'daemon stopping: finishing running jobs');
  pruning.stop();
  await configWatcher?.close();
  await daemon.close();
  await pruning.onIdle();
  logger.info({ signal }, 'daemon stopped');
  return 0;
}

/**
 * Reports why the daemon cannot start. An invalid config exits 78, except for the agent,
 * which waits in state `attention` until it is stopped and then exits 0.
 */
async function handleStartFailure(context: RunContext, error: unknown): Promise<number> {
  const { logger, stopSignal } = context;
  const message = error instanceof Error ? error.message : String(error);
  if (!context.isPretty) {
    process.stderr.write(`metaclear: ${message}\n`);
  }
  if (!isAppError(error) || error.code !== 'E_CONFIG_INVALID') {
    const code = isAppError(error) ? error.code : 'E_INTERNAL';
    logger.fatal({ err: error, code }, 'daemon cannot start');
    return EXIT_START_FAILED;
  }
  logger.error(
    { code: error.code, configFile: context.locations.configFile, reason: message },
    'invalid config',
  );
  if (!context.options.agent) {
    return EXIT_INVALID_CONFIG;
  }
  context.control.setHandlers(
    createConfigErrorHandlers({
      error,
      history: context.history,
      locations: context.locations,
      version: context.version,
      startedAt: context.startedAt,
      requestStop: stopSignal.requestStop,
    }),
  );
  logger.warn({ state: 'attention' }, 'daemon waiting for a valid config');
  const outcome = await waitForValidConfig(context);
  if (outcome === 'valid') {
    logger.info({ configFile: context.locations.configFile }, 'config fixed: daemon starting');
    return runUntilStopped(context);
  }
  logger.info({ signal: outcome, state: 'stopped' }, 'daemon stopped');
  return 0;
}

/**
 * Watches the config file of an agent that waits in state `attention`. Resolves with `valid`
 * once an edit makes the config valid, or with the stop signal that ends the wait.
 */
async function waitForValidConfig(
  context: RunContext,
): Promise<'valid' | NodeJS.Signals | 'request'> {
  const { locations, logger, stopSignal } = context;
  const { configFile } = locations;
  let watcher: ConfigWatcher;
  try {
    watcher = watchConfigFile({ configFile, homeDir: locations.home, config: null });
  } catch (error) {
    logger.warn(
      { err: error, configFile },
      'config file not watched: a fix applies after a restart',
    );
    return stopSignal.received;
  }
  watcher.on('invalid', (error) => {
    logger.error({ code: error.code, configFile, reason: error.message }, 'invalid config edit');
  });
  watcher.on('error', (error) => {
    logger.warn({ err: error, configFile }, 'config file no longer watched');
  });
  const fixed = new Promise<'valid'>((resolve) => {
    watcher.once('change', () => {
      resolve('valid');
    });
  });
  try {
    return await Promise.race([fixed, stopSignal.received]);
  } finally {
    await watcher.close();
  }
}

function logControlServer(control: ControlServer, logger: Logger): void {
  control.on('request.failed', (type, error) => {
    logger.error({ err: error, type }, 'control request failed');
  });
  control.on('client.dropped', (error) => {
    logger.warn({ code: error.code, reason: error.message }, 'control client dropped');
  });
}
