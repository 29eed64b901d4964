// Runs the daemon kill test (test/daemon/kill.test.ts) at a size set on the command line, for
// longer runs than CI's: `npm run kill-test -- --kills 200 --files 1000 --seed 7`. It prints
// the test's figures and exits with vitest's exit code.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '200' },
    files: { type: 'string', default: '1000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
  },
});
for (const [name, value] of Object.entries(values)) {
  if (!/^[1-9]\d*$/.test(value)) {
    console.error(
      `kill-test: --${name} must be a positive integer; received ${JSON.stringify(value)}`,
    );
    process.exit(2);
  }
}

console.log(
  `kill-test: ${values.kills} kills, ${values.files} generated files, seed ${values.seed}`,
);
const vitest = path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', 'test/daemon/kill.test.ts'], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: {
    ...process.env,
    METACLEAR_KILL_TEST_KILLS: values.kills,
    METACLEAR_KILL_TEST_FILES: values.files,
    METACLEAR_KILL_TEST_SEED: values.seed,
  },
});
process.exit(result.status ?? 1);
