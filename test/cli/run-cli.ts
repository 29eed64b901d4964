import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { reportMissingDependency } from '../helpers/ci.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN_PATH = path.join(REPO_ROOT, 'bin', 'metaclear.js');

/** What one run of the command printed and returned. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Options for {@link runMain} and {@link runBin}. */
export interface RunCliOptions {
  /** `METACLEAR_HOME`, so that no run reads or writes the real home. */
  readonly home: string;
  /** Bytes on standard input; empty when left out. */
  readonly stdin?: Uint8Array;
  /** Makes standard input look like a terminal (in-process runs only). */
  readonly stdinIsTty?: boolean;
  /** Variables added to the environment, such as `METACLEAR_FAULT` (child processes only). */
  readonly env?: NodeJS.ProcessEnv;
  /** The working folder (child processes only); the test process's own when left out. */
  readonly cwd?: string;
}

/** Collects everything written to a stream into one buffer. */
function collect(stream: PassThrough): () => Buffer {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks);
}

/** Runs `main()` in this process with in-memory streams. */
export async function runMain(argv: readonly string[], options: RunCliOptions): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const readStdout = collect(stdout);
  const readStderr = collect(stderr);
  const stdin = Object.assign(Readable.from([Buffer.from(options.stdin ?? [])]), {
    isTTY: options.stdinIsTty === true,
  });
  const exitCode = await main(argv, {
    io: { stdout, stderr, stdin },
    env: { ...process.env, METACLEAR_HOME: options.home },
  });
  stdout.end();
  stderr.end();
  return { exitCode, stdout: readStdout(), stderr: readStderr().toString('utf8') };
}

/**
 * Returns true when the compiled CLI exists. Without it, spawn tests are skipped with a loud
 * warning (an error under `METACLEAR_CI=1`); vitest's global setup normally builds it.
 */
export function hasBuiltCli(): boolean {
  if (existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'))) {
    return true;
  }
  return !reportMissingDependency('dist/cli/main.js', 'Run `npm run build` first.');
}

/** Runs `node bin/metaclear.js` as a child process. */
export async function runBin(argv: readonly string[], options: RunCliOptions): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN_PATH, ...argv], {
    env: { ...process.env, ...options.env, METACLEAR_HOME: options.home },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  const stdoutChunks: Buffer[] = [];
  const stderrChunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdoutChunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderrChunks.push(chunk));
  child.stdin.end(Buffer.from(options.stdin ?? []));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve(code ?? (signal === null ? -1 : 128));
    });
  });
  return {
    exitCode,
    stdout: Buffer.concat(stdoutChunks),
    stderr: Buffer.concat(stderrChunks).toString('utf8'),
  };
}
