import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { createAgentContext, type AgentContext } from '../../../src/cli/agent/agent-context.js';
import type { CommandContext } from '../../../src/cli/command-context.js';
import type { CommandResult, CommandRunner } from '../../../src/shared/command-runner.js';
import { createTempDir } from '../../helpers/temp-dir.js';

/** One command the recording runner received. */
export type RecordedCommand = readonly string[];

/** A command runner that records each call and runs nothing. */
export interface RecordingRunner {
  readonly runner: CommandRunner;
  readonly calls: RecordedCommand[];
}

/**
 * Creates a runner that records every call and returns `respond(call)`, by default exit
 * status 0 with no output. No real launchctl, systemctl or defaults ever runs.
 */
export function createRecordingRunner(
  respond: (call: RecordedCommand) => Partial<CommandResult> = () => ({}),
): RecordingRunner {
  const calls: RecordedCommand[] = [];
  const runner: CommandRunner = (command, args) => {
    const call = [command, ...args];
    calls.push(call);
    return Promise.resolve({ exitCode: 0, stdout: '', stderr: '', ...respond(call) });
  };
  return { runner, calls };
}

/** Temp folders standing in for HOME, XDG_CONFIG_HOME and METACLEAR_HOME. */
export interface AgentTestHome {
  readonly home: string;
  readonly xdgConfig: string;
  readonly metaclearHome: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Creates fresh HOME, XDG_CONFIG_HOME and METACLEAR_HOME folders under one temp folder. */
export async function createAgentTestHome(): Promise<AgentTestHome> {
  const root = await createTempDir();
  const home = path.join(root, 'home');
  const xdgConfig = path.join(root, 'xdg-config');
  const metaclearHome = path.join(root, 'metaclear');
  await mkdir(home);
  return {
    home,
    xdgConfig,
    metaclearHome,
    env: { HOME: home, XDG_CONFIG_HOME: xdgConfig, METACLEAR_HOME: metaclearHome },
  };
}

/** Creates the agent context of a test: the platform given, uid 501, this node, a runner. */
export function createTestAgentContext(
  testHome: AgentTestHome,
  platform: NodeJS.Platform,
  runner: CommandRunner,
): AgentContext {
  return createAgentContext(testHome.env, { platform, uid: 501, runner });
}

/** A command context with in-memory streams, and a function that returns what was printed. */
export function createTestCommandContext(env: NodeJS.ProcessEnv): {
  readonly context: CommandContext;
  readonly stdout: () => string;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  stderr.resume();
  return {
    context: {
      io: { stdout, stderr, stdin: Readable.from([]) },
      env,
      cwd: process.cwd(),
    },
    stdout: () => Buffer.concat(chunks).toString('utf8'),
  };
}
