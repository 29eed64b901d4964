import type { AppError } from '../shared/errors.js';
import type { DaemonRequestHandlers } from './control-handlers-type.js';

/**
 * Creates the handlers of an agent that waits for a valid config: every request but
 * `shutdown` fails with the config's error, which names each invalid key.
 */
// TODO: `status` fails too, rather than reporting state `attention` with this reason.
export function createConfigErrorHandlers(
  error: AppError,
  requestStop: () => void,
): DaemonRequestHandlers {
  const reject = (): Promise<never> => Promise.reject(error);
  return {
    status: reject,
    pause: reject,
    resume: reject,
    'folders.list': reject,
    'folders.add': reject,
    'folders.remove': reject,
    'folders.update': reject,
    recent: reject,
    'attention.list': reject,
    'attention.retry': reject,
    'attention.dismiss': reject,
    revert: reject,
    clean: reject,
    shutdown: () => {
      setImmediate(requestStop);
      return Promise.resolve({ stopping: true as const });
    },
  };
}
