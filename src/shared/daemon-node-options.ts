/**
 * Node options for the process that runs the daemon. The systemd unit in `systemd/` and the
 * LaunchAgent in `launchd/` write the same options out, so a change here goes there too.
 *
 * `--max-semi-space-size=1` caps each of V8's semi-spaces on the main thread at 1 MiB instead
 * of the 16 MiB that V8 grows them to (Node 20.20.2, 64-bit Linux). The main thread allocates
 * little on V8's heap per file, but it keeps the file bytes in ArrayBuffers outside the heap,
 * which are freed only when a collection finds their JavaScript objects dead. A small young
 * generation is collected often, so fewer dead buffers stay allocated. In a burst of 600 JPEGs
 * of 0.8 MB, measured in-process on a 2-core machine, peak RSS was 195 to 197 MB with this
 * option and 287 to 295 MB without it, and the burst took the same time. Worker threads set
 * their own limit through `WorkerPool`.
 * NOTE: that measurement predates the workers reading each file themselves and the daemon
 * freeing each cleaned file's buffer after its commit. Whether 1 MiB still helps is unmeasured.
 *
 * `--heap-growing-percent=50` makes V8 start a full collection of the main thread's heap once
 * its old generation has grown to 1.5 times what the last one left alive. Without it, V8 11.3
 * (Node 20) picks a larger factor by its own heuristics. It sets no limit: a larger live set
 * only means more frequent full collections. In a burst, chokidar's re-reads of the inbox promote
 * short-lived `fs.Stats` objects, and the old generation grew to 146 MB around 40 MB of live
 * objects. In back-to-back runs of the benchmark's burst of 5,000 JPEGs on a loaded 2-core
 * machine (load average about 5), peak RSS was 280 MB without this option and 184 MB with it,
 * at 35 files/s both times.
 */
export const DAEMON_NODE_OPTIONS: readonly string[] = [
  '--max-semi-space-size=1',
  '--heap-growing-percent=50',
];

/**
 * Environment of the daemon's process on Linux, which tunes glibc's malloc. The systemd unit
 * writes it out as `Environment=` lines, and the benchmark starts the daemon with it. macOS
 * does not use glibc, so the LaunchAgent leaves it out.
 *
 * The main thread reads each file into a buffer of its size (about 0.8 MB for a camera JPEG)
 * twice: once to check that the file is complete, once for its job. glibc gives a buffer above
 * `M_MMAP_THRESHOLD` its own mapping, which goes back to the system when the buffer is freed.
 * But each time it frees such a buffer, glibc raises the threshold to the buffer's size, up to
 * 32 MiB (glibc `mallopt(3)`). After the first few files, every buffer then comes from the
 * main heap, which a burst fragments. Setting the threshold to 128 KiB, its starting value,
 * turns that adjustment off. Two back-to-back runs of the benchmark's burst of 5,000 JPEGs on
 * a loaded 2-core machine took the same time. Peak RSS was 284 MB with the setting and 372 MB
 * without it, and the main heap held 12 MB mid-burst against 82 MB.
 */
export const DAEMON_MALLOC_ENVIRONMENT: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: '131072',
};
