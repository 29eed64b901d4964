import { copyFile, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExifToolAvailable } from '../../helpers/exiftool.js';
import { SETTLE_MS, waitUntil } from '../../helpers/wait.js';
import {
  createConfig,
  createHome,
  EVENT_TIMEOUT_MS,
  listFiles,
  setUpRealFolderTests,
  startDaemon,
  waitForResult,
} from './real-folder-harness.js';

const fixtures = setUpRealFolderTests('metaclear-left-alone-');

/** A PDF with an empty page list: enough for the sniffer to name it. */
const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

/** Returns an MP4 whose top-level boxes (`ftyp`, empty `mdat`) cover the whole file. */
function createMp4Bytes(): Buffer {
  const ftyp = Buffer.concat([
    Buffer.from([0, 0, 0, 24]),
    Buffer.from('ftypisom'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isommp41'),
  ]);
  const mdat = Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from('mdat'), Buffer.alloc(8)]);
  return Buffer.concat([ftyp, mdat]);
}

function sumReads(reads: ReadonlyMap<string, number>): number {
  return [...reads.values()].reduce((sum, count) => sum + count, 0);
}

describe.skipIf(!isExifToolAvailable())('daemon on real folders: files left alone', () => {
  it('reports unsupported files once', async () => {
    const home = await createHome();
    const config = createConfig(home);
    const running = await startDaemon(home, config);
    const pdf = path.join(home.inbox, 'scan.pdf');
    const video = path.join(home.inbox, 'clip.mp4');
    const jpeg = path.join(home.inbox, 'photo.jpg');

    await writeFile(pdf, PDF_BYTES);
    await writeFile(video, createMp4Bytes());
    await copyFile(fixtures.photo, jpeg);
    const results = await Promise.all([pdf, video, jpeg].map((f) => waitForResult(running, f)));
    await running.daemon.onQuiescent();
    const readsAfterFirstPass = sumReads(running.contentReads);

    // A rename is an event for the same file, and watching the folder again rescans it.
    const renamedPdf = path.join(home.inbox, 'renamed scan.pdf');
    await rename(pdf, renamedPdf);
    const folders = config.folders.map((folder) => ({ ...folder, recursive: false }));
    await running.daemon.applyConfig({ ...config, folders });
    // The only fixed wait: neither the rename nor the rescan may report the files again.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    await running.daemon.onQuiescent();

    expect(results.map((result) => [result.event, result.status])).toEqual([
      ['job.attention', 'unsupported'],
      ['job.attention', 'unsupported'],
      ['job.done', 'cleaned'],
    ]);
    expect(results[0]?.code).toBe('E_UNSUPPORTED_FORMAT');
    expect(running.results).toHaveLength(3);
    expect(sumReads(running.contentReads)).toBe(readsAfterFirstPass);
    expect(await listFiles(home.inbox)).toEqual(['clip.mp4', 'renamed scan.pdf']);
    expect(await readFile(renamedPdf)).toEqual(PDF_BYTES);
    expect(await listFiles(home.cleaned)).toEqual(['photo.jpg']);
  });

  it('reports a changed unsupported file again', async () => {
    const home = await createHome();
    const running = await startDaemon(home, createConfig(home));
    const pdf = path.join(home.inbox, 'scan.pdf');

    await writeFile(pdf, PDF_BYTES);
    await waitForResult(running, pdf);
    await writeFile(pdf, Buffer.concat([PDF_BYTES, Buffer.from('% edited\n')]));
    await waitUntil(() => running.results.length === 2, { timeout: EVENT_TIMEOUT_MS });

    expect(running.results.map((result) => result.status)).toEqual(['unsupported', 'unsupported']);
  });

  it('skips an iCloud placeholder without reading it', async () => {
    const home = await createHome();
    const running = await startDaemon(home, createConfig(home));
    const stub = path.join(home.inbox, '.IMG_0001.JPG.icloud');
    const hidden = path.join(home.inbox, '.hidden.jpg');

    await writeFile(hidden, 'not reported: a hidden file');
    await writeFile(stub, 'bplist00 stub of a file that is not downloaded');
    const result = await waitForResult(running, stub);
    await running.daemon.onQuiescent();

    expect(result.event).toBe('job.done');
    expect(result.status).toBe('skipped');
    expect(result.code).toBe('E_CLOUD_PLACEHOLDER');
    expect(result.reason).toContain('IMG_0001.JPG');
    expect(running.contentReads.get(stub)).toBeUndefined();
    expect(running.results).toHaveLength(1);
    expect(await listFiles(home.inbox)).toEqual(['.IMG_0001.JPG.icloud', '.hidden.jpg']);
  });
});
