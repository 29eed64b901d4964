import * as z from 'zod';
import { protocolErrorSchema } from './common-schemas.js';
import { eventFrameSchema } from './event-schemas.js';
import { REQUEST_PARAMS, type RequestType } from './request-schemas.js';

/** The control protocol's version, sent in both hellos. */
export const PROTOCOL_VERSION = 1;

/** The client's first frame: `{"type":"hello","protocol":1}`. */
export const clientHelloSchema = z.object({
  type: z.literal('hello'),
  protocol: z.int(),
});

/** The client's first frame. */
export type ClientHello = z.infer<typeof clientHelloSchema>;

/** The daemon's reply to a hello it accepts. */
export const daemonHelloSchema = z.object({
  type: z.literal('hello'),
  protocol: z.int(),
  /** The daemon's package version. */
  daemon: z.string(),
});

/** The daemon's reply to a hello it rejects, after which it closes the connection. */
export const rejectedHelloSchema = z.object({
  type: z.literal('hello'),
  ok: z.literal(false),
  /** The version the daemon speaks. */
  protocol: z.int().optional(),
  error: protocolErrorSchema,
});

/** A request id: chosen by the client, echoed in the reply. */
export const requestIdSchema = z.int().nonnegative();

function requestFrame<T extends RequestType>(type: T) {
  return z.object({
    type: z.literal(type),
    id: requestIdSchema,
    params: REQUEST_PARAMS[type],
  });
}

/** Every request frame: `{"type":"<request>","id":<integer>,"params":{...}}`. */
export const requestSchema = z.discriminatedUnion('type', [
  requestFrame('status'),
  requestFrame('pause'),
  requestFrame('resume'),
  requestFrame('folders.list'),
  requestFrame('folders.add'),
  requestFrame('folders.remove'),
  requestFrame('folders.update'),
  requestFrame('recent'),
  requestFrame('attention.list'),
  requestFrame('attention.retry'),
  requestFrame('attention.dismiss'),
  requestFrame('revert'),
  requestFrame('clean'),
  requestFrame('subscribe'),
  requestFrame('shutdown'),
]);

/** A request frame, discriminated on `type`. */
export type Request = z.infer<typeof requestSchema>;

/** The request frame of type `T`. */
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/**
 * A reply. Its `result` is checked against the request's result schema by the client, because
 * only the client stores the request type behind an id. The id is null when the request's id
 * could not be read.
 */
export const replySchema = z.discriminatedUnion('ok', [
  z.object({
    type: z.literal('reply'),
    id: requestIdSchema,
    ok: z.literal(true),
    result: z.unknown(),
  }),
  z.object({
    type: z.literal('reply'),
    id: requestIdSchema.nullable(),
    ok: z.literal(false),
    error: protocolErrorSchema,
  }),
]);

/** A reply frame. */
export type Reply = z.infer<typeof replySchema>;

/** Any frame the daemon sends. */
export const daemonFrameSchema = z.union([
  daemonHelloSchema,
  rejectedHelloSchema,
  replySchema,
  eventFrameSchema,
]);

/** Any frame the daemon sends. */
export type DaemonFrame = z.infer<typeof daemonFrameSchema>;
