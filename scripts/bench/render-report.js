// Renders the benchmark's results as the Markdown that docs/BENCHMARKS.md contains between its
// `bench:results` markers.

const START_MARKER = '<!-- bench:results:start -->';
const END_MARKER = '<!-- bench:results:end -->';

/** Replaces the text between the markers of `page` (or appends it) with `results`. */
export function replaceResults(page, results) {
  const block = `${START_MARKER}\n${results}\n${END_MARKER}`;
  const start = page.indexOf(START_MARKER);
  const end = page.indexOf(END_MARKER);
  if (start === -1 || end === -1) {
    return `${page.trimEnd()}\n\n${block}\n`;
  }
  return `${page.slice(0, start)}${block}${page.slice(end + END_MARKER.length)}`;
}

/** Returns the Markdown of one run's results. */
export function renderResults(results) {
  const { machine, command, startedAt, minutes, load } = results;
  const parts = [
    `Run of ${startedAt}, ${minutes} minutes, with \`${command}\`.`,
    '',
    table(
      ['machine', ''],
      [
        ['cores', `${machine.cores} (${machine.cpuModel})`],
        ['memory', `${machine.memoryGb} GB`],
        ['Node', machine.node],
        ['kernel', machine.kernel],
        ['file system', `${machine.fileSystem} on ${machine.device} (${machine.mountOptions})`],
        ['disk', machine.disk],
      ],
    ),
    '',
    'Load average (1 minute) sampled every 2 s during each section:',
    '',
    table(
      ['section', 'min', 'mean', 'max'],
      load.map((row) => [row.section, row.min, row.mean, row.max]),
    ),
  ];
  for (const batch of results.throughput) {
    parts.push('', ...renderThroughput(batch));
  }
  if (results.latency !== undefined) {
    parts.push('', ...renderLatency(results.latency));
  }
  if (results.burst !== undefined) {
    parts.push('', ...renderBurst(results.burst));
  }
  if (results.idle !== undefined) {
    parts.push('', ...renderIdle(results.idle));
  }
  if (results.scale !== undefined) {
    parts.push('', ...renderScale(results.scale));
  }
  return parts.join('\n');
}

function renderThroughput(batch) {
  const { tools, ratios } = batch;
  const row = (label, tool, ratioText, target) => [
    label,
    tool.filesPerSecond,
    tool.mbPerSecond,
    `${(tool.ms / 1000).toFixed(2)} s`,
    ratioText,
    target,
  ];
  const rows = [
    row('`cp -r`', tools.cp, '1', ''),
    row('ExifTool, one process', tools.exiftool, '1', ''),
    row(
      '`metaclear clean --out`',
      tools.cleanOut,
      `${ratios.cleanOutVsExiftool}× ExifTool, ${ratios.cleanOutVsCp}× cp`,
      `≥ 3× ExifTool ${mark(ratios.cleanOutVsExiftool >= 3)}, ≥ 0.5× cp ${mark(ratios.cleanOutVsCp >= 0.5)}`,
    ),
  ];
  if (tools.cleanOutNoFsync !== undefined) {
    rows.push(
      row(
        '`metaclear clean --out` under eatmydata (fsync skipped; diagnostic only)',
        tools.cleanOutNoFsync,
        `${ratios.noFsyncVsExiftool}× ExifTool, ${ratios.noFsyncVsCp}× cp`,
        '',
      ),
    );
  }
  if (ratios.inPlaceVsCpSync !== undefined) {
    rows.push(
      row('`cp -r && sync`', tools.cpSync, '1', ''),
      row(
        '`metaclear clean` in place (fsyncs, vault)',
        tools.cleanInPlace,
        `${ratios.inPlaceVsCpSync}× cp && sync`,
        `≥ 0.5× ${mark(ratios.inPlaceVsCpSync >= 0.5)}`,
      ),
    );
  }
  return [
    `### Batch throughput: ${batch.label}`,
    '',
    `${batch.files} files, ${batch.megabytes} MB, ${batch.description}. Median of ${batch.rounds} ` +
      'rounds; each ratio is the median of the ratios taken within a round. `metaclear clean`' +
      ` reported: ${formatCounts(batch.statuses)}` +
      (batch.inPlaceStatuses === null
        ? '.'
        : `; in place: ${formatCounts(batch.inPlaceStatuses)}.`),
    '',
    table(['command', 'files/s', 'MB/s', 'time', 'ratio', 'target'], rows),
  ];
}

function renderLatency(latency) {
  return [
    '### Daemon latency, single drops',
    '',
    `${latency.drops} drops of the ${latency.label} into the inbox, one at a time. From the end`,
    'of the copy to the inotify event of the cleaned file in the output folder. The daemon waits',
    `\`settle.stableMs\` (150 ms) of stable size and mtime before it reads a file; its own`,
    `\`durationMs\` per job (read, clean in a worker, commit) had a median of ${latency.jobP50Ms} ms.`,
    '',
    table(
      ['p50', 'p95', 'max', 'target'],
      [
        [
          `${latency.p50Ms} ms`,
          `${latency.p95Ms} ms`,
          `${latency.maxMs} ms`,
          `p50 < 300 ms ${mark(latency.p50Ms < 300)}, p95 < 1 s ${mark(latency.p95Ms < 1000)}`,
        ],
      ],
    ),
  ];
}

function renderBurst(burst) {
  const isExact =
    burst.cleaned === burst.count &&
    burst.cleanedTwice === 0 &&
    burst.missing === 0 &&
    burst.outputs === burst.count;
  return [
    '### Burst',
    '',
    `${burst.count} files (${burst.label}) copied into the inbox with one \`cp -r\`` +
      ` (the copy itself took ${burst.copySeconds} s), timed until the last cleaned file was published.`,
    '',
    table(
      ['time', 'files/s', 'peak RSS', 'cleaned', 'cleaned twice', 'missing', 'target'],
      [
        [
          `${burst.seconds} s`,
          burst.filesPerSecond,
          `${burst.peakRssMb} MB`,
          burst.cleaned,
          burst.cleanedTwice,
          burst.missing,
          `RSS < 200 MB ${mark(burst.peakRssMb < 200)}, each file once ${mark(isExact)}`,
        ],
      ],
    ),
    '',
    `Outputs ${burst.outputs} (${burst.renamedOutputs} renamed with a number), originals in the` +
      ` vault ${burst.originalsInVault}, files left in the inbox ${burst.leftInInbox}, jobs not` +
      ` cleaned ${burst.notCleaned}. Peak RSS is the daemon process's \`VmHWM\`, worker threads` +
      ' included.',
  ];
}

function renderIdle(idle) {
  return [
    '### Idle',
    '',
    `Three watched folders (an inbox and two in-place folders holding ${idle.watchedFiles} files` +
      ` in all), nothing happening for ${idle.seconds} s, measured from ${idle.settleSeconds} s after` +
      " the daemon's start. CPU time is the sum of every thread's `schedstat`.",
    '',
    table(
      ['CPU time', 'share of one core', 'RSS', 'inotify watches', 'open descriptors', 'target'],
      [
        [
          `${idle.cpuMs} ms`,
          `${idle.cpuPercentOfOneCore} %`,
          `${idle.rssMb} MB (max ${idle.maxRssMb})`,
          idle.inotifyWatches,
          idle.openDescriptors,
          `< 0.1 % ${mark(idle.cpuPercentOfOneCore < 0.1)}, RSS < 80 MB ${mark(idle.maxRssMb < 80)}`,
        ],
      ],
    ),
  ];
}

function renderScale(scale) {
  const rows = scale.cases.map((entry) => [
    entry.name,
    entry.files,
    entry.quiescentMs === null
      ? `not within ${scale.timeoutSeconds} s`
      : `${(entry.quiescentMs / 1000).toFixed(1)} s`,
    `${Math.round(entry.rssMb)} MB (peak ${Math.round(entry.peakRssMb)})`,
    `${entry.heapUsedAfterGcMb} MB`,
    entry.filesRead,
    formatCounts(entry.jobs),
    entry.inotifyWatches,
    entry.openDescriptors,
  ]);
  return [
    '### Scale: start-up on a large screenshots folder',
    '',
    `Small PNGs in folders of ${scale.perFolder}, ${scale.dirtyShare} with metadata, in an` +
      ' in-place folder. Each start runs `createDaemon` from `dist/` in its own process' +
      ' with the real history, and is timed to `onQuiescent()`. Files read counts the files' +
      ' whose contents were read for settling or by a job. Targets: quiescent within 10 s on' +
      ' known files, RSS < 200 MB, watches and descriptors growing with folders, not files.',
    '',
    table(
      [
        'start',
        'files',
        'to onQuiescent()',
        'RSS',
        'heap after GC',
        'files read',
        'jobs',
        'inotify watches',
        'descriptors',
      ],
      rows,
    ),
  ];
}

function mark(isMet) {
  return isMet ? '(met)' : '(**not met**)';
}

function formatCounts(counts) {
  const entries = Object.entries(counts ?? {});
  return entries.length === 0
    ? 'none'
    : entries.map(([key, value]) => `${value} ${key}`).join(', ');
}

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}
