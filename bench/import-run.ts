import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchDatabase } from './database.ts';
import { havenCommandFlags } from './child.ts';

// `haven import concerns` in a process of its own on a previous system's export: its time and
// its peak resident memory (VmHWM). Shared by the insight part and the import part of the bench.

export type ImportMeasurement = {
  rows: number;
  seconds: number;
  /** The process's own CPU time (user + system), as last sampled: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  peakRssBytes: number;
  /** PostgreSQL's CPU time in the import's server processes (its database's backends): the other half of the work. */
  serverCpuSeconds?: number;
  summary: string;
};

export const havenCli = fileURLToPath(new URL('../src/cli/haven.ts', import.meta.url));

const areas = ['Housing Services', 'Housing Dept', 'Business Improvement', 'Community Services', 'Welfare Reform'];
const categories = [
  'Domestic abuse',
  'DV',
  'Mental ill health',
  'Suicidal thoughts, threats or attempts',
  'Self-neglect',
];

/**
 * A previous system's export: UK dates ten minutes apart from 2015, a department and a category
 * of its own names, two categories in some cells. `prefix` starts each reference, so exports
 * with different prefixes import side by side.
 */
export async function writeExport(file: string, rows: number, prefix = 'OLD'): Promise<void> {
  // Written a few thousand lines at a time: the bench's own heap is capped as Haven's is.
  const out = createWriteStream(file);
  let lines = ['Case Ref,Date Logged,Department,Concern Type,Summary'];
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < rows; i++) {
    if (lines.length >= 5_000) {
      if (!out.write(lines.join('\r\n') + '\r\n')) await once(out, 'drain');
      lines = [];
    }
    const at = new Date(start + i * 600_000);
    const date = `${String(at.getUTCDate()).padStart(2, '0')}/${String(at.getUTCMonth() + 1).padStart(2, '0')}/${at.getUTCFullYear()} ${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
    const kinds = i % 3 === 0 ? `${categories[i % 5]}; ${categories[(i + 1) % 5]}` : categories[i % 5];
    lines.push(
      `${prefix}-${i + 1},${date},${areas[i % 5]},"${kinds}","Imported case ${i + 1}: visit by the housing officer."`,
    );
  }
  out.end(lines.join('\r\n'));
  await once(out, 'close');
}

/** The mapping file for writeExport's columns and names. */
export async function writeExportMapping(file: string): Promise<void> {
  await writeFile(
    file,
    JSON.stringify({
      version: 1,
      columns: {
        reference: 'Case Ref',
        receivedAt: 'Date Logged',
        serviceArea: 'Department',
        categories: 'Concern Type',
        summary: 'Summary',
      },
      dateFormat: 'dd/mm/yyyy hh:mm',
      categorySeparator: ';',
      encoding: 'auto',
      serviceAreas: { 'Housing Dept': 'Housing Services' },
      categories: { DV: 'Domestic abuse' },
    }),
  );
}

/**
 * Runs `haven import concerns FILE` with the flags npm run haven gives it and samples its VmHWM.
 * `cli` may name another checkout's src/cli/haven.ts, to measure a baseline in the same run;
 * `nodeFlags` adds flags such as --cpu-prof.
 */
export async function runImport(
  database: BenchDatabase,
  options: { file: string; mapping: string; rows: number; cli?: string; nodeFlags?: readonly string[] },
): Promise<ImportMeasurement> {
  const config = database.config;
  const env = {
    ...process.env,
    ...(config.kind === 'sqlite' ? { HAVEN_DATA_DIR: path.dirname(config.file) } : { DATABASE_URL: config.url }),
  };
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...havenCommandFlags,
      ...(options.nodeFlags ?? []),
      options.cli ?? havenCli,
      'import',
      'concerns',
      options.file,
      '--mapping',
      options.mapping,
      '--organisation',
      'Haven City Council',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let peak = 0;
  let cpuSeconds = 0;
  const serverDatabase = config.kind === 'postgres' ? new URL(config.url).pathname.slice(1) : null;
  // Each backend's CPU at first sight and last: the bench's own idle connections add nothing.
  const backends = new Map<number, { first: number; last: number }>();
  const childStart = startTime(child.pid!);
  let samples = 0;
  const sample = setInterval(() => {
    try {
      peak = Math.max(peak, vmHwm(child.pid!));
      cpuSeconds = cpuTime(child.pid!);
    } catch {
      // The process has ended between samples: its last reading stands.
    }
    // The import's backends, found every tenth sample (a backend lives as long as its connection).
    if (serverDatabase && samples++ % 10 === 0)
      for (const pid of backendsOf(serverDatabase))
        if (!backends.has(pid)) backends.set(pid, { first: NaN, last: NaN });
    for (const [pid, reading] of backends)
      try {
        reading.last = cpuTime(pid);
        // A backend started after the import did is the import's own: all its CPU counts.
        if (Number.isNaN(reading.first)) reading.first = startTime(pid) >= childStart ? 0 : reading.last;
      } catch {
        // Ended: its last reading stands.
      }
  }, 20);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sample);
  if (status !== 0) throw new Error(`haven import concerns exited ${status}: ${out}`);
  return {
    rows: options.rows,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds,
    peakRssBytes: peak,
    ...(serverDatabase
      ? { serverCpuSeconds: [...backends.values()].reduce((sum, { first, last }) => sum + (last - first || 0), 0) }
      : {}),
    summary: out.trim(),
  };
}

/** VmHWM: the kernel's own peak of the process's resident memory, so no sample misses a spike. */
function vmHwm(pid: number): number {
  const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kilobytes ?? 0) * 1024;
}

/** PostgreSQL server processes serving `database` on this machine (their title names it). */
function backendsOf(database: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.split(' ').includes(database)) found.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** When the process started, in ticks since boot (/proc/PID/stat's 22nd field). */
function startTime(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

/** utime + stime from /proc/PID/stat, in seconds (the kernel counts in ticks of 1/100 s). */
function cpuTime(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
