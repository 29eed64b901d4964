import type {
  EventName,
  RequestParams,
  RequestResult,
  RequestType,
} from '../../shared/protocol/index.js';
import type { ConnectionState } from '../view-model/tray-snapshot.js';

// This file is bundled into the sandboxed preload and into the renderer, so it imports types
// only: a sandboxed preload can load no module but `electron`.

/**
 * The bridge methods that send one daemon request each, by method name. The preload, the
 * main process and the browser-test bridge are all generated from this table and
 * {@link HOST_METHOD_NAMES}, so the end-to-end test drives the contract the app ships.
 */
export const DAEMON_METHODS = {
  getStatus: 'status',
  pause: 'pause',
  resume: 'resume',
  addFolder: 'folders.add',
  removeFolder: 'folders.remove',
  updateFolder: 'folders.update',
  getRecent: 'recent',
  listAttention: 'attention.list',
  retryAttention: 'attention.retry',
  dismissAttention: 'attention.dismiss',
  revert: 'revert',
} as const satisfies Record<string, RequestType>;

/** A bridge method that sends a daemon request. */
export type DaemonMethodName = keyof typeof DAEMON_METHODS;

/** The bridge methods for daemon requests, typed by the protocol. */
export type DaemonMethods = {
  readonly [M in DaemonMethodName]: (
    params: RequestParams<(typeof DAEMON_METHODS)[M]>,
  ) => Promise<RequestResult<(typeof DAEMON_METHODS)[M]>>;
};

/** The bridge methods that the tray's host (the Electron main process) carries out itself. */
export interface HostMethods {
  /** Shows a folder picker; resolves with the absolute path, or null when cancelled. */
  readonly chooseFolder: () => Promise<string | null>;
  /** Shows the file or folder in Finder or the file manager. */
  readonly revealPath: (path: string) => Promise<void>;
  /** Opens the vault of originals. */
  readonly openOriginals: () => Promise<void>;
  /** Resolves with the folder that new screenshots land in, or null when it does not exist. */
  readonly findScreenshotsFolder: () => Promise<string | null>;
  /** Starts the daemon: through the installed agent, or as a detached process. */
  readonly startDaemon: () => Promise<void>;
}

/** A bridge method that the host carries out. */
export type HostMethodName = keyof HostMethods;

/** Every host method name; a name missing here fails to compile through `satisfies`. */
export const HOST_METHOD_NAMES = [
  'chooseFolder',
  'revealPath',
  'openOriginals',
  'findScreenshotsFolder',
  'startDaemon',
] as const satisfies readonly HostMethodName[];

/** Every bridge method name. */
export type BridgeMethodName = DaemonMethodName | HostMethodName;

/** Every bridge method name, daemon methods first. */
export const BRIDGE_METHOD_NAMES: readonly BridgeMethodName[] = [
  ...(Object.keys(DAEMON_METHODS) as DaemonMethodName[]),
  ...HOST_METHOD_NAMES,
];

/** A change the host pushes to the popup, which then reloads what it shows. */
export type TrayUpdate =
  | { readonly kind: 'connection'; readonly state: ConnectionState }
  | { readonly kind: 'event'; readonly event: EventName };

/** The typed API that the popup builds on `window.metaclear`. */
export type TrayApi = DaemonMethods &
  HostMethods & {
    /** Calls `listener` with every update; returns a function that stops it. */
    readonly onUpdate: (listener: (update: TrayUpdate) => void) => () => void;
  };

/** The global name the preload and the browser-test bridge expose the API under. */
export const TRAY_API_GLOBAL = 'metaclear';

/** The IPC channel of bridge calls, from the popup to the main process. */
export const CALL_CHANNEL = 'metaclear:call';

/** The IPC channel of {@link TrayUpdate}s, from the main process to the popup. */
export const UPDATE_CHANNEL = 'metaclear:update';

/** The error of a failed bridge call, with the daemon's or the host's stable code. */
export interface BridgeError {
  readonly code: string;
  readonly message: string;
}

/**
 * The outcome of one bridge call as it crosses IPC. Errors travel as values because Electron
 * turns a thrown error into a message string and drops its code.
 */
export type BridgeResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: BridgeError };
