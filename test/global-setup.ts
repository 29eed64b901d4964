import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Compiles `src/` to `dist/` once per run, because the tests that spawn `bin/metaclear.js`
 * run the compiled CLI and a stale `dist/` would test old code.
 */
export default function buildOnce(): void {
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
  } catch {
    // tsc still emits on type errors; `npm run typecheck` is the gate that fails the run.
    console.warn('[global-setup] tsc reported errors; the tests run against what it emitted.');
  }
}
