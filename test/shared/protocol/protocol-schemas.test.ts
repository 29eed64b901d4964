import { describe, expect, it } from 'vitest';
import {
  daemonFrameSchema,
  EVENT_NAMES,
  eventFrameSchema,
  REQUEST_PARAMS,
  REQUEST_RESULTS,
  REQUEST_TYPES,
  requestSchema,
  type RequestResult,
} from '../../../src/shared/protocol/index.js';

const JOB_ID = '01JD0000000000000000000000';

describe('requestSchema', () => {
  it('accepts every request type with empty or minimal params', () => {
    const minimalParams: Record<string, unknown> = {
      'folders.add': { folder: { path: '/photos' } },
      'folders.remove': { path: '/photos' },
      'folders.update': { path: '/photos', changes: {} },
      'attention.retry': { id: 'abc' },
      'attention.dismiss': { id: 'abc' },
      revert: { jobId: JOB_ID },
      clean: { paths: ['/photos/a.jpg'] },
    };
    for (const type of REQUEST_TYPES) {
      const frame = { type, id: 1, params: minimalParams[type] ?? {} };
      expect(requestSchema.safeParse(frame).success, type).toBe(true);
    }
  });

  it('lists the fifteen request types', () => {
    expect(REQUEST_TYPES).toEqual([
      'status',
      'pause',
      'resume',
      'folders.list',
      'folders.add',
      'folders.remove',
      'folders.update',
      'recent',
      'attention.list',
      'attention.retry',
      'attention.dismiss',
      'revert',
      'clean',
      'subscribe',
      'shutdown',
    ]);
    expect(Object.keys(REQUEST_RESULTS)).toEqual(Object.keys(REQUEST_PARAMS));
  });

  it('rejects an unknown type', () => {
    expect(requestSchema.safeParse({ type: 'format', id: 1, params: {} }).success).toBe(false);
  });

  it('rejects a missing or fractional id', () => {
    expect(requestSchema.safeParse({ type: 'status', params: {} }).success).toBe(false);
    expect(requestSchema.safeParse({ type: 'status', id: 1.5, params: {} }).success).toBe(false);
    expect(requestSchema.safeParse({ type: 'status', id: -1, params: {} }).success).toBe(false);
  });

  it('rejects unknown params', () => {
    const frame = { type: 'status', id: 1, params: { verbose: true } };
    expect(requestSchema.safeParse(frame).success).toBe(false);
  });

  it('rejects relative paths in clean', () => {
    const frame = { type: 'clean', id: 1, params: { paths: ['photos/a.jpg'] } };
    const parsed = requestSchema.safeParse(frame);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['params', 'paths', 0]);
  });

  it('accepts keep settings in clean', () => {
    const paths = ['/photos/a.jpg'];
    const baked = { type: 'clean', id: 1, params: { paths, keep: { orientation: 'bake' } } };
    const unknown = { type: 'clean', id: 2, params: { paths, keep: { captureDate: true } } };
    const wrong = { type: 'clean', id: 3, params: { paths, keep: { colorProfile: 'p3' } } };

    expect(requestSchema.safeParse(baked).success).toBe(true);
    expect(requestSchema.safeParse(unknown).success).toBe(false);
    expect(requestSchema.safeParse(wrong).success).toBe(false);
  });

  it('rejects a pause until without an offset', () => {
    const withoutOffset = { type: 'pause', id: 1, params: { until: '2026-12-04T20:00:00' } };
    const withOffset = { type: 'pause', id: 2, params: { until: '2026-12-04T20:00:00+01:00' } };
    expect(requestSchema.safeParse(withoutOffset).success).toBe(false);
    expect(requestSchema.safeParse(withOffset).success).toBe(true);
  });

  it('rejects a job id that is not a ULID', () => {
    const frame = { type: 'revert', id: 1, params: { jobId: 'job-1' } };
    expect(requestSchema.safeParse(frame).success).toBe(false);
  });

  it('rejects an unknown folder key', () => {
    const frame = {
      type: 'folders.add',
      id: 1,
      params: { folder: { path: '/photos', watch: true } },
    };
    expect(requestSchema.safeParse(frame).success).toBe(false);
  });
});

describe('daemonFrameSchema', () => {
  it('accepts both hellos', () => {
    const accepted = { type: 'hello', protocol: 1, daemon: '0.1.0' };
    const rejected = {
      type: 'hello',
      ok: false,
      protocol: 1,
      error: { code: 'E_PROTOCOL_VERSION', message: 'version 2 is not supported' },
    };
    expect(daemonFrameSchema.safeParse(accepted).success).toBe(true);
    expect(daemonFrameSchema.safeParse(rejected).success).toBe(true);
  });

  it('accepts replies, including one without an id', () => {
    const ok = { type: 'reply', id: 3, ok: true, result: { anything: 1 } };
    const failed = {
      type: 'reply',
      id: null,
      ok: false,
      error: { code: 'E_PROTOCOL', message: 'bad frame' },
    };
    expect(daemonFrameSchema.safeParse(ok).success).toBe(true);
    expect(daemonFrameSchema.safeParse(failed).success).toBe(true);
  });

  it('rejects an error reply with an unknown code', () => {
    const failed = { type: 'reply', id: 1, ok: false, error: { code: 'E_NOPE', message: '' } };
    expect(daemonFrameSchema.safeParse(failed).success).toBe(false);
  });
});

describe('eventFrameSchema', () => {
  it('checks the data of each event', () => {
    const queued = {
      type: 'event',
      event: 'job.queued',
      data: { jobId: JOB_ID, folder: '/photos', input: '/photos/a.jpg' },
    };
    const wrongData = { ...queued, event: 'state.changed' };
    expect(eventFrameSchema.safeParse(queued).success).toBe(true);
    expect(eventFrameSchema.safeParse(wrongData).success).toBe(false);
  });

  it('names eight events', () => {
    expect(EVENT_NAMES).toHaveLength(8);
    expect(EVENT_NAMES).toContain('job.reverted');
  });
});

describe('REQUEST_RESULTS', () => {
  it('accepts a full status result', () => {
    const status: RequestResult<'status'> = {
      state: 'paused',
      stateReason: null,
      version: '0.1.0',
      pid: 42,
      startedAt: '2026-12-04T18:00:00.000Z',
      paused: true,
      pausedUntil: '2026-12-04T20:00:00.000+01:00',
      folders: [
        {
          path: '/photos',
          mode: 'output',
          output: '/cleaned',
          recursive: true,
          existing: 'clean',
          state: 'unavailable',
          code: 'E_NOT_FOUND',
          reason: '/photos does not exist',
          paused: false,
          pausedUntil: null,
        },
      ],
      counts: { cleanedToday: 3, queued: 0, attention: 1 },
      originals: 'vault',
      vault: { path: '/originals', bytes: 1024, files: 2 },
      configPath: '/config/config.json',
    };
    expect(REQUEST_RESULTS.status.safeParse(status).success).toBe(true);
  });

  it('rejects a recent entry with an unknown kind', () => {
    const job = {
      jobId: JOB_ID,
      folder: null,
      input: '/a.jpg',
      output: '/a.jpg',
      original: null,
      status: 'committed',
      result: 'cleaned',
      removed: ['gps', 'shoe-size'],
      code: null,
      reason: null,
      finishedAt: '2026-12-04T18:00:00.000Z',
      revertible: false,
    };
    expect(REQUEST_RESULTS.recent.safeParse({ jobs: [job] }).success).toBe(false);
    job.removed = ['gps'];
    expect(REQUEST_RESULTS.recent.safeParse({ jobs: [job] }).success).toBe(true);
  });
});
