import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.ts';
import { type DatabaseConfig, loadConfig } from '../src/config.ts';
import { connectDatabase } from '../src/db/connect.ts';
import { havenNodeFlags } from './child.ts';

// Haven in a process of its own, so the memory it reports is the server's alone: not the
// generator's, the load client's or the baseline's. The parent reads its peak from /proc.

/**
 * A shared session secret lets several server processes honour one another's sessions (the
 * scale-out part); `settings` are further environment settings (e.g. TWO_FACTOR_ENFORCED).
 */
type Start = { database: DatabaseConfig; sessionSecret?: string; settings?: Record<string, string> };
type Ready = { baseUrl: string } | { error: string };

export type ServerProcess = {
  baseUrl: string;
  /** Resident memory's high-water mark so far (VmHWM), in bytes. */
  peakRssBytes(): number;
  /** CPU time (user + system) the process has used so far, in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
};

const script = fileURLToPath(import.meta.url);

export function startServerProcess(
  database: DatabaseConfig,
  { sessionSecret, settings }: Omit<Start, 'database'> = {},
): Promise<ServerProcess> {
  // BENCH_SERVER_FLAGS (e.g. "--cpu-prof --heap-prof") profiles the server alone.
  const flags = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = fork(script, ['--serve'], {
    stdio: 'inherit',
    execArgv: [...process.execArgv, ...havenNodeFlags, ...flags],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    void exited.then(() => reject(new Error('the Haven server process exited before it listened')));
    child.once('message', (ready: Ready) => {
      if ('error' in ready) return reject(new Error(ready.error));
      resolve({
        baseUrl: ready.baseUrl,
        peakRssBytes: () => readPeakRss(child.pid!),
        cpuSeconds: () => readCpuSeconds(child.pid!),
        stop: async () => {
          child.send('stop');
          await exited;
        },
      });
    });
    child.send({ database, ...(sessionSecret ? { sessionSecret } : {}), settings } satisfies Start);
  });
}

/** VmHWM in /proc/<pid>/status: the kernel's own peak, so no sample can miss a spike. */
function readPeakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kilobytes) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kilobytes) * 1024;
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function serve({ database, sessionSecret, settings }: Start): Promise<void> {
  const db = connectDatabase(database);
  const config = {
    ...loadConfig({
      HAVEN_ENV: 'test',
      LOG_LEVEL: 'silent',
      SIGN_IN_ATTEMPTS_PER_15_MINUTES: '10000',
      ...(sessionSecret ? { SESSION_SECRET: sessionSecret } : {}),
      ...settings,
    }),
    database,
  };
  const app = await buildApp({ config, db });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  process.once('message', () => {
    void app
      .close()
      .then(() => db.destroy())
      .finally(() => process.exit(0));
  });
  process.send!({ baseUrl } satisfies Ready);
}

if (process.argv.includes('--serve')) {
  process.once('message', (start: Start) => {
    serve(start).catch((error: unknown) => {
      process.send!({ error: error instanceof Error ? error.message : String(error) } satisfies Ready, () =>
        process.exit(1),
      );
    });
  });
}
