import type { AttentionItem, RecentJob, StatusResult } from '../../shared/protocol/index.js';

/** Whether the tray can reach the daemon's control socket. */
export type ConnectionState = 'connecting' | 'connected' | 'unreachable';

/** The daemon state the tray has received, at one moment. */
export interface TraySnapshot {
  readonly connection: ConnectionState;
  /** The last `status` result, or null before the first one and while unreachable. */
  readonly status: StatusResult | null;
  /** Finished jobs, newest first, as `recent` returns them. */
  readonly recent: readonly RecentJob[];
  /** Open "needs attention" entries, as `attention.list` returns them. */
  readonly attention: readonly AttentionItem[];
}

/** The snapshot before the tray has heard from the daemon. */
export const INITIAL_SNAPSHOT: TraySnapshot = {
  connection: 'connecting',
  status: null,
  recent: [],
  attention: [],
};

/** Time formatting input: the current time, and the locale and time zone to format in. */
export interface ViewOptions {
  readonly now: Date;
  /** A BCP 47 locale; undefined uses the runtime's default. */
  readonly locale?: string;
  /** An IANA time zone; undefined uses the runtime's default. */
  readonly timeZone?: string;
}
