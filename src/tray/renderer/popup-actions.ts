import type { PauseChoice } from '../view-model/index.js';

/** The controller's handlers for the popup's buttons. */
export interface PopupActions {
  readonly pause: (choice: PauseChoice) => void;
  readonly resume: () => void;
  readonly pauseFolder: (path: string) => void;
  readonly resumeFolder: (path: string) => void;
  readonly revealPath: (path: string) => void;
  /** The first click shows a confirm button, the second removes the folder. */
  readonly removeFolder: (path: string) => void;
  readonly addFolder: () => void;
  readonly cleanScreenshots: () => void;
  readonly restoreOriginal: (jobId: string) => void;
  readonly retryAttention: (id: string) => void;
  readonly dismissAttention: (id: string) => void;
  readonly openOriginals: () => void;
  readonly startDaemon: () => void;
}

/** Popup state that lives only in the page, not in the daemon. */
export interface PopupLocalState {
  /** A result or error line from the last action, or null. */
  readonly message: { readonly text: string; readonly isError: boolean } | null;
  /** The folder whose Remove button waits for a second click, or null. */
  readonly confirmRemovePath: string | null;
}
