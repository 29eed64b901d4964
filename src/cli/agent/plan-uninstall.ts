import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/config-schema.js';
import type { AgentContext } from './agent-context.js';
import type { AgentPlan, AgentStep } from './agent-plan.js';
import { getAgentPaths } from './agent-paths.js';
import { planAgentUninstall } from './plan-agent-uninstall.js';

/** The plan of `metaclear uninstall`, and what it leaves alone. */
export interface UninstallPlan {
  /** Removes the agent (when installed), then the config, state and logs. */
  readonly agentSteps: AgentPlan;
  readonly dataSteps: AgentPlan;
  /** Folders not removed because they contain user files, with the reason for each. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
  /** The vault with the originals, which is always kept. */
  readonly vault: string;
}

/**
 * Plans `metaclear uninstall`: the agent's removal when one is installed, then the config
 * file's folder, the state dir (history, pause state, agent.json) and the log folder. A folder
 * that contains the vault, a watched folder or an output folder is skipped, so no original or
 * user file goes with it.
 */
export async function planUninstall(
  context: AgentContext,
  config: Config | null,
): Promise<UninstallPlan> {
  const { locations } = context;
  const paths = getAgentPaths(context);
  const isAgentInstalled = (await exists(paths.serviceFile)) || (await exists(paths.agentRecord));
  const vault = config?.originals.vault ?? locations.defaultVault;
  const userFolders = [
    vault,
    ...(config?.folders.flatMap((folder) =>
      folder.mode === 'output' ? [folder.path, folder.output] : [folder.path],
    ) ?? [locations.defaultInbox, locations.defaultOutput]),
  ];

  const dataSteps: AgentStep[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const configDir = path.dirname(locations.configFile);
  for (const dir of new Set([configDir, locations.stateDir, locations.logDir])) {
    const contained = userFolders.find((folder) => isInside(folder, dir));
    if (contained !== undefined) {
      skipped.push({ path: dir, reason: `it contains ${contained}` });
    } else if (await exists(dir)) {
      dataSteps.push({ kind: 'remove', path: dir, recursive: true });
    }
  }
  return {
    agentSteps: isAgentInstalled ? planAgentUninstall(context) : [],
    dataSteps,
    skipped,
    vault,
  };
}

/** True when `child` is `parent` or inside it. */
function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await access(filePath);
    return true;
  } catch {
    return false;
  }
}
