import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ICON_STATES } from '../../src/tray/view-model/index.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { buildTrayApp } from './helpers/popup-harness.js';

describe('scripts/build-tray.js', () => {
  let appDir: string;

  beforeAll(async () => {
    appDir = path.join(await createTempDir(), 'app');
    buildTrayApp(appDir);
  }, 120_000);

  afterAll(removeTempDirs);

  it.each(ICON_STATES)('renders the %s template icons black with alpha', async (state) => {
    for (const [file, size] of [
      [`tray-${state}Template.png`, 18],
      [`tray-${state}Template@2x.png`, 36],
    ] as const) {
      const { data, info } = await sharp(path.join(appDir, 'icons', file))
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(info.width).toBe(size);
      expect(info.height).toBe(size);
      expect(info.channels).toBe(4);
      let opaque = 0;
      for (let offset = 0; offset < data.length; offset += 4) {
        if ((data[offset + 3] ?? 0) > 0) {
          opaque += 1;
          expect([data[offset], data[offset + 1], data[offset + 2]]).toEqual([0, 0, 0]);
        }
      }
      expect(opaque).toBeGreaterThan(size * 2);
    }
  });

  it.each(ICON_STATES)('renders the %s Linux icons in colour', async (state) => {
    const { info } = await sharp(path.join(appDir, 'icons', `tray-${state}-linux@2x.png`))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(48);
    const stats = await sharp(path.join(appDir, 'icons', `tray-${state}-linux.png`)).stats();
    expect(stats.isOpaque).toBe(false);
    // The glyph is light, for the dark panels of GNOME and KDE.
    expect(stats.channels[0]?.max).toBeGreaterThan(200);
  });

  it('bundles the preload to load nothing but electron', async () => {
    const preload = await readFile(path.join(appDir, 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map(
      (match) => match[1],
    );
    expect(required).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('bundles the popup into one classic script', async () => {
    const popup = await readFile(path.join(appDir, 'popup.js'), 'utf8');
    const html = await readFile(path.join(appDir, 'popup.html'), 'utf8');
    expect(popup).not.toMatch(/^\s*import\s/m);
    expect(popup).not.toMatch(/\brequire\(/);
    expect(html).toContain(`content="default-src 'self'`);
    expect(html).not.toMatch(/https?:/);
  });
});
