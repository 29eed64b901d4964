// Prints vitest's JSON results as one plain `N passed, N failed, N skipped` line.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`ci: cannot read test results from ${file}: ${error.message}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
// A test file that fails to load has no test results of its own, so it counts as one failure.
const brokenFiles = results.testResults.filter(
  (file) => file.status === 'failed' && file.assertionResults.length === 0,
).length;
const failed = results.numFailedTests + brokenFiles;
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
