#!/usr/bin/env node
// Runs the strip and verify fuzz test for a long local session:
//   npm run fuzz -- [--seed N] [--cases N] [--case N] [--case-timeout-ms N]
// Without --seed it picks a random seed and prints it. Replay a run with --seed, and one of
// its cases with --seed and --case. CI runs the same test with a fixed seed and 3,000 cases.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    cases: { type: 'string', default: '100000' },
    case: { type: 'string' },
    'case-timeout-ms': { type: 'string' },
  },
});

const seed = values.seed ?? String(randomInt(2 ** 32));
console.log(
  `fuzz: run seed ${seed}, ${values.case === undefined ? `${values.cases} cases` : `case ${values.case}`}`,
);

const env = {
  ...process.env,
  METACLEAR_FUZZ_SEED: seed,
  METACLEAR_FUZZ_CASES: values.cases,
  ...(values.case === undefined ? {} : { METACLEAR_FUZZ_CASE: values.case }),
  ...(values['case-timeout-ms'] === undefined
    ? {}
    : { METACLEAR_FUZZ_CASE_TIMEOUT_MS: values['case-timeout-ms'] }),
};
const vitest = path.join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz/strip-fuzz.test.ts'], {
  cwd: REPO_ROOT,
  env,
  stdio: 'inherit',
});
console.log(`fuzz: run seed ${seed} ${run.status === 0 ? 'passed' : 'found problems'}`);
process.exitCode = run.status ?? 1;
