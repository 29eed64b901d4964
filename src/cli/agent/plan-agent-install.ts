import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { DAEMON_MALLOC_ENVIRONMENT } from '../../shared/daemon-node-options.js';
import type { AgentContext } from './agent-context.js';
import { createRunStep, type AgentPlan, type AgentStep } from './agent-plan.js';
import {
  LAUNCH_AGENT_LABEL,
  SYSTEMD_UNIT_NAME,
  getAgentPaths,
  type AgentPaths,
} from './agent-paths.js';
import { formatAgentRecord, type AgentRecord } from './agent-record.js';
import { renderLaunchAgent } from './render-launch-agent.js';
import { renderSystemdUnit } from './render-systemd-unit.js';

/**
 * Plans `metaclear agent install`: write the service file and `<state>/agent.json`, then load
 * the agent with launchctl or systemctl. Reads the template and the current service file and
 * changes nothing.
 *
 * @throws AppError `E_AGENT_FAILED` on a platform without a login agent.
 */
export async function planAgentInstall(context: AgentContext, now: Date): Promise<AgentPlan> {
  const paths = getAgentPaths(context);
  const serviceFileText = await renderServiceFile(context, paths);
  const record = createAgentRecord(context, paths, now);
  const files: AgentStep[] = [
    {
      kind: 'write',
      path: paths.serviceFile,
      content: serviceFileText,
      mode: 0o644,
      dirMode: 0o755,
    },
    {
      kind: 'write',
      path: paths.agentRecord,
      content: formatAgentRecord(record),
      mode: 0o600,
      dirMode: 0o700,
    },
  ];

  if (context.platform === 'darwin') {
    return [
      // launchd opens StandardOutPath itself and does not create its folder.
      { kind: 'mkdir', path: context.locations.logDir, mode: 0o700 },
      ...files,
      ...planLaunchctlLoad(context, paths.serviceFile),
    ];
  }
  const previous = await readTextOrNull(paths.serviceFile);
  const steps: AgentStep[] = [
    ...files,
    createRunStep('systemctl', ['--user', 'daemon-reload']),
    createRunStep('systemctl', ['--user', 'enable', '--now', SYSTEMD_UNIT_NAME]),
  ];
  // `enable --now` leaves a running daemon alone, so a changed unit needs a restart.
  if (previous !== null && previous !== serviceFileText) {
    steps.push(createRunStep('systemctl', ['--user', 'restart', SYSTEMD_UNIT_NAME]));
  }
  return steps;
}

/** Renders the LaunchAgent plist or the systemd unit from the package's template. */
async function renderServiceFile(context: AgentContext, paths: AgentPaths): Promise<string> {
  const template = await readFile(paths.template, 'utf8');
  const metaclearHome = getMetaclearHome(context.env);
  const environment: Record<string, string> =
    metaclearHome === null ? {} : { METACLEAR_HOME: metaclearHome };
  if (context.platform !== 'darwin') {
    return renderSystemdUnit(template, {
      node: context.node,
      entryScript: paths.entryScript,
      environment: { ...DAEMON_MALLOC_ENVIRONMENT, ...environment },
    });
  }
  return renderLaunchAgent(template, {
    label: LAUNCH_AGENT_LABEL,
    sandboxProfile: paths.sandboxProfile ?? '',
    socketPath: await resolveRealPath(context.locations.socketPath),
    node: context.node,
    entryScript: paths.entryScript,
    logDir: context.locations.logDir,
    environment,
  });
}

function createAgentRecord(context: AgentContext, paths: AgentPaths, now: Date): AgentRecord {
  const isMac = context.platform === 'darwin';
  return {
    version: 1,
    platform: isMac ? 'darwin' : 'linux',
    service: isMac ? LAUNCH_AGENT_LABEL : SYSTEMD_UNIT_NAME,
    node: context.node,
    entryScript: paths.entryScript,
    serviceFile: paths.serviceFile,
    sandboxProfile: paths.sandboxProfile,
    metaclearHome: getMetaclearHome(context.env),
    installedAt: now.toISOString(),
  };
}

function planLaunchctlLoad(context: AgentContext, plistPath: string): AgentStep[] {
  const domain = `gui/${context.uid}`;
  return [
    {
      kind: 'run',
      command: 'launchctl',
      args: ['bootout', `${domain}/${LAUNCH_AGENT_LABEL}`],
      failureIsExpected: 'the agent was not loaded',
    },
    // NOTE: right after bootout, bootstrap can fail with error 5 while the old daemon is still
    // finishing its jobs; running `agent install` again then succeeds.
    createRunStep('launchctl', ['bootstrap', domain, plistPath]),
  ];
}

/** Returns the absolute `METACLEAR_HOME` that the agent must run with, or null. */
function getMetaclearHome(env: NodeJS.ProcessEnv): string | null {
  const value = env.METACLEAR_HOME;
  return value === undefined || value === '' ? null : path.resolve(value);
}

/**
 * Resolves links in the nearest existing folder of `filePath`, because the macOS sandbox
 * matches the real path (`/private/var/...` for `/var/...`).
 */
async function resolveRealPath(filePath: string): Promise<string> {
  const missing: string[] = [];
  let current = path.resolve(filePath);
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) {
        return path.resolve(filePath);
      }
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

async function readTextOrNull(filePath: string): Promise<string | null> {
  try {
    return await readFile(filePath, 'utf8');
  } catch {
    return null;
  }
}
