import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DaemonRequestHandlers } from '../../src/daemon/control-handlers-type.js';
import { serveControlSocket, type ControlServer } from '../../src/daemon/control-server.js';
import { AppError } from '../../src/shared/errors.js';
import {
  connectToDaemon,
  FrameDecoder,
  type DaemonClient,
  type EventFrame,
  type StatusResult,
} from '../../src/shared/protocol/index.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';

const STATUS: StatusResult = {
  state: 'idle',
  stateReason: null,
  version: '9.9.9',
  pid: 1,
  startedAt: '2026-12-04T18:00:00.000Z',
  paused: false,
  pausedUntil: null,
  folders: [],
  counts: { cleanedToday: 0, queued: 0, attention: 0 },
  originals: 'vault',
  vault: { path: '/vault', bytes: 0, files: 0 },
  configPath: '/config.json',
};

const QUEUED: EventFrame = {
  type: 'event',
  event: 'job.queued',
  data: { jobId: '01JD0000000000000000000000', folder: '/in', input: '/in/a.jpg' },
};

const STATE: EventFrame = {
  type: 'event',
  event: 'state.changed',
  data: { state: 'working', previous: 'idle' },
};

const notFound = (): Promise<never> => Promise.reject(new AppError('E_NOT_FOUND', 'not here'));

/** Handlers for the server alone: `status` works, `recent` has a bug, the rest fail. */
const HANDLERS: DaemonRequestHandlers = {
  status: () => Promise.resolve(STATUS),
  pause: () => Promise.resolve({ folder: 42 } as never),
  resume: notFound,
  'folders.list': notFound,
  'folders.add': notFound,
  'folders.remove': notFound,
  'folders.update': notFound,
  recent: () => Promise.reject(new TypeError('a bug')),
  'attention.list': notFound,
  'attention.retry': notFound,
  'attention.dismiss': notFound,
  revert: notFound,
  clean: notFound,
  shutdown: notFound,
};

interface Harness {
  readonly socketPath: string;
  readonly control: ControlServer;
  readonly server: net.Server;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
  await removeTempDirs();
});

async function startServer(options: { maxBufferedBytes?: number } = {}): Promise<Harness> {
  const dir = await createTempDir('metaclear-server-');
  const socketPath = path.join(dir, 'control.sock');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const control = serveControlSocket(server, {
    version: '9.9.9',
    helloTimeoutMs: 300,
    ...options,
  });
  cleanups.push(async () => {
    control.close();
    await new Promise((resolve) => server.close(resolve));
  });
  return { socketPath, control, server };
}

async function connect(socketPath: string): Promise<DaemonClient> {
  const client = await connectToDaemon(socketPath);
  cleanups.push(() => client.close());
  return client;
}

describe('serveControlSocket', () => {
  it('holds requests until handlers are set', async () => {
    const { socketPath, control } = await startServer();
    const client = await connect(socketPath);
    expect(client.daemonVersion).toBe('9.9.9');
    const status = client.request('status');
    control.setHandlers(HANDLERS);
    expect(await status).toEqual(STATUS);
  });

  it('forwards a handler error code', async () => {
    const { socketPath, control } = await startServer();
    control.setHandlers(HANDLERS);
    const client = await connect(socketPath);
    await expect(client.request('resume')).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('reports a handler bug as E_INTERNAL', async () => {
    const { socketPath, control } = await startServer();
    control.setHandlers(HANDLERS);
    const failures: string[] = [];
    control.on('request.failed', (type) => failures.push(type));
    const client = await connect(socketPath);
    await expect(client.request('recent')).rejects.toMatchObject({ code: 'E_INTERNAL' });
    await expect(client.request('pause')).rejects.toMatchObject({ code: 'E_INTERNAL' });
    expect(failures).toEqual(['recent', 'pause']);
  });

  it('sends only subscribed events', async () => {
    const { socketPath, control } = await startServer();
    control.setHandlers(HANDLERS);
    const client = await connect(socketPath);
    const received: EventFrame[] = [];
    control.broadcast(STATE);
    await client.subscribe((event) => received.push(event), ['state.changed']);
    control.broadcast(QUEUED);
    control.broadcast(STATE);
    await client.request('status');

    expect(received).toEqual([STATE]);
  });

  it('closes a client that sends no hello', async () => {
    const { socketPath } = await startServer();
    const socket = net.connect(socketPath);
    const decoder = new FrameDecoder();
    const frames: unknown[] = [];
    socket.on('data', (chunk: Buffer) => {
      frames.push(...decoder.push(chunk).map((frame) => (frame.ok ? frame.value : null)));
    });
    await new Promise((resolve) => socket.once('close', resolve));
    expect(frames).toMatchObject([{ type: 'hello', ok: false, error: { code: 'E_PROTOCOL' } }]);
  });

  it('drops a client that does not read', async () => {
    const { socketPath, control } = await startServer({ maxBufferedBytes: 64 * 1024 });
    control.setHandlers(HANDLERS);
    const dropped: string[] = [];
    control.on('client.dropped', (error) => dropped.push(error.code));
    const client = await connect(socketPath);
    await client.subscribe(() => undefined);
    const reader = await connect(socketPath);
    await reader.subscribe(() => undefined);
    // A raw socket that subscribes and then never reads acts as a hung tray.
    const stalled = net.connect(socketPath);
    stalled.write('{"type":"hello","protocol":1}\n{"type":"subscribe","id":1,"params":{}}\n');
    stalled.pause();
    await waitUntil(() => control.connectionCount === 3);

    const large: EventFrame = {
      ...QUEUED,
      data: { ...QUEUED.data, input: `/in/${'a'.repeat(4096)}.jpg` },
    };
    // Each burst stays below the limit, so only a client that never reads can pass it.
    await waitUntil(() => {
      for (let index = 0; index < 8; index += 1) {
        control.broadcast(large);
      }
      return control.connectionCount < 3;
    });
    expect(control.connectionCount).toBe(2);
    expect(dropped).toEqual(['E_PROTOCOL']);
    expect(await client.request('status')).toEqual(STATUS);
    stalled.destroy();
  });

  it('rejects waiting requests when the connection ends', async () => {
    const { socketPath, control } = await startServer();
    const client = await connect(socketPath);
    const status = client.request('status');
    control.close();
    await expect(status).rejects.toMatchObject({ code: 'E_DAEMON_UNREACHABLE' });
    expect(await client.onClose()).toMatchObject({ code: 'E_DAEMON_UNREACHABLE' });
  });
});

describe('connectToDaemon', () => {
  it('rejects a result that does not match the protocol', async () => {
    const dir = await createTempDir('metaclear-client-');
    const socketPath = path.join(dir, 'fake.sock');
    const server = net.createServer((socket) => {
      const decoder = new FrameDecoder();
      socket.on('data', (chunk: Buffer) => {
        for (const frame of decoder.push(chunk)) {
          const value = frame.ok ? (frame.value as { type: string; id?: number }) : null;
          if (value?.type === 'hello') {
            socket.write('{"type":"hello","protocol":1,"daemon":"0.0.1"}\n');
          } else if (value !== null) {
            socket.write(
              `${JSON.stringify({ type: 'reply', id: value.id, ok: true, result: {} })}\n`,
            );
          }
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    cleanups.push(
      () =>
        new Promise((resolve) =>
          server.close(() => {
            resolve();
          }),
        ),
    );
    const client = await connect(socketPath);

    await expect(client.request('status')).rejects.toMatchObject({ code: 'E_PROTOCOL' });
  });
});
