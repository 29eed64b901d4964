import { probeSocket } from '../../shared/protocol/probe-socket.js';
import { createCheck, type DoctorCheck } from './doctor-check.js';

/**
 * Checks whether a daemon accepts connections on `socketPath`, by connecting and closing at
 * once. No daemon is a warning, because the local commands work without one.
 */
export async function checkSocket(socketPath: string): Promise<DoctorCheck> {
  const probe = await probeSocket(socketPath);
  switch (probe.kind) {
    case 'accepting':
      return createCheck('daemon', 'pass', `reachable on ${socketPath}`);
    case 'absent':
      return createCheck(
        'daemon',
        'warn',
        `not running (${probe.code} on ${socketPath}); start it with \`metaclear daemon\` or ` +
          '`metaclear agent install`.',
      );
    case 'timeout':
      return createCheck(
        'daemon',
        'fail',
        `${socketPath} accepted no connection within 1 s; the daemon may be stuck. Restart it.`,
      );
    case 'error':
      return createCheck('daemon', 'fail', `cannot connect to ${socketPath}: ${probe.message}`);
  }
}
