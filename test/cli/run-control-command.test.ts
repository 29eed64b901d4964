import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveLocations } from '../../src/shared/paths.js';
import { encodeFrame, FrameDecoder } from '../../src/shared/protocol/index.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { runMain } from './run-cli.js';

/** Returns a reply frame's `result`, or an error reply's `{ error }`. */
type ReplyScript = (
  type: string,
  params: Record<string, unknown>,
) => { readonly result: unknown } | { readonly error: { code: string; message: string } };

interface ScriptedServer {
  /** Every request the server received, in order. */
  readonly requests: { type: string; params: Record<string, unknown> }[];
}

const servers: net.Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
  await removeTempDirs();
});

/**
 * Listens on the control socket of `home` and replies to the hello and to each request as `script` returns.
 * It replaces the daemon, so these tests check the CLI's side of the protocol alone.
 */
async function startScriptedServer(home: string, script: ReplyScript): Promise<ScriptedServer> {
  const { socketPath } = resolveLocations({ METACLEAR_HOME: home });
  await mkdir(path.dirname(socketPath), { recursive: true });
  const scripted: ScriptedServer = { requests: [] };
  const server = net.createServer((socket) => {
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        const message = (frame.ok ? frame.value : {}) as {
          type: string;
          id: number;
          params: Record<string, unknown>;
        };
        if (message.type === 'hello') {
          socket.write(encodeFrame({ type: 'hello', protocol: 1, daemon: '9.9.9' }));
          continue;
        }
        scripted.requests.push({ type: message.type, params: message.params });
        const reply = script(message.type, message.params);
        socket.write(
          encodeFrame(
            'result' in reply
              ? { type: 'reply', id: message.id, ok: true, result: reply.result }
              : { type: 'reply', id: message.id, ok: false, error: reply.error },
          ),
        );
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return scripted;
}

describe('runControlCommand', () => {
  it('sends absolute paths and an ISO end time', async () => {
    const home = await createTempDir();
    const server = await startScriptedServer(home, (_, params) => ({
      result: { folder: params.folder, until: params.until },
    }));

    const run = await runMain(['pause', 'shots', '--for', '1h'], { home });
    const [request] = server.requests;
    const until = Date.parse(String(request?.params.until));

    expect(run.exitCode).toBe(0);
    expect(request?.type).toBe('pause');
    expect(request?.params.folder).toBe(path.resolve('shots'));
    expect(until - Date.now()).toBeGreaterThan(3_500_000);
    expect(until - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect(run.stdout.toString('utf8')).toMatch(/^Paused .*shots until /);
  });

  it('prints the result in the JSON envelope', async () => {
    const home = await createTempDir();
    await startScriptedServer(home, () => ({ result: { path: '/srv/photos' } }));

    const run = await runMain(['folders', 'remove', '/srv/photos', '--json'], { home });

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.toString('utf8')).toBe('{"version":1,"path":"/srv/photos"}\n');
  });

  it('exits 4 with the code of an error reply', async () => {
    const home = await createTempDir();
    await startScriptedServer(home, () => ({
      error: { code: 'E_NOT_FOUND', message: 'no job 01JF3K2Q8ZB5M7V4N6R9T0W1XY' },
    }));

    const run = await runMain(['revert', '01JF3K2Q8ZB5M7V4N6R9T0W1XY'], { home });
    const json = await runMain(['revert', '01JF3K2Q8ZB5M7V4N6R9T0W1XY', '--json'], { home });

    expect(run.exitCode).toBe(4);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toBe('metaclear: no job 01JF3K2Q8ZB5M7V4N6R9T0W1XY (E_NOT_FOUND)\n');
    expect(json.exitCode).toBe(4);
    expect(JSON.parse(json.stdout.toString('utf8'))).toEqual({
      version: 1,
      error: { code: 'E_NOT_FOUND', message: 'no job 01JF3K2Q8ZB5M7V4N6R9T0W1XY' },
    });
  });

  it('exits 4 for a reply outside the protocol', async () => {
    const home = await createTempDir();
    await startScriptedServer(home, () => ({ result: { unexpected: true } }));

    const run = await runMain(['status'], { home });

    expect(run.exitCode).toBe(4);
    expect(run.stderr).toContain('(E_PROTOCOL)');
  });

  it('exits 1 when a retried file fails again', async () => {
    const home = await createTempDir();
    const input = path.join(home, 'broken.jpg');
    await startScriptedServer(home, () => ({
      result: {
        id: 'abc',
        path: input,
        report: {
          input,
          output: null,
          original: null,
          status: 'failed',
          removed: [],
          kept: [],
          code: 'E_CORRUPT',
          reason: 'the JPEG ends before its image data',
        },
      },
    }));

    const run = await runMain(['attention', 'retry', 'abc'], { home });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^failed +.*broken\.jpg: the JPEG ends .* \(E_CORRUPT\)\n$/);
  });

  it('exits 3 when nothing listens', async () => {
    const home = await createTempDir();
    const run = await runMain(['recent'], { home });

    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('`metaclear daemon`');
  });
});
