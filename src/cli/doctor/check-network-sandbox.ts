import { readFile } from 'node:fs/promises';
import type { CommandRunner } from '../../shared/command-runner.js';
import type { AgentRecord } from '../agent/agent-record.js';
import { createCheck, type DoctorCheck } from './doctor-check.js';

/**
 * Script run by the agent's node inside the sandbox: it binds a UDP socket to 127.0.0.1 with
 * port 0, which sends no packet, and prints the error code, or BOUND when the bind succeeds.
 */
const BIND_PROBE_SCRIPT = [
  "const socket = require('node:dgram').createSocket('udp4');",
  "socket.on('error', (error) => { console.log(error.code); process.exit(0); });",
  "socket.bind(0, '127.0.0.1', () => { console.log('BOUND'); socket.close(); });",
].join('\n');

/**
 * Checks that the agent's sandbox blocks internet sockets. macOS: runs the recorded node
 * under `sandbox-exec` with the recorded profile and expects the bind probe to fail with
 * EPERM. Linux: reads the installed unit and expects `RestrictAddressFamilies=AF_UNIX`,
 * under which `socket(AF_INET)` fails with EAFNOSUPPORT. No internet socket is opened outside
 * a sandbox. Returns null when no agent is installed, because then no sandbox applies.
 */
export async function checkNetworkSandbox(
  record: AgentRecord | null,
  socketPath: string,
  runner: CommandRunner,
): Promise<DoctorCheck | null> {
  if (record === null) {
    return null;
  }
  if (record.platform === 'linux') {
    return checkSystemdUnit(record.serviceFile);
  }
  if (record.sandboxProfile === null) {
    return createCheck(
      'sandbox',
      'fail',
      'agent.json names no sandbox profile; run `metaclear agent install` again.',
    );
  }
  const result = await runner('sandbox-exec', [
    '-f',
    record.sandboxProfile,
    '-D',
    `SOCKET_PATH=${socketPath}`,
    record.node,
    '-e',
    BIND_PROBE_SCRIPT,
  ]);
  const outcome = result.stdout.trim();
  if (result.exitCode !== 0) {
    return createCheck(
      'sandbox',
      'warn',
      `sandbox-exec failed (exit status ${result.exitCode}): ${result.stderr.trim()}`,
    );
  }
  if (outcome === 'EPERM' || outcome === 'EACCES') {
    return createCheck(
      'sandbox',
      'pass',
      `an internet socket fails inside the sandbox (${outcome})`,
    );
  }
  return createCheck(
    'sandbox',
    'fail',
    `an internet socket was not blocked inside the sandbox (${outcome || 'no output'}); ` +
      `check ${record.sandboxProfile}.`,
  );
}

async function checkSystemdUnit(unitFile: string): Promise<DoctorCheck> {
  let text: string;
  try {
    text = await readFile(unitFile, 'utf8');
  } catch {
    return createCheck(
      'sandbox',
      'fail',
      `${unitFile} cannot be read; run \`metaclear agent install\` again.`,
    );
  }
  if (!/^RestrictAddressFamilies=AF_UNIX\s*$/m.test(text)) {
    return createCheck(
      'sandbox',
      'fail',
      `${unitFile} lacks RestrictAddressFamilies=AF_UNIX; run \`metaclear agent install\` again.`,
    );
  }
  return createCheck(
    'sandbox',
    'pass',
    `${unitFile} sets RestrictAddressFamilies=AF_UNIX, so inside the unit socket(AF_INET) ` +
      'fails with EAFNOSUPPORT (not tried from here: doctor opens no internet socket outside ' +
      'a sandbox).',
  );
}
