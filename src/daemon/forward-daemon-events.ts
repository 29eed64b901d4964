import type { ControlServer } from './control-server.js';
import type { Daemon } from './daemon.js';

/** Sends every daemon event to the control socket's subscribers, unchanged. */
export function forwardDaemonEvents(daemon: Daemon, control: ControlServer): void {
  daemon.on('job.queued', (data) => {
    control.broadcast({ type: 'event', event: 'job.queued', data });
  });
  daemon.on('job.done', (data) => {
    control.broadcast({ type: 'event', event: 'job.done', data });
  });
  daemon.on('job.failed', (data) => {
    control.broadcast({ type: 'event', event: 'job.failed', data });
  });
  daemon.on('job.attention', (data) => {
    control.broadcast({ type: 'event', event: 'job.attention', data });
  });
  daemon.on('job.reverted', (data) => {
    control.broadcast({ type: 'event', event: 'job.reverted', data });
  });
  daemon.on('state.changed', (data) => {
    control.broadcast({ type: 'event', event: 'state.changed', data });
  });
  daemon.on('folder.changed', (data) => {
    control.broadcast({ type: 'event', event: 'folder.changed', data });
  });
  daemon.on('config.changed', (data) => {
    control.broadcast({ type: 'event', event: 'config.changed', data });
  });
}
