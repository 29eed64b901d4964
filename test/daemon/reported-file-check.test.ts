import { lstat, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportedFileCheck } from '../../src/daemon/reported-file-check.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

/** Creates a check that records what it reports and skips the paths in `ignored`. */
function createCheck(ignored: ReadonlySet<string> = new Set()): {
  check: ReportedFileCheck;
  changes: string[];
} {
  const changes: string[] = [];
  const check = new ReportedFileCheck(
    (filePath) => ignored.has(filePath),
    (filePath) => changes.push(filePath),
  );
  return { check, changes };
}

/** Replaces `filePath` the way an editor's atomic save does. */
async function saveAtomically(filePath: string, text: string): Promise<void> {
  const temp = `${filePath}.tmp`;
  await writeFile(temp, text);
  await rename(temp, filePath);
}

describe('ReportedFileCheck', () => {
  it('reports a replaced reported file', async () => {
    const dir = await createTempDir();
    const photo = path.join(dir, 'photo.jpg');
    await writeFile(photo, 'first');
    const { check, changes } = createCheck();
    check.recordReported(photo, await lstat(photo));

    await saveAtomically(photo, 'second');
    await check.handleRawEvent('photo.jpg', { watchedPath: dir });

    expect(changes).toEqual([photo]);
  });

  it('reports each version once', async () => {
    const dir = await createTempDir();
    const photo = path.join(dir, 'photo.jpg');
    await writeFile(photo, 'first');
    const { check, changes } = createCheck();
    check.recordReported(photo, await lstat(photo));

    await check.handleRawEvent('photo.jpg', { watchedPath: dir });
    await saveAtomically(photo, 'second');
    await Promise.all([
      check.handleRawEvent('photo.jpg', { watchedPath: dir }),
      check.handleRawEvent('photo.jpg', { watchedPath: dir }),
    ]);
    await check.handleRawEvent('photo.jpg', { watchedPath: dir });

    expect(changes).toEqual([photo]);
  });

  it('reports a file reported without stats', async () => {
    const dir = await createTempDir();
    const photo = path.join(dir, 'photo.jpg');
    await writeFile(photo, 'first');
    const { check, changes } = createCheck();
    check.recordReported(photo, undefined);

    await check.handleRawEvent('photo.jpg', { watchedPath: dir });

    expect(changes).toEqual([photo]);
  });

  it('skips unreported, forgotten and ignored files', async () => {
    const dir = await createTempDir();
    const names = ['new.jpg', 'gone.jpg', 'known.jpg'];
    const paths = names.map((name) => path.join(dir, name));
    for (const filePath of paths) {
      await writeFile(filePath, 'first');
    }
    const [, gone, known] = paths as [string, string, string];
    const { check, changes } = createCheck(new Set([known]));
    check.recordReported(gone, await lstat(gone));
    check.forget(gone);
    check.recordReported(known, await lstat(known));

    for (const name of names) {
      await saveAtomically(path.join(dir, name), 'second');
      await check.handleRawEvent(name, { watchedPath: dir });
    }

    expect(changes).toEqual([]);
  });

  it('skips polling events and missing files', async () => {
    const dir = await createTempDir();
    const photo = path.join(dir, 'photo.jpg');
    await writeFile(photo, 'first');
    const { check, changes } = createCheck();
    check.recordReported(photo, undefined);
    check.recordReported(path.join(dir, 'missing.jpg'), undefined);

    await check.handleRawEvent(photo, { curr: { mtimeMs: 1 }, prev: { mtimeMs: 0 } });
    await check.handleRawEvent('missing.jpg', { watchedPath: dir });

    expect(changes).toEqual([]);
  });

  it('reports nothing once closed', async () => {
    const dir = await createTempDir();
    const photo = path.join(dir, 'photo.jpg');
    await writeFile(photo, 'first');
    const { check, changes } = createCheck();
    check.recordReported(photo, await lstat(photo));
    await saveAtomically(photo, 'second');

    const running = check.handleRawEvent('photo.jpg', { watchedPath: dir });
    check.close();
    await running;
    await check.handleRawEvent('photo.jpg', { watchedPath: dir });

    expect(changes).toEqual([]);
  });
});
