// Measures what the PNG structure check's inflation of the image data costs: it builds a
// photo-like 24-megapixel RGB PNG with sharp (blurred Gaussian noise, about 42 MB), then times
// stripping, the structure check and the second reader, and prints resident memory after each.
// Run it after `npm run build` with `node scripts/measure-png-image-data-check.js [width height]`.
import sharp from 'sharp';
import { DEFAULT_KEEP_POLICY } from '../dist/strip/keep-policy.js';
import { stripPng } from '../dist/strip/png/strip-png.js';
import { verifyPngStructure } from '../dist/verify/verify-png-structure.js';
import { verifyWithSecondReader } from '../dist/verify/verify-with-second-reader.js';

const width = Number(process.argv[2] ?? 6000);
const height = Number(process.argv[3] ?? 4000);
const noise = { type: 'gaussian', mean: 128, sigma: 60 };
const noisy = await sharp({ create: { width, height, channels: 3, noise } })
  .png()
  .toBuffer();
const png = await sharp(noisy).blur(3).png({ compressionLevel: 6 }).toBuffer();
console.log(`${width}×${height} RGB PNG of ${(png.length / 1e6).toFixed(1)} MB`);

const stripped = measure('strip', () => stripPng(png, DEFAULT_KEEP_POLICY));
measure('structure check', () => {
  verifyPngStructure(png, stripped.bytes, DEFAULT_KEEP_POLICY);
});
measure('second reader', () => {
  verifyWithSecondReader(stripped, DEFAULT_KEEP_POLICY);
});

function measure(name, run) {
  const start = performance.now();
  const result = run();
  const milliseconds = (performance.now() - start).toFixed(0);
  const rss = (process.memoryUsage().rss / 1e6).toFixed(0);
  console.log(`${name}: ${milliseconds} ms, resident memory ${rss} MB`);
  return result;
}
