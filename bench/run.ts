import { availableParallelism } from 'node:os';
import { runInChild } from './child.ts';
import type { Dialect } from './database.ts';
import type { MeasureJob } from './measure.ts';
import { type Measurement, formatRow } from './stats.ts';

// Concern submissions per second through Haven's real HTTP routes, compared with a bare
// Fastify app doing one INSERT per request, measured in the same run on the same kind of
// database. Each server runs in a fresh process (measure.ts) and is loaded from another
// (load-client.ts), so neither shares a core or a heap with what it is compared with.

type Settings = { users: number; submissions: number; postgresUrl: string | undefined };

const measureScript = new URL('./measure.ts', import.meta.url);

function readSettings(env: NodeJS.ProcessEnv): Settings {
  return {
    users: positiveInteger(env, 'BENCH_USERS', 8),
    submissions: positiveInteger(env, 'BENCH_SUBMISSIONS', 400),
    postgresUrl: env.TEST_DATABASE_URL || undefined,
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100_000)
    throw new Error(`${name} must be a whole number from 1 to 100000`);
  return value;
}

function measure(dialect: Dialect, server: MeasureJob['server'], settings: Settings): Promise<Measurement> {
  const { users, submissions, postgresUrl } = settings;
  return runInChild<MeasureJob, Measurement>(measureScript, { dialect, server, users, submissions, postgresUrl });
}

async function benchDialect(dialect: Dialect, label: string, settings: Settings): Promise<void> {
  const haven = await measure(dialect, 'haven', settings);
  const baseline = await measure(dialect, 'baseline', settings);
  console.log(formatRow(label, haven, baseline));
}

function printHeader(settings: Settings): void {
  console.log(
    `Concern submissions over HTTP on 127.0.0.1: ${settings.submissions} timed per server after one warm-up each, ` +
      `${settings.users} concurrent virtual users (Node ${process.version}, ${availableParallelism()} CPUs)`,
  );
  console.log(
    '  haven     one submission = POST start, person, people, then each question page and check answers (15 requests)',
  );
  console.log('  baseline  one submission = one POST to bare Fastify doing one INSERT into concerns');
  console.log(
    '  p50/p95   time for one whole Haven submission; peak RSS: each server process, start-up and sign-ins included\n',
  );
}

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  printHeader(settings);
  await benchDialect('sqlite', 'SQLite', settings);
  if (settings.postgresUrl) {
    await benchDialect('postgres', 'PostgreSQL', settings);
  } else {
    console.log(
      'PostgreSQL  skipped: TEST_DATABASE_URL is not set (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)',
    );
  }
}

main().catch((error: unknown) => {
  console.error(`\nBenchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
