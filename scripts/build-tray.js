// Builds the tray's browser side into one folder (default dist/tray-app): the popup page, its
// script bundled into one classic file, the sandboxed preload bundled into one CommonJS file,
// and the tray icons rendered from src/tray/icons/*.svg. Run by `npm run tray` and by the
// tray's end-to-end test: `node scripts/build-tray.js [OUT_DIR]`.
//
// The icons are generated, not committed: the SVG files are the only source, and sharp is a
// dependency anyway. Electron's main process (dist/tray/main/) is compiled by tsc like the
// rest of src/.
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import sharp from 'sharp';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TRAY_SRC = path.join(REPO_ROOT, 'src', 'tray');

/** Colours of the Linux icons: a light glyph for dark panels, and one badge colour per state. */
const LINUX_GLYPH = '#ececec';
const LINUX_BADGES = {
  idle: '#ececec',
  working: '#4b9bff',
  paused: '#ffb74d',
  attention: '#ff6b5e',
  stopped: '#bdbdbd',
};

/** Icon sizes in pixels. macOS draws 18 pt template images; Linux panels use 24 px. */
const MAC_SIZE = 18;
const LINUX_SIZE = 24;

const outDir = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'dist', 'tray-app'));
await mkdir(path.join(outDir, 'icons'), { recursive: true });

const resolve = { extensionAlias: { '.js': ['.ts', '.js'] } };
await build({
  input: path.join(TRAY_SRC, 'renderer', 'popup.ts'),
  platform: 'browser',
  resolve,
  output: { file: path.join(outDir, 'popup.js'), format: 'iife' },
  logLevel: 'warn',
});
await build({
  input: path.join(TRAY_SRC, 'preload', 'preload.ts'),
  platform: 'node',
  external: ['electron'],
  resolve,
  output: { file: path.join(outDir, 'preload.cjs'), format: 'cjs' },
  logLevel: 'warn',
});
for (const name of ['popup.html', 'popup.css']) {
  await copyFile(path.join(TRAY_SRC, 'renderer', name), path.join(outDir, name));
}

const iconDir = path.join(TRAY_SRC, 'icons');
for (const file of (await readdir(iconDir)).filter((name) => name.endsWith('.svg'))) {
  const svg = await readFile(path.join(iconDir, file), 'utf8');
  const base = path.basename(file, '.svg');
  const state = base.replace(/^tray-/, '');
  // macOS template images are black with alpha; the system tints them for light and dark bars.
  const template = svg.replaceAll('#000001', '#000000').replaceAll('#000002', '#000000');
  const linux = svg
    .replaceAll('#000001', LINUX_GLYPH)
    .replaceAll('#000002', LINUX_BADGES[state] ?? LINUX_GLYPH);
  await renderPng(template, MAC_SIZE, path.join(outDir, 'icons', `${base}Template.png`));
  await renderPng(template, MAC_SIZE * 2, path.join(outDir, 'icons', `${base}Template@2x.png`));
  await renderPng(linux, LINUX_SIZE, path.join(outDir, 'icons', `${base}-linux.png`));
  await renderPng(linux, LINUX_SIZE * 2, path.join(outDir, 'icons', `${base}-linux@2x.png`));
}
console.log(`built the tray app in ${path.relative(process.cwd(), outDir) || '.'}`);

async function renderPng(svg, size, file) {
  // The density scales the 18-unit SVG to `size` pixels without blurring an 18 px raster.
  await sharp(Buffer.from(svg), { density: (72 * size) / MAC_SIZE })
    .resize(size, size)
    .png()
    .toFile(file);
}
