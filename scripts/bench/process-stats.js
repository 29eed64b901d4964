// Reads what a running process costs from /proc (Linux only): CPU time, resident memory,
// open descriptors and inotify watches.
import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * Returns the CPU time of every thread of `pid` in nanoseconds, summed from each thread's
 * `schedstat`, which counts in nanoseconds where `stat` counts in 10 ms clock ticks.
 */
export async function readCpuNs(pid) {
  let total = 0;
  for (const task of await readdir(`/proc/${pid}/task`)) {
    const text = await readFile(`/proc/${pid}/task/${task}/schedstat`, 'utf8').catch(() => '0');
    total += Number(text.split(' ')[0]);
  }
  return total;
}

/** Returns `VmRSS` (current) and `VmHWM` (peak) of `pid` in megabytes (10^6 bytes). */
export async function readMemoryMb(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const readKb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rssMb: (readKb('VmRSS') * 1024) / 1e6, peakRssMb: (readKb('VmHWM') * 1024) / 1e6 };
}

/** Returns the number of open descriptors of `pid` and the inotify watches they hold. */
export async function readDescriptors(pid) {
  const fds = await readdir(`/proc/${pid}/fd`);
  let inotifyWatches = 0;
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    if (target === 'anon_inode:inotify') {
      const info = await readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8').catch(() => '');
      inotifyWatches += info.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
    }
  }
  return { openDescriptors: fds.length, inotifyWatches };
}

/** Returns the bytes and read calls `pid` made so far, from `/proc/<pid>/io`. */
export async function readIoCounters(pid) {
  const text = await readFile(`/proc/${pid}/io`, 'utf8');
  const readField = (name) => Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(text)?.[1]);
  return { readBytes: readField('rchar'), readCalls: readField('syscr') };
}

/**
 * Samples the resident memory of `pid` every `intervalMs` until `stop()`, which resolves with
 * the highest sample in megabytes.
 */
export function sampleMemory(pid, intervalMs = 200) {
  let maxRssMb = 0;
  const timer = setInterval(() => {
    readMemoryMb(pid).then(
      ({ rssMb }) => {
        maxRssMb = Math.max(maxRssMb, rssMb);
      },
      () => undefined,
    );
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return maxRssMb;
    },
  };
}
