import { describe, expect, it } from 'vitest';
import type { ContentsInspection, FileInspector } from '../../src/daemon/file-inspector.js';
import { limitContentReads } from '../../src/daemon/limit-content-reads.js';
import { waitUntil } from '../helpers/wait.js';

/** Creates an inspector whose content reads stay open until the test finishes them. */
function createBlockingInspector() {
  const open: { filePath: string; finish: () => void }[] = [];
  let maxOpen = 0;
  const inspector: FileInspector = {
    readSignature: (filePath) =>
      Promise.resolve({ ino: filePath, size: 1, mtimeNs: '1', ctimeNs: '1' }),
    inspectContents: (filePath) =>
      new Promise<ContentsInspection>((resolve) => {
        open.push({
          filePath,
          finish: () => {
            resolve({ complete: true, format: 'jpeg' });
          },
        });
        maxOpen = Math.max(maxOpen, open.length);
      }),
  };
  const finishAll = (): void => {
    for (const read of open.splice(0)) {
      read.finish();
    }
  };
  return { inspector, open, finishAll, getMaxOpen: () => maxOpen };
}

describe('limitContentReads', () => {
  it('reads at most the limit of files at once', async () => {
    const blocking = createBlockingInspector();
    const limited = limitContentReads(blocking.inspector, 2);

    const reads = Array.from({ length: 7 }, (_, index) =>
      limited.inspectContents(`/inbox/${index}.jpg`),
    );
    await waitUntil(() => blocking.open.length === 2, { description: 'two open reads' });
    const openAtFirst = blocking.open.map((read) => read.filePath);
    let finished = 0;
    while (finished < reads.length) {
      await waitUntil(() => blocking.open.length > 0, { description: 'the next open reads' });
      finished += blocking.open.length;
      blocking.finishAll();
    }

    expect(openAtFirst).toEqual(['/inbox/0.jpg', '/inbox/1.jpg']);
    expect(blocking.getMaxOpen()).toBe(2);
    expect(await Promise.all(reads)).toHaveLength(7);
  });

  it('leaves signature reads unbounded', async () => {
    const blocking = createBlockingInspector();
    const limited = limitContentReads(blocking.inspector, 1);
    void limited.inspectContents('/inbox/a.jpg');

    const signature = await limited.readSignature('/inbox/b.jpg');

    expect(signature?.ino).toBe('/inbox/b.jpg');
  });

  it.each([0, 1.5, Number.NaN])('rejects a limit of %s', (limit) => {
    expect(() => limitContentReads(createBlockingInspector().inspector, limit)).toThrow(RangeError);
  });
});
