import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/shared/errors.js';
import type { DaemonClient } from '../../../src/shared/protocol/index.js';
import { DaemonLink } from '../../../src/tray/main/daemon-link.js';
import type { ConnectionState } from '../../../src/tray/view-model/index.js';
import { FakeDaemonClient } from '../helpers/fake-daemon-client.js';

const SOCKET = '/tmp/metaclear-test.sock';

/** A connect function that fails while `up` is false and records every attempt. */
function createConnector() {
  const connector = {
    up: false,
    attempts: 0,
    clients: [] as FakeDaemonClient[],
    connect: (socketPath: string): Promise<DaemonClient> => {
      connector.attempts += 1;
      if (!connector.up) {
        return Promise.reject(new AppError('E_DAEMON_UNREACHABLE', `nothing on ${socketPath}`));
      }
      const client = new FakeDaemonClient({ status: { state: 'idle' } });
      connector.clients.push(client);
      return Promise.resolve(client);
    },
  };
  return connector;
}

function recordStates(link: DaemonLink): ConnectionState[] {
  const states: ConnectionState[] = [];
  link.on('connection', (state) => states.push(state));
  return states;
}

describe('DaemonLink', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects and relays requests and events', async () => {
    const connector = createConnector();
    connector.up = true;
    const link = new DaemonLink(SOCKET, { connect: connector.connect });
    const events: string[] = [];
    link.on('event', (event) => events.push(event.event));

    link.start();
    await link.onConnected();
    const client = connector.clients[0];
    client?.emitEvent({
      type: 'event',
      event: 'config.changed',
      data: { added: [], removed: [], updated: [] },
    });

    expect(link.state).toBe('connected');
    expect(await link.request('status', {})).toEqual({ state: 'idle' });
    expect(client?.requests).toEqual([{ type: 'status', params: {} }]);
    expect(events).toEqual(['config.changed']);
    await link.close();
    expect(client?.isClosed).toBe(true);
  });

  it('rejects requests while unreachable', async () => {
    const connector = createConnector();
    const link = new DaemonLink(SOCKET, { connect: connector.connect });

    link.start();
    await vi.advanceTimersByTimeAsync(0);

    expect(link.state).toBe('unreachable');
    await expect(link.request('status', {})).rejects.toMatchObject({
      code: 'E_DAEMON_UNREACHABLE',
    });
    await link.close();
  });

  it('retries with a doubling wait up to the maximum', async () => {
    const connector = createConnector();
    const link = new DaemonLink(SOCKET, {
      connect: connector.connect,
      minRetryMs: 100,
      maxRetryMs: 400,
    });

    link.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(connector.attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(connector.attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(connector.attempts).toBe(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(connector.attempts).toBe(3);
    await vi.advanceTimersByTimeAsync(400);
    expect(connector.attempts).toBe(4);
    await vi.advanceTimersByTimeAsync(400);
    expect(connector.attempts).toBe(5);
    await link.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(connector.attempts).toBe(5);
  });

  it('reconnects after the daemon restarts', async () => {
    const connector = createConnector();
    connector.up = true;
    const link = new DaemonLink(SOCKET, { connect: connector.connect, minRetryMs: 100 });
    const states = recordStates(link);

    link.start();
    await link.onConnected();
    connector.up = false;
    connector.clients[0]?.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(link.state).toBe('unreachable');
    await vi.advanceTimersByTimeAsync(100);
    connector.up = true;
    await vi.advanceTimersByTimeAsync(200);

    expect(link.state).toBe('connected');
    expect(states).toEqual(['connected', 'unreachable', 'connected']);
    expect(connector.clients).toHaveLength(2);
    await link.close();
  });

  it('reconnects at once on reconnectNow', async () => {
    const connector = createConnector();
    const link = new DaemonLink(SOCKET, { connect: connector.connect, minRetryMs: 60_000 });

    link.start();
    await vi.advanceTimersByTimeAsync(0);
    connector.up = true;
    link.reconnectNow();
    await vi.advanceTimersByTimeAsync(0);

    expect(link.state).toBe('connected');
    expect(connector.attempts).toBe(2);
    await link.close();
  });
});
