// Describes the machine a benchmark runs on, and samples its load average while it runs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { round } from './stats.js';

/** Returns cores, CPU model, memory, Node, kernel, and the file system and disk of `dir`. */
export function describeMachine(dir) {
  const mount = runQuietly('findmnt', ['-no', 'FSTYPE,SOURCE,OPTIONS', '-T', dir]);
  const [fileSystem = '?', device = '?', mountOptions = ''] = mount.split(/\s+/);
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? '?',
    memoryGb: round(os.totalmem() / 1e9, 1),
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    fileSystem,
    device,
    mountOptions,
    disk: describeDisk(device),
  };
}

function describeDisk(device) {
  const name = path.basename(device);
  try {
    const isRotational = readFileSync(`/sys/block/${name}/queue/rotational`, 'utf8').trim();
    const model = runQuietly('lsblk', ['-dno', 'MODEL', device]) || 'no model reported';
    // A virtio disk reports itself as rotational whatever backs it.
    const kind = name.startsWith('vd') ? 'virtio block device' : 'block device';
    return `${kind} ${name} (${model}, rotational flag ${isRotational})`;
  } catch {
    return `${device} (not a block device this script can describe)`;
  }
}

function runQuietly(command, args) {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

/**
 * Samples the 1-minute load average every `intervalMs`, tagged with the section that
 * `setSection` named last. `summarize()` returns min, mean and max per section.
 */
export function startLoadSampler(intervalMs = 2_000) {
  let section = 'setup';
  const samples = [];
  const take = () => samples.push({ section, load: os.loadavg()[0] });
  take();
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    setSection(name) {
      section = name;
      take();
    },
    stop() {
      clearInterval(timer);
    },
    summarize() {
      const bySection = new Map();
      for (const sample of samples) {
        const loads = bySection.get(sample.section) ?? [];
        loads.push(sample.load);
        bySection.set(sample.section, loads);
      }
      return [...bySection].map(([name, loads]) => ({
        section: name,
        min: round(Math.min(...loads), 2),
        mean: round(loads.reduce((sum, load) => sum + load, 0) / loads.length, 2),
        max: round(Math.max(...loads), 2),
      }));
    },
  };
}
