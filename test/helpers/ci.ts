/** True when the suite runs under CI, where a missing test dependency fails instead of skipping. */
export const IS_CI = process.env.METACLEAR_CI === '1';

/**
 * Reports a missing test dependency: a loud warning on a developer machine, a thrown error
 * under `METACLEAR_CI=1`. Returns true when the caller should skip.
 */
export function reportMissingDependency(what: string, howToGet: string): boolean {
  const message = `${what} is missing, so its tests are skipped. ${howToGet}`;
  if (IS_CI) {
    throw new Error(`METACLEAR_CI=1: ${message}`);
  }
  console.warn(`\n[skip] ${message}\n`);
  return true;
}
