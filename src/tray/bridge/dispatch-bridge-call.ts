import * as z from 'zod';
import { isAppError } from '../../shared/errors.js';
import {
  absolutePathSchema,
  REQUEST_PARAMS,
  type RequestParams,
  type RequestResult,
  type RequestType,
} from '../../shared/protocol/index.js';
import {
  DAEMON_METHODS,
  type BridgeResult,
  type HostMethodName,
  type HostMethods,
} from './tray-api.js';

/** The targets of bridge calls: daemon requests to a client, host methods to the host. */
export interface BridgeBackend {
  readonly request: <T extends RequestType>(
    type: T,
    params: RequestParams<T>,
  ) => Promise<RequestResult<T>>;
  readonly host: HostMethods;
}

/** The argument schema of every host method, so a call from the popup is checked here. */
const HOST_ARGUMENTS = {
  chooseFolder: z.tuple([]),
  revealPath: z.tuple([absolutePathSchema]),
  openOriginals: z.tuple([]),
  findScreenshotsFolder: z.tuple([]),
  startDaemon: z.tuple([]),
} as const satisfies Record<HostMethodName, z.ZodType>;

/**
 * Checks one call from the popup and carries it out: the method must be in the bridge table
 * and its arguments must match the protocol's params or the host method's schema. Never
 * throws; every failure comes back as a {@link BridgeResult} with a stable code.
 */
export async function dispatchBridgeCall(
  method: unknown,
  args: unknown,
  backend: BridgeBackend,
): Promise<BridgeResult> {
  if (typeof method !== 'string' || !Array.isArray(args)) {
    return usageError('a bridge call needs a method name and an array of arguments.');
  }
  try {
    if (Object.hasOwn(DAEMON_METHODS, method)) {
      const type = DAEMON_METHODS[method as keyof typeof DAEMON_METHODS];
      if (args.length > 1) {
        return usageError(`'${method}' takes one params object, not ${args.length} arguments.`);
      }
      const params = REQUEST_PARAMS[type].safeParse(args[0] ?? {});
      if (!params.success) {
        return usageError(`invalid params for '${method}': ${z.prettifyError(params.error)}`);
      }
      const value = await backend.request(type, params.data);
      return { ok: true, value };
    }
    if (Object.hasOwn(HOST_ARGUMENTS, method)) {
      const name = method as HostMethodName;
      const parsed = HOST_ARGUMENTS[name].safeParse(args);
      if (!parsed.success) {
        return usageError(`invalid arguments for '${method}': ${z.prettifyError(parsed.error)}`);
      }
      const hostMethod = backend.host[name] as (...hostArgs: unknown[]) => Promise<unknown>;
      return { ok: true, value: (await hostMethod(...parsed.data)) ?? null };
    }
    return usageError(`'${method}' is not a tray bridge method.`);
  } catch (error) {
    if (isAppError(error)) {
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    return {
      ok: false,
      error: {
        code: 'E_INTERNAL',
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
}

function usageError(message: string): BridgeResult {
  return { ok: false, error: { code: 'E_USAGE', message } };
}
