import { link, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { screenFile } from '../../src/daemon/screen-file.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

describe('screenFile', () => {
  it('sends a hard-linked file in an in-place folder to attention', async () => {
    const dir = await createTempDir();
    const photo = path.join(dir, 'photo.jpg');
    await writeFile(photo, 'bytes');
    await link(photo, path.join(dir, 'second name.jpg'));

    const screening = await screenFile(photo, 'in-place', 'linux');

    expect(screening.action).toBe('report');
    if (screening.action !== 'report') {
      return;
    }
    expect(screening.event).toBe('job.attention');
    expect(screening.report.status).toBe('skipped');
    expect(screening.report.code).toBe('E_HARD_LINK');
    expect(screening.report.reason).toContain(photo);
  });

  it('reads a hard-linked file in an output folder', async () => {
    const dir = await createTempDir();
    const photo = path.join(dir, 'photo.jpg');
    await writeFile(photo, 'bytes');
    await link(photo, path.join(dir, 'second name.jpg'));

    expect(await screenFile(photo, 'output', 'linux')).toEqual({ action: 'read' });
  });

  it('reads a file with one link', async () => {
    const dir = await createTempDir();
    const photo = path.join(dir, 'photo.jpg');
    await writeFile(photo, 'bytes');

    expect(await screenFile(photo, 'in-place', 'linux')).toEqual({ action: 'read' });
  });

  it('skips an iCloud stub without reading it', async () => {
    const dir = await createTempDir();
    const stub = path.join(dir, '.IMG_0001.HEIC.icloud');
    await writeFile(stub, 'bplist00');

    const screening = await screenFile(stub, 'output', 'linux');

    expect(screening.action).toBe('report');
    if (screening.action !== 'report') {
      return;
    }
    expect(screening.event).toBe('job.done');
    expect(screening.report.status).toBe('skipped');
    expect(screening.report.code).toBe('E_CLOUD_PLACEHOLDER');
    expect(screening.report.reason).toContain('IMG_0001.HEIC');
  });

  it('skips a dataless file on macOS', async () => {
    const dir = await createTempDir();
    const photo = path.join(dir, 'photo.jpg');
    const handle = await open(photo, 'w');
    await handle.truncate(500_000);
    await handle.close();

    const screening = await screenFile(photo, 'output', 'darwin');

    expect(screening.action === 'report' ? screening.report.code : null).toBe(
      'E_CLOUD_PLACEHOLDER',
    );
  });

  it('leaves a missing file to the job', async () => {
    const dir = await createTempDir();

    expect(await screenFile(path.join(dir, 'gone.jpg'), 'in-place')).toEqual({ action: 'read' });
  });
});
