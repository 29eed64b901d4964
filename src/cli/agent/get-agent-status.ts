import { access, constants } from 'node:fs/promises';
import type { AgentContext } from './agent-context.js';
import { LAUNCH_AGENT_LABEL, SYSTEMD_UNIT_NAME, getAgentPaths } from './agent-paths.js';
import { readAgentRecord, type AgentRecordRead } from './agent-record.js';

/** The service manager's report on the agent. */
export interface ServiceState {
  /** True when loaded (launchd) or enabled (systemd). */
  readonly isLoaded: boolean;
  readonly isRunning: boolean;
  readonly pid: number | null;
  /** The manager's own words: launchd's `state`, or systemd's `ActiveState/SubState`. */
  readonly detail: string;
}

/** The login agent's state, from its files and the service manager. */
export interface AgentStatus {
  readonly serviceFile: string;
  readonly hasServiceFile: boolean;
  readonly record: AgentRecordRead;
  /** Recorded paths (node, entry script, sandbox profile) that no longer exist. */
  readonly missingPaths: readonly string[];
  /** Null when the service manager did not respond; `unreachableReason` gives the reason. */
  readonly service: ServiceState | null;
  readonly unreachableReason: string | null;
}

/**
 * Reads the agent's state: its service file and `agent.json`, whether the recorded node
 * binary and scripts still exist (a node upgrade can remove the recorded binary), and what
 * `launchctl print` or `systemctl --user show` reports. Changes nothing.
 */
export async function getAgentStatus(context: AgentContext): Promise<AgentStatus> {
  const paths = getAgentPaths(context);
  const record = await readAgentRecord(paths.agentRecord);
  const missingPaths: string[] = [];
  if (record.kind === 'found') {
    const { node, entryScript, sandboxProfile } = record.record;
    for (const filePath of [node, entryScript, sandboxProfile]) {
      if (filePath !== null && !(await isReadable(filePath))) {
        missingPaths.push(filePath);
      }
    }
  }
  const result =
    context.platform === 'darwin'
      ? await readLaunchdState(context)
      : await readSystemdState(context);
  return {
    serviceFile: paths.serviceFile,
    hasServiceFile: await isReadable(paths.serviceFile),
    record,
    missingPaths,
    service: typeof result === 'string' ? null : result,
    unreachableReason: typeof result === 'string' ? result : null,
  };
}

async function readLaunchdState(context: AgentContext): Promise<ServiceState | string> {
  const result = await context.runner('launchctl', [
    'print',
    `gui/${context.uid}/${LAUNCH_AGENT_LABEL}`,
  ]);
  if (result.exitCode === 127) {
    return `launchctl did not run: ${result.stderr.trim()}`;
  }
  if (result.exitCode !== 0) {
    return { isLoaded: false, isRunning: false, pid: null, detail: 'not loaded' };
  }
  const state = /^\s*state = (.+)$/m.exec(result.stdout)?.[1]?.trim() ?? 'unknown';
  const pid = /^\s*pid = (\d+)$/m.exec(result.stdout)?.[1];
  return {
    isLoaded: true,
    isRunning: state === 'running',
    pid: pid === undefined ? null : Number(pid),
    detail: state,
  };
}

async function readSystemdState(context: AgentContext): Promise<ServiceState | string> {
  const result = await context.runner('systemctl', [
    '--user',
    'show',
    SYSTEMD_UNIT_NAME,
    '--property=ActiveState,SubState,MainPID,UnitFileState',
  ]);
  if (result.exitCode !== 0) {
    return `systemctl --user failed: ${result.stderr.trim() || `exit status ${result.exitCode}`}`;
  }
  const properties = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const separator = line.indexOf('=');
    if (separator > 0) {
      properties.set(line.slice(0, separator), line.slice(separator + 1).trim());
    }
  }
  const active = properties.get('ActiveState') ?? 'unknown';
  const pid = Number(properties.get('MainPID') ?? '0');
  return {
    isLoaded: properties.get('UnitFileState') === 'enabled',
    isRunning: active === 'active',
    pid: pid > 0 ? pid : null,
    detail: `${active}/${properties.get('SubState') ?? 'unknown'}`,
  };
}

async function isReadable(filePath: string): Promise<boolean> {
  try {
    await access(filePath, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
