import { fork, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import { createDirtyJpeg } from '../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';

const CHILD_SCRIPT = fileURLToPath(new URL('./run-burst-daemon.js', import.meta.url));
/** `METACLEAR_BURST_FILES` raises it for a local stress run. */
const FILE_COUNT = Number(process.env.METACLEAR_BURST_FILES ?? 1_000);
/** A 320×240 noise photo of about 50 KB with EXIF, GPS and XMP written by ExifTool. */
const PHOTO_SIZE = { width: 320, height: 240 };
/**
 * A loose ceiling, not a benchmark: with four workers this test peaked at 230–270 MB RSS on a
 * loaded 2-core Linux x64 machine (Node 20). Each worker thread is a V8 isolate of its own.
 */
const MAX_PEAK_RSS_BYTES = 512 * 1024 * 1024;

interface ChildResult {
  readonly type: 'result';
  readonly input: string;
  readonly status: string;
  readonly code: string | null;
}

interface ChildMemory {
  readonly type: 'memory';
  readonly peak: { rss: number; heapUsed: number; external: number; arrayBuffers: number };
  readonly baselineRss: number;
}

type ChildMessage = { readonly type: 'ready' } | ChildResult | ChildMemory;

const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
  }
  await closeExifTool();
  await removeTempDirs();
});

function toMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

describe.skipIf(!isExifToolAvailable())('daemon under a burst of files', () => {
  it(`cleans ${FILE_COUNT} files once each with bounded memory`, { timeout: 240_000 }, async () => {
    const home = await createTempDir();
    const inbox = path.join(home, 'To Clean');
    const cleaned = path.join(home, 'Cleaned');
    const vault = path.join(home, 'Originals');
    const sources = path.join(home, 'sources');
    for (const dir of [inbox, cleaned, sources]) {
      await mkdir(dir);
    }
    const photo = path.join(sources, 'photo.jpg');
    await createDirtyJpeg(photo, PHOTO_SIZE);
    const config = {
      version: 1,
      folders: [{ path: inbox, mode: 'output', output: cleaned }],
      originals: { action: 'vault', vault },
      settle: { stableMs: 150, incompleteAfterMs: 60_000 },
    };
    const messages: ChildMessage[] = [];
    const child = fork(CHILD_SCRIPT, [JSON.stringify({ home, config })], { stdio: 'inherit' });
    children.push(child);
    child.on('message', (message) => messages.push(message as ChildMessage));
    await waitUntil(() => messages.some((message) => message.type === 'ready'), {
      description: 'the daemon to start',
    });

    const startedAt = Date.now();
    for (let index = 0; index < FILE_COUNT; index += 1) {
      await copyFile(photo, path.join(inbox, `photo-${String(index).padStart(4, '0')}.jpg`));
    }
    const results = () => messages.filter((message) => message.type === 'result');
    await waitUntil(() => results().length >= FILE_COUNT, {
      timeout: 200_000,
      interval: 100,
      description: `${FILE_COUNT} job results`,
    });
    const seconds = (Date.now() - startedAt) / 1000;
    child.send('stop');
    const memory = await waitUntil(
      () => messages.find((message): message is ChildMemory => message.type === 'memory'),
      { description: 'the memory figures' },
    );

    const { peak, baselineRss } = memory;
    console.log(
      `[burst] ${FILE_COUNT} files in ${seconds.toFixed(1)} s; RSS ${toMiB(baselineRss)} at start, peak ${toMiB(peak.rss)}; peak heap ${toMiB(peak.heapUsed)}, external ${toMiB(peak.external)}, array buffers ${toMiB(peak.arrayBuffers)}`,
    );
    const inputs = results().map((result) => result.input);
    expect(new Set(inputs).size).toBe(FILE_COUNT);
    expect(results().filter((result) => result.status !== 'cleaned')).toEqual([]);
    expect(await readdir(inbox)).toEqual([]);
    const published = await readdir(cleaned);
    expect(published).toHaveLength(FILE_COUNT);
    expect(published.filter((name) => name.includes(' ('))).toEqual([]);
    expect(peak.rss).toBeLessThan(MAX_PEAK_RSS_BYTES);
  });
});
