import type { Kind } from '../../shared/kinds.js';
import type { EventFrame } from '../../shared/protocol/index.js';
import {
  describeNotifications,
  type NotificationText,
} from '../view-model/describe-notification.js';

/** Options for {@link NotificationBatcher}. */
export interface NotificationBatcherOptions {
  /** Shows one notification. */
  readonly show: (notification: NotificationText) => void;
  /** Whether notifications are on now; checked when a batch is sent. */
  readonly isEnabled: () => boolean;
  /** How long events are collected before one batch is sent, in milliseconds. @default 4000 */
  readonly windowMs?: number;
}

/**
 * Collects `job.done` and `job.attention` events for `windowMs` after the first one, then
 * shows at most two notifications for all of them, so bursts do not flood the desktop.
 */
export class NotificationBatcher {
  readonly #options: NotificationBatcherOptions;
  readonly #windowMs: number;
  #cleaned: string[] = [];
  #removed = new Set<Kind>();
  #attention: string[] = [];
  #timer: NodeJS.Timeout | null = null;

  constructor(options: NotificationBatcherOptions) {
    this.#options = options;
    this.#windowMs = options.windowMs ?? 4_000;
  }

  /** Adds one daemon event; events other than finished jobs are ignored. */
  add(event: EventFrame): void {
    if (event.event === 'job.done' && event.data.status === 'cleaned') {
      this.#cleaned.push(event.data.input);
      for (const kind of event.data.removed) {
        this.#removed.add(kind);
      }
    } else if (event.event === 'job.attention') {
      this.#attention.push(event.data.input);
    } else {
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.flush();
    }, this.#windowMs);
  }

  /** Sends what was collected now, unless notifications are off, and starts a new batch. */
  flush(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const batch = {
      cleaned: this.#cleaned,
      removed: [...this.#removed],
      attention: this.#attention,
    };
    this.#cleaned = [];
    this.#removed = new Set();
    this.#attention = [];
    if (!this.#options.isEnabled()) {
      return;
    }
    for (const notification of describeNotifications(batch)) {
      this.#options.show(notification);
    }
  }

  /** Drops what was collected and stops the timer. */
  close(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }
}
