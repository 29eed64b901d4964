import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkFile } from '../../src/commit/check-file.js';
import { classifyXattr } from '../../src/commit/extended-attributes.js';
import {
  processFile,
  type ProcessFileOptions,
  type Publish,
} from '../../src/commit/process-file.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { closeExifTool } from '../helpers/exiftool.js';
import { createCleanJpeg, createDirtyJpeg } from '../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { listUserXattrs, setXattr, shouldSkipXattrTests } from '../helpers/xattr-tools.js';

afterEach(removeTempDirs);
afterAll(closeExifTool);

const ORIGIN = 'user.xdg.origin.url';
const REFERRER = 'user.xdg.referrer.url';
const TAGS = 'user.xdg.tags';

describe('classifyXattr', () => {
  it.each([
    ['com.apple.metadata:kMDItemWhereFroms', 'removable'],
    ['com.apple.quarantine', 'removable'],
    ['com.apple.lastuseddate#PS', 'removable'],
    [ORIGIN, 'removable'],
    [REFERRER, 'removable'],
    ['user.some.unknown.attribute', 'removable'],
    ['com.apple.metadata:_kMDItemUserTags', 'kept'],
    ['com.apple.FinderInfo', 'kept'],
    [TAGS, 'kept'],
    ['security.selinux', 'system'],
    ['system.posix_acl_access', 'system'],
    ['com.apple.provenance', 'system'],
  ])('classifies %s as %s', (name, expected) => {
    expect(classifyXattr(name)).toBe(expected);
  });
});

describe.skipIf(shouldSkipXattrTests())('extended attributes on real files', () => {
  async function createFolders(): Promise<{ inbox: string; cleaned: string; vault: string }> {
    const root = await createTempDir();
    const inbox = path.join(root, 'To Clean');
    await mkdir(inbox);
    return { inbox, cleaned: path.join(root, 'Cleaned'), vault: path.join(root, 'Originals') };
  }

  function createOptions(vault: string, input: string, publish: Publish): ProcessFileOptions {
    return {
      input,
      publish,
      policy: DEFAULT_KEEP_POLICY,
      keepFileDates: publish.mode === 'in-place',
      originals: {
        action: 'vault',
        vaultDir: vault,
        vaultRelativePath: `To Clean/${path.basename(input)}`,
      },
      maxFileBytes: 10_000_000,
    };
  }

  /** Writes a JPEG carrying a download URL, a referrer and the user's tags. */
  async function createDownloadedJpeg(filePath: string, dirty = false): Promise<void> {
    await (dirty ? createDirtyJpeg(filePath) : createCleanJpeg(filePath));
    setXattr(filePath, ORIGIN, 'https://example.invalid/photo.jpg');
    setXattr(filePath, REFERRER, 'https://example.invalid/');
    setXattr(filePath, TAGS, 'holiday');
  }

  it('removes xattrs in place without a rewrite', async () => {
    const { inbox, vault } = await createFolders();
    const input = path.join(inbox, 'download.jpg');
    await createDownloadedJpeg(input);
    const before = await stat(input, { bigint: true });
    const bytesBefore = await readFile(input);

    const report = await processFile(createOptions(vault, input, { mode: 'in-place' }));

    expect(report.status).toBe('cleaned');
    expect(report.removed).toEqual(['xattr']);
    expect(report.output).toBe(input);
    expect(report.original).toBeNull();
    expect(listUserXattrs(input)).toEqual([TAGS]);
    const after = await stat(input, { bigint: true });
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeNs).toBe(before.mtimeNs);
    expect(await readFile(input)).toEqual(bytesBefore);
  });

  it('reports a second run already-clean', async () => {
    const { inbox, vault } = await createFolders();
    const input = path.join(inbox, 'download.jpg');
    await createDownloadedJpeg(input);
    await processFile(createOptions(vault, input, { mode: 'in-place' }));

    const report = await processFile(createOptions(vault, input, { mode: 'in-place' }));

    expect(report.status).toBe('already-clean');
    expect(report.removed).toEqual([]);
  });

  it('keeps tags on a file cleaned in place', async () => {
    const { inbox, vault } = await createFolders();
    const input = path.join(inbox, 'dirty.jpg');
    await createDownloadedJpeg(input, true);

    const report = await processFile(createOptions(vault, input, { mode: 'in-place' }));

    expect(report.status).toBe('cleaned');
    expect(report.removed).toContain('xattr');
    expect(report.removed).toContain('gps');
    expect(listUserXattrs(input)).toEqual([TAGS]);
    expect(report.original).not.toBeNull();
    // The vault keeps the original as it was, attributes included.
    expect(listUserXattrs(report.original ?? '')).toEqual([TAGS, ORIGIN, REFERRER].sort());
  });

  it('publishes an already clean file without xattrs', async () => {
    const { inbox, cleaned, vault } = await createFolders();
    const input = path.join(inbox, 'download.jpg');
    await createDownloadedJpeg(input);
    const bytes = await readFile(input);
    const outputPath = path.join(cleaned, 'download.jpg');

    const report = await processFile(createOptions(vault, input, { mode: 'output', outputPath }));

    expect(report.status).toBe('cleaned');
    expect(report.removed).toEqual(['xattr']);
    expect(report.output).toBe(outputPath);
    expect(await readFile(outputPath)).toEqual(bytes);
    expect(listUserXattrs(outputPath)).toEqual([TAGS]);
    expect(report.original).not.toBeNull();
    expect(listUserXattrs(report.original ?? '')).toContain(ORIGIN);
    await expect(stat(input)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('still moves an already clean file with only tags', async () => {
    const { inbox, cleaned, vault } = await createFolders();
    const input = path.join(inbox, 'tagged.jpg');
    await createCleanJpeg(input);
    setXattr(input, TAGS, 'holiday');
    const inode = (await stat(input)).ino;
    const outputPath = path.join(cleaned, 'tagged.jpg');

    const report = await processFile(createOptions(vault, input, { mode: 'output', outputPath }));

    expect(report.status).toBe('already-clean');
    expect((await stat(outputPath)).ino).toBe(inode);
    expect(listUserXattrs(outputPath)).toEqual([TAGS]);
  });

  it('copies with --out without xattrs', async () => {
    const { inbox, cleaned, vault } = await createFolders();
    const input = path.join(inbox, 'download.jpg');
    await createDownloadedJpeg(input);
    const outputPath = path.join(cleaned, 'download.jpg');
    await mkdir(cleaned);

    const report = await processFile(createOptions(vault, input, { mode: 'copy', outputPath }));

    expect(report.status).toBe('cleaned');
    expect(report.removed).toEqual(['xattr']);
    expect(listUserXattrs(outputPath)).toEqual([]);
    expect(listUserXattrs(input)).toEqual([TAGS, ORIGIN, REFERRER].sort());
  });

  it('check finds removable xattrs only', async () => {
    const { inbox } = await createFolders();
    const downloaded = path.join(inbox, 'download.jpg');
    await createDownloadedJpeg(downloaded);
    const tagged = path.join(inbox, 'tagged.jpg');
    await createCleanJpeg(tagged);
    setXattr(tagged, TAGS, 'holiday');

    const downloadedReport = await checkFile(downloaded, DEFAULT_KEEP_POLICY);
    const taggedReport = await checkFile(tagged, DEFAULT_KEEP_POLICY);

    expect(downloadedReport.status).toBe('has-metadata');
    expect(downloadedReport.found).toEqual(['xattr']);
    expect(taggedReport.status).toBe('clean');
    expect(taggedReport.found).toEqual([]);
  });
});
