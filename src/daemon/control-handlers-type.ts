import type { RequestOf, RequestResult, RequestType } from '../shared/protocol/index.js';

/** Handles one request type: takes its validated params and resolves with its result. */
export type RequestHandler<T extends RequestType> = (
  params: RequestOf<T>['params'],
) => Promise<RequestResult<T>>;

/**
 * One handler per request type. The mapped type makes a request type without a handler a
 * compile error.
 */
export type RequestHandlers = { readonly [T in RequestType]: RequestHandler<T> };

/** The handlers the daemon provides; the control server handles `subscribe` itself. */
export type DaemonRequestHandlers = Omit<RequestHandlers, 'subscribe'>;
