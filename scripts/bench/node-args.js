// Node flags for the MetaClear processes the benchmark starts. Node does not accept
// `--cpu-prof` in NODE_OPTIONS, so `run-bench.js --cpu-prof DIR` passes the directory in
// METACLEAR_BENCH_CPU_PROF and each spawn adds the flags itself.

/** Returns `--cpu-prof` flags when METACLEAR_BENCH_CPU_PROF names a directory, else none. */
export function getProfileArgs() {
  const dir = process.env.METACLEAR_BENCH_CPU_PROF;
  return dir === undefined || dir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}
