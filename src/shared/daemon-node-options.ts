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
 */
export const DAEMON_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=1'];
