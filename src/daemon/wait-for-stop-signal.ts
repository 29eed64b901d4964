/** A wait for SIGTERM or SIGINT that can be cancelled. */
export interface StopSignalWait {
  /** Resolves with the first stop signal received, or `request` after {@link requestStop}. */
  readonly received: Promise<NodeJS.Signals | 'request'>;
  /** Stops as a signal does; the control socket's `shutdown` request calls it. */
  readonly requestStop: () => void;
  /** Removes the signal handlers, so the signals get their default action again. */
  dispose(): void;
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** The maximum delay `setInterval` accepts, about 24.8 days. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Handles SIGTERM and SIGINT until `dispose()`: the first one resolves `received`, and later
 * ones are ignored so a shutdown that is finishing its jobs is not cut short. Signal handlers
 * do not keep Node's event loop alive, so a timer does until the first signal, or the process
 * would exit while it waits with nothing else to do (in state `attention`, for example).
 */
export function waitForStopSignal(): StopSignalWait {
  const keepAlive = setInterval(() => undefined, MAX_TIMER_MS);
  let resolveReceived: (signal: NodeJS.Signals | 'request') => void = () => undefined;
  const received = new Promise<NodeJS.Signals | 'request'>((resolve) => {
    resolveReceived = resolve;
  });
  const handleSignal = (signal: NodeJS.Signals | 'request'): void => {
    clearInterval(keepAlive);
    resolveReceived(signal);
  };
  for (const signal of STOP_SIGNALS) {
    process.on(signal, handleSignal);
  }
  return {
    received,
    requestStop: () => {
      handleSignal('request');
    },
    dispose: () => {
      clearInterval(keepAlive);
      for (const signal of STOP_SIGNALS) {
        process.off(signal, handleSignal);
      }
    },
  };
}
