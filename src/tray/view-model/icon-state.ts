import type { TraySnapshot } from './tray-snapshot.js';

/** The tray icon's variants, one per daemon state the menu bar shows. */
export const ICON_STATES = ['idle', 'working', 'paused', 'attention', 'stopped'] as const;

/** One tray icon variant. */
export type IconState = (typeof ICON_STATES)[number];

/**
 * Picks the tray icon. A stopped daemon wins, then files that need attention (the user has to
 * act), then a global pause, then work in progress.
 */
export function selectIconState(snapshot: TraySnapshot): IconState {
  const { status } = snapshot;
  if (snapshot.connection !== 'connected' || status === null || status.state === 'stopped') {
    return 'stopped';
  }
  if (status.state === 'attention' || status.counts.attention > 0) {
    return 'attention';
  }
  if (status.paused || status.state === 'paused') {
    return 'paused';
  }
  if (status.state === 'working' || status.counts.queued > 0) {
    return 'working';
  }
  return 'idle';
}
