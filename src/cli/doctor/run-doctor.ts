import type { AgentContext } from '../agent/agent-context.js';
import { getAgentPaths } from '../agent/agent-paths.js';
import { readAgentRecord } from '../agent/agent-record.js';
import type { CommandContext } from '../command-context.js';
import { EXIT_CODES } from '../exit-codes.js';
import { checkAgent } from './check-agent.js';
import { checkConfig } from './check-config.js';
import { checkDiskSpace } from './check-disk-space.js';
import { checkFolders } from './check-folders.js';
import { checkNetworkSandbox } from './check-network-sandbox.js';
import { checkSharp } from './check-sharp.js';
import { checkSocket } from './check-socket.js';
import type { DoctorCheck } from './doctor-check.js';

/**
 * Runs `metaclear doctor`: checks the config, the folders, the daemon's socket, the login
 * agent, sharp, free disk space and the agent's network sandbox, and prints one
 * `pass`/`warn`/`fail` line each. Exits 1 when a check fails. Changes nothing.
 */
export async function runDoctor(command: CommandContext, agent: AgentContext): Promise<number> {
  const checks = await collectChecks(agent);
  for (const check of checks) {
    command.io.stdout.write(`${check.level.padEnd(4)}  ${check.subject}: ${check.message}\n`);
  }
  const failed = checks.filter((check) => check.level === 'fail').length;
  const warned = checks.filter((check) => check.level === 'warn').length;
  command.io.stdout.write(
    `\n${failed} failed, ${warned} warnings, ${checks.length - failed - warned} passed.\n`,
  );
  return failed > 0 ? EXIT_CODES.fileProblem : EXIT_CODES.success;
}

async function collectChecks(agent: AgentContext): Promise<DoctorCheck[]> {
  const { locations } = agent;
  const { check: configCheck, config } = await checkConfig(locations);
  const checks: DoctorCheck[] = [configCheck];
  const isAgentPlatform = agent.platform === 'darwin' || agent.platform === 'linux';
  const recordRead = isAgentPlatform
    ? await readAgentRecord(getAgentPaths(agent).agentRecord)
    : null;
  const record = recordRead?.kind === 'found' ? recordRead.record : null;

  if (config !== null) {
    checks.push(
      ...(await checkFolders(config, {
        platform: agent.platform,
        homeDir: agent.homeDir,
        agentNode: record?.node ?? null,
      })),
    );
  }
  checks.push(await checkSocket(locations.socketPath));
  if (isAgentPlatform) {
    checks.push(await checkAgent(agent));
  }
  checks.push(await checkSharp());
  const vault = config?.originals.vault ?? locations.defaultVault;
  checks.push(...(await checkDiskSpace([locations.stateDir, vault])));
  const sandbox = await checkNetworkSandbox(record, locations.socketPath, agent.runner);
  if (sandbox !== null) {
    checks.push(sandbox);
  }
  return checks;
}
