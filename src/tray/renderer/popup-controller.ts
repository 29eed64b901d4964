import { TrayCallError } from '../bridge/create-tray-api.js';
import type { TrayApi, TrayUpdate } from '../bridge/tray-api.js';
import {
  buildPopupView,
  getFileName,
  getPauseUntil,
  INITIAL_SNAPSHOT,
  type PauseChoice,
  type TraySnapshot,
} from '../view-model/index.js';
import type { PopupActions, PopupLocalState } from './popup-actions.js';
import { renderPopup } from './render-popup.js';

/** How many finished jobs the popup lists. */
const RECENT_LIMIT = 20;

/** How often the popup re-renders so that "5 min ago" labels stay true, in milliseconds. */
const RELABEL_INTERVAL_MS = 30_000;

/**
 * Keeps the popup in step with the daemon: loads a snapshot through the bridge on start and
 * on every update the host pushes, re-renders, and runs the buttons' actions.
 */
export class PopupController {
  readonly #api: TrayApi;
  readonly #root: HTMLElement;
  #snapshot: TraySnapshot = INITIAL_SNAPSHOT;
  #local: PopupLocalState = { message: null, confirmRemovePath: null };
  #loading: Promise<void> | null = null;
  #reloadQueued = false;

  constructor(api: TrayApi, root: HTMLElement) {
    this.#api = api;
    this.#root = root;
  }

  /** Subscribes to updates, renders, and starts the first load. */
  start(): void {
    this.#api.onUpdate((update) => {
      this.#handleUpdate(update);
    });
    setInterval(() => {
      this.#render();
    }, RELABEL_INTERVAL_MS);
    this.#render();
    void this.reload();
  }

  /** Loads a fresh snapshot; calls during a load are folded into one more load after it. */
  reload(): Promise<void> {
    if (this.#loading !== null) {
      this.#reloadQueued = true;
      return this.#loading;
    }
    this.#loading = this.#load().finally(() => {
      this.#loading = null;
      if (this.#reloadQueued) {
        this.#reloadQueued = false;
        void this.reload();
      }
    });
    return this.#loading;
  }

  async #load(): Promise<void> {
    try {
      const status = await this.#api.getStatus({});
      const [recent, attention] = await Promise.all([
        this.#api.getRecent({ limit: RECENT_LIMIT }),
        this.#api.listAttention({}),
      ]);
      this.#snapshot = {
        connection: 'connected',
        status,
        recent: recent.jobs,
        attention: attention.entries,
      };
    } catch (error) {
      if (error instanceof TrayCallError && error.code === 'E_DAEMON_UNREACHABLE') {
        this.#snapshot = { ...INITIAL_SNAPSHOT, connection: 'unreachable' };
      } else {
        this.#showError(error);
      }
    }
    this.#render();
  }

  #handleUpdate(update: TrayUpdate): void {
    if (update.kind === 'connection' && update.state !== 'connected') {
      this.#snapshot = { ...INITIAL_SNAPSHOT, connection: update.state };
      this.#render();
      return;
    }
    void this.reload();
  }

  /** Runs one action, shows its outcome, then reloads. */
  async #run(action: () => Promise<string | null>): Promise<void> {
    try {
      const text = await action();
      this.#local = { ...this.#local, message: text === null ? null : { text, isError: false } };
    } catch (error) {
      this.#showError(error);
    }
    await this.reload();
  }

  #showError(error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    this.#local = { ...this.#local, message: { text, isError: true } };
  }

  #render(): void {
    const focusKey = document.activeElement?.getAttribute('data-focus-key') ?? null;
    const view = buildPopupView(this.#snapshot, { now: new Date() });
    this.#root.replaceChildren(renderPopup(view, this.#local, this.#actions));
    if (focusKey !== null) {
      const target = [...this.#root.querySelectorAll<HTMLElement>('[data-focus-key]')].find(
        (node) => node.dataset.focusKey === focusKey,
      );
      target?.focus();
    }
  }

  readonly #actions: PopupActions = {
    pause: (choice: PauseChoice) => {
      void this.#run(async () => {
        await this.#api.pause({ until: getPauseUntil(choice, new Date()) });
        return null;
      });
    },
    resume: () => {
      void this.#run(async () => {
        await this.#api.resume({});
        return null;
      });
    },
    pauseFolder: (path) => {
      void this.#run(async () => {
        await this.#api.pause({ folder: path });
        return `Paused ${getFileName(path)}.`;
      });
    },
    resumeFolder: (path) => {
      void this.#run(async () => {
        await this.#api.resume({ folder: path });
        return `Resumed ${getFileName(path)}.`;
      });
    },
    revealPath: (path) => {
      void this.#run(async () => {
        await this.#api.revealPath(path);
        return null;
      });
    },
    removeFolder: (path) => {
      if (this.#local.confirmRemovePath !== path) {
        this.#local = { ...this.#local, confirmRemovePath: path };
        this.#render();
        return;
      }
      this.#local = { ...this.#local, confirmRemovePath: null };
      void this.#run(async () => {
        await this.#api.removeFolder({ path });
        return `Stopped watching ${getFileName(path)}. Its files were not changed.`;
      });
    },
    addFolder: () => {
      void this.#run(async () => {
        const path = await this.#api.chooseFolder();
        if (path === null) {
          return null;
        }
        await this.#api.addFolder({ folder: { path } });
        return `Watching ${getFileName(path)}. New photos there are cleaned in place.`;
      });
    },
    cleanScreenshots: () => {
      void this.#run(async () => {
        const path = await this.#api.findScreenshotsFolder();
        if (path === null) {
          return 'No screenshots folder was found. Use Add folder… to pick it.';
        }
        await this.#api.addFolder({ folder: { path, mode: 'in-place', existing: 'skip' } });
        return `New screenshots in ${getFileName(path)} are now cleaned in place.`;
      });
    },
    restoreOriginal: (jobId) => {
      void this.#run(async () => {
        const result = await this.#api.revert({ jobId });
        return `Restored ${getFileName(result.restored)}.`;
      });
    },
    retryAttention: (id) => {
      void this.#run(async () => {
        const result = await this.#api.retryAttention({ id });
        return result.report === null
          ? `Retrying ${getFileName(result.path)}…`
          : `${getFileName(result.path)}: ${result.report.status}.`;
      });
    },
    dismissAttention: (id) => {
      void this.#run(async () => {
        await this.#api.dismissAttention({ id });
        return null;
      });
    },
    openOriginals: () => {
      void this.#run(async () => {
        await this.#api.openOriginals();
        return null;
      });
    },
    startDaemon: () => {
      void this.#run(async () => {
        await this.#api.startDaemon();
        return 'Starting MetaClear…';
      });
    },
  };
}
