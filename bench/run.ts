import { availableParallelism, loadavg } from 'node:os';
import { runInChild } from './child.ts';
import type { Dialect } from './database.ts';
import type { AnnualReportJob, AnnualReportMeasurement } from './annual-report-measure.ts';
import type { WordDraftMeasurement } from './annual-report-draft.ts';
import type { ConcurrentJob, ConcurrentMeasurement } from './concurrent-measure.ts';
import type { InsightMeasureJob, InsightMeasurement } from './insight-measure.ts';
import type { ImportMeasureJob, ImportMeasureResult } from './import-measure.ts';
import type { MeasureJob } from './measure.ts';
import type { ScaleOutJob, ScaleOutMeasurement } from './scale-out-measure.ts';
import type { ReadMeasureJob, ReadMeasurement, ReadPage } from './read-measure.ts';
import { type Measurement, formatLoadRow, formatReadRow, formatRow, perSecond, percentile } from './stats.ts';
import type { AuditChainJob, GenerateResult, VerifyResult, WriteResult } from './audit-chain-measure.ts';

// 1. Concern submissions per second through Haven's real HTTP routes, compared with a bare
//    Fastify app doing one INSERT per request, measured in the same run on the same kind of
//    database. Each server runs in a fresh process (measure.ts) and is loaded from another
//    (load-client.ts), so neither shares a core or a heap with what it is compared with.
// 2. Reading the triage queue and a person's chronology on a database of synthetic concerns
//    (a million by default), through HTTP against the bare queries in the same run
//    (read-measure.ts, read-client.ts, the data from synthetic-data.ts).
// 3. Many users at once (load): the triage queue and a concern's page under `connections`
//    concurrent clients for `seconds`, against the same queries run by as many concurrent
//    callers; Haven's peak RSS from its own process (concurrent-measure.ts, server-process.ts).
// 4. Scale-out (PostgreSQL only): the recording journey and the triage queue at the same
//    concurrency against one Haven instance and against two on one database, requests sent to
//    each in turn; requests/s, p50/p99, each instance's peak RSS and CPU (scale-out-measure.ts).

// 5. Insight (issue 9): the annual report, the by-service-area table and the trend flags through
//    HTTP against the same figures counted from the concerns table (the bare aggregates), then
//    `haven import concerns` on a CSV of BENCH_IMPORT_ROWS rows (100,000 by default): time and
//    peak RSS, with migration 0034's report-count triggers and without (insight-measure.ts).
//    `report-counts`: concern submissions with and without those triggers, alternately.
//    The import alone (part `import`): on BENCH_IMPORT_BASE synthetic concerns, exports of
//    BENCH_IMPORT_ROWS and twice as many rows (memory must not grow with the file), each run
//    BENCH_IMPORT_ROUNDS times; the audit chain verified before and after (import-measure.ts).
// 6. The audit chain (issue 13): concern submissions with chained audit against the same
//    submissions with audit events written unchained, and one audited transaction each way;
//    then the time and memory to verify a chain of ten million events (audit-chain-measure.ts).
// 7. Encryption at rest (issue 13): concern submissions with special-category text and timeline
//    details encrypted against the same submissions with encryption switched off
//    (HAVEN_BENCH_WITHOUT_ENCRYPTION, refused in production), alternating on, off, on, off.

const parts = [
  'submissions',
  'queue',
  'chronology',
  'load',
  'annual-report',
  'scale-out',
  'insight',
  'import',
  'report-counts',
  'audit-chain',
  'encryption',
] as const;
type Part = (typeof parts)[number];

type Settings = {
  parts: Part[];
  users: number;
  submissions: number;
  concerns: number;
  readRequests: number;
  loadConnections: number;
  loadSeconds: number;
  scaleSubmissions: number;
  scaleSeconds: number;
  importRows: number;
  importBase: number;
  importRounds: number;
  importProfileDir: string | undefined;
  auditEvents: number;
  auditWrites: number;
  postgresUrl: string | undefined;
  /** BENCH_SQLITE=no leaves SQLite out of the insight and report-counts parts (to run PostgreSQL's alone). */
  sqlite: boolean;
};

const measureScript = new URL('./measure.ts', import.meta.url);
const readMeasureScript = new URL('./read-measure.ts', import.meta.url);
const concurrentMeasureScript = new URL('./concurrent-measure.ts', import.meta.url);
const annualReportScript = new URL('./annual-report-measure.ts', import.meta.url);
const annualReportRuns = 5;
const scaleOutMeasureScript = new URL('./scale-out-measure.ts', import.meta.url);
const insightMeasureScript = new URL('./insight-measure.ts', import.meta.url);
const importMeasureScript = new URL('./import-measure.ts', import.meta.url);
const readWarmUp = 20;
const readTurns = 5;

function readSettings(env: NodeJS.ProcessEnv): Settings {
  return {
    parts: readParts(env.BENCH_ONLY),
    users: positiveInteger(env, 'BENCH_USERS', 8),
    submissions: positiveInteger(env, 'BENCH_SUBMISSIONS', 400),
    concerns: positiveInteger(env, 'BENCH_CONCERNS', 1_000_000, 10_000_000),
    readRequests: positiveInteger(env, 'BENCH_READ_REQUESTS', 200),
    loadConnections: positiveInteger(env, 'BENCH_LOAD_CONNECTIONS', 50, 1_000),
    loadSeconds: positiveInteger(env, 'BENCH_LOAD_SECONDS', 60, 3_600),
    scaleSubmissions: positiveInteger(env, 'BENCH_SCALE_SUBMISSIONS', 200),
    scaleSeconds: positiveInteger(env, 'BENCH_SCALE_SECONDS', 20, 3_600),
    importRows: positiveInteger(env, 'BENCH_IMPORT_ROWS', 100_000, 10_000_000),
    importBase: positiveInteger(env, 'BENCH_IMPORT_BASE', 100_000, 10_000_000),
    importRounds: positiveInteger(env, 'BENCH_IMPORT_ROUNDS', 1, 20),
    importProfileDir: env.BENCH_IMPORT_PROFILE_DIR || undefined,
    auditEvents: positiveInteger(env, 'BENCH_AUDIT_EVENTS', 10_000_000, 100_000_000),
    auditWrites: positiveInteger(env, 'BENCH_AUDIT_WRITES', 1_000),
    postgresUrl: env.TEST_DATABASE_URL || undefined,
    sqlite: env.BENCH_SQLITE !== 'no',
  };
}

/** BENCH_ONLY=queue,chronology runs those parts alone; unset, every part runs. */
function readParts(raw: string | undefined): Part[] {
  if (!raw) return [...parts];
  const chosen = raw.split(',').map((part) => part.trim());
  const unknown = chosen.filter((part) => !(parts as readonly string[]).includes(part));
  if (unknown.length > 0 || chosen.length === 0) throw new Error(`BENCH_ONLY takes a list of: ${parts.join(', ')}`);
  return parts.filter((part) => chosen.includes(part));
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, max = 100_000): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(`${name} must be a whole number from 1 to ${max}`);
  return value;
}

function measure(
  dialect: Dialect,
  server: MeasureJob['server'],
  settings: Settings,
  { auditChain = true, reportCounts = true, encryption = true } = {},
): Promise<Measurement> {
  const { users, submissions, postgresUrl } = settings;
  return runInChild<MeasureJob, Measurement>(measureScript, {
    dialect,
    server,
    users,
    submissions,
    postgresUrl,
    auditChain,
    reportCounts,
    encryption,
  });
}

/**
 * Submissions with encryption on and off, twice each, alternating so both see the same load;
 * the ratio is of the summed durations (time per submission with encryption ÷ without).
 */
async function benchEncryption(dialect: Dialect, label: string, settings: Settings): Promise<void> {
  const on: Measurement[] = [];
  const off: Measurement[] = [];
  for (let round = 0; round < 2; round++) {
    on.push(await measure(dialect, 'haven', settings));
    off.push(await measure(dialect, 'haven', settings, { encryption: false }));
  }
  const rate = (list: Measurement[]) => list.reduce((sum, m) => sum + perSecond(m), 0) / list.length;
  const p50 = (list: Measurement[]) => median(list.flatMap((m) => m.latenciesMs));
  console.log(
    `${label.padEnd(11)} submissions  encrypted ${rate(on).toFixed(1)}/s p50 ${p50(on).toFixed(0)} ms, ` +
      `unencrypted ${rate(off).toFixed(1)}/s p50 ${p50(off).toFixed(0)} ms; ` +
      `time per submission ×${(rate(off) / rate(on)).toFixed(3)} with encryption ` +
      `(rounds: ${on.map((m, i) => `${perSecond(m).toFixed(1)}/${perSecond(off[i]!).toFixed(1)}`).join(', ')} per s)`,
  );
}

const auditChainScript = new URL('./audit-chain-measure.ts', import.meta.url);

async function benchAuditChain(dialect: Dialect, label: string, settings: Settings): Promise<void> {
  const { postgresUrl } = settings;
  const chained = await measure(dialect, 'haven', settings);
  const unchained = await measure(dialect, 'haven', settings, { auditChain: false });
  const rate = (m: Measurement) => perSecond(m);
  console.log(
    `${label.padEnd(11)} submissions  chained ${rate(chained).toFixed(1)}/s p50 ${median(chained.latenciesMs).toFixed(0)} ms, ` +
      `unchained ${rate(unchained).toFixed(1)}/s p50 ${median(unchained.latenciesMs).toFixed(0)} ms; ` +
      `time per submission ×${(rate(unchained) / rate(chained)).toFixed(3)} with the chain`,
  );
  const writes = await runInChild<AuditChainJob, WriteResult>(auditChainScript, {
    step: 'write',
    dialect,
    writes: settings.auditWrites,
    postgresUrl,
  });
  const [withChain, without] = [median(writes.chainedMs), median(writes.unchainedMs)];
  console.log(
    `${''.padEnd(11)} one audited transaction (p50 of ${settings.auditWrites} each way)  chained ${withChain.toFixed(3)} ms, ` +
      `unchained ${without.toFixed(3)} ms: ×${(withChain / without).toFixed(2)}`,
  );
  process.stdout.write(
    `${''.padEnd(11)} generating a chain of ${settings.auditEvents.toLocaleString('en-GB')} events… `,
  );
  const generated = await runInChild<AuditChainJob, GenerateResult>(auditChainScript, {
    step: 'generate',
    dialect,
    events: settings.auditEvents,
    postgresUrl,
  });
  console.log(`${seconds(generated.loadMs)}`);
  const verified = await runInChild<AuditChainJob, VerifyResult>(auditChainScript, {
    step: 'verify',
    config: generated.config,
    postgresUrl,
  });
  const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
  console.log(
    `${''.padEnd(11)} verify ${verified.events.toLocaleString('en-GB')} events in ${seconds(verified.verifyMs)} ` +
      `(${Math.round(verified.events / (verified.verifyMs / 1000)).toLocaleString('en-GB')} events/s), ` +
      `${verified.breaks} breaks; RSS ${mb(verified.startRssBytes)} before, peak ${mb(verified.peakRssBytes)}`,
  );
}

const median = (values: readonly number[]) => percentile(values, 50);

async function benchDialect(dialect: Dialect, label: string, settings: Settings): Promise<void> {
  const haven = await measure(dialect, 'haven', settings);
  const baseline = await measure(dialect, 'baseline', settings);
  console.log(formatRow(label, haven, baseline));
}

async function benchReads(dialect: Dialect, label: string, settings: Settings): Promise<void> {
  const pages = settings.parts.filter((part): part is ReadPage => part === 'queue' || part === 'chronology');
  const job: ReadMeasureJob = {
    dialect,
    concerns: settings.concerns,
    pages,
    warmUp: readWarmUp,
    requests: settings.readRequests,
    turns: readTurns,
    postgresUrl: settings.postgresUrl,
  };
  // The child prints nothing while it loads, so this line is finished when it answers.
  process.stdout.write(`${label.padEnd(11)} ${settings.concerns.toLocaleString('en-GB')} synthetic concerns… `);
  const {
    generation,
    floorMs,
    pages: measured,
  } = await runInChild<ReadMeasureJob, ReadMeasurement>(readMeasureScript, job);
  const rebuilt = generation.derivedMs > 0 ? `, search documents ${seconds(generation.derivedMs)}` : '';
  const analyze = dialect === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE';
  console.log(
    `${generation.rows.toLocaleString('en-GB')} rows in ${seconds(generation.loadMs)}${rebuilt}, ` +
      `${analyze} ${seconds(generation.analyzeMs)}`,
  );
  console.log(`${label.padEnd(11)} HTTP floor     GET /healthz p50 ${percentile(floorMs, 50).toFixed(1)} ms`);
  for (const page of measured) {
    const name = page.page === 'queue' ? 'triage queue' : 'chronology';
    console.log(`${formatReadRow(label, name, page)}   (${page.about})`);
  }
}

async function benchConcurrent(dialect: Dialect, label: string, settings: Settings): Promise<void> {
  const job: ConcurrentJob = {
    dialect,
    concerns: settings.concerns,
    connections: settings.loadConnections,
    seconds: settings.loadSeconds,
    postgresUrl: settings.postgresUrl,
  };
  process.stdout.write(`${label.padEnd(11)} ${settings.concerns.toLocaleString('en-GB')} synthetic concerns… `);
  const { generation, pages } = await runInChild<ConcurrentJob, ConcurrentMeasurement>(concurrentMeasureScript, job);
  console.log(`${generation.rows.toLocaleString('en-GB')} rows in ${seconds(generation.loadMs)}`);
  for (const page of pages) console.log(formatLoadRow(label, page));
}

async function benchInsight(dialect: Dialect, label: string, settings: Settings): Promise<void> {
  const job: InsightMeasureJob = {
    dialect,
    concerns: settings.concerns,
    importRows: settings.importRows,
    warmUp: 5,
    requests: Math.min(settings.readRequests, 50),
    // With both parts, the Word draft is timed on the insight part's database: generated once.
    wordDraftRuns: settings.parts.includes('annual-report') ? annualReportRuns : 0,
    postgresUrl: settings.postgresUrl,
  };
  process.stdout.write(`${label.padEnd(11)} ${settings.concerns.toLocaleString('en-GB')} synthetic concerns… `);
  // The measuring process runs the bare aggregates, which are not Haven: without Haven's heap cap.
  const { generation, pages, wordDraft, importRuns } = await runInChild<InsightMeasureJob, InsightMeasurement>(
    insightMeasureScript,
    job,
    { nodeFlags: [] },
  );
  console.log(`${generation.rows.toLocaleString('en-GB')} rows in ${seconds(generation.loadMs)}`);
  for (const page of pages) {
    const [p50, p95, s50, s95] = [
      percentile(page.httpMs, 50),
      percentile(page.httpMs, 95),
      percentile(page.sqlMs, 50),
      percentile(page.sqlMs, 95),
    ];
    console.log(
      `${label.padEnd(11)} ${page.name.padEnd(16)} HTTP p50 ${ms(p50)} p95 ${ms(p95)}   SQL p50 ${ms(s50)} p95 ${ms(s95)}   ` +
        `p95 ratio ${(p95 / s95).toFixed(2)}×   (${page.about}; targets p95 ≤ 300 ms and ≤ 2×)`,
    );
  }
  if (wordDraft) printWordDraft(label, wordDraft, null);
  const { withCounts, withoutCounts } = importRuns;
  console.log(
    `${label.padEnd(11)} haven import concerns: ${withCounts.rows.toLocaleString('en-GB')} rows in ${withCounts.seconds.toFixed(1)} s, ` +
      `peak RSS ${Math.round(withCounts.peakRssBytes / 1024 / 1024)} MB (targets ≤ 10 s and ≤ 300 MB)\n            ${withCounts.summary}`,
  );
  console.log(
    `${label.padEnd(11)} the same import without the report-count triggers (new references): ${withoutCounts.seconds.toFixed(1)} s, ` +
      `peak RSS ${Math.round(withoutCounts.peakRssBytes / 1024 / 1024)} MB; with them ×${(withCounts.seconds / withoutCounts.seconds).toFixed(2)}`,
  );
}

/**
 * What migration 0034's triggers and indexes cost a concern submission: Haven's whole recording
 * journey with them and without them, alternately (with, without, with, without), fresh databases.
 */
async function benchReportCounts(dialect: Dialect, label: string, settings: Settings): Promise<void> {
  const rates: Record<'with' | 'without', Measurement[]> = { with: [], without: [] };
  for (let round = 0; round < 2; round += 1) {
    rates.with.push(await measure(dialect, 'haven', settings));
    rates.without.push(await measure(dialect, 'haven', settings, { reportCounts: false }));
  }
  const rate = (list: Measurement[]) => list.reduce((sum, m) => sum + perSecond(m), 0) / list.length;
  const p50 = (list: Measurement[]) => list.map((m) => median(m.latenciesMs).toFixed(0)).join(', ');
  console.log(
    `${label.padEnd(11)} submissions  with the report counts ${rate(rates.with).toFixed(1)}/s (p50 ${p50(rates.with)} ms), ` +
      `without ${rate(rates.without).toFixed(1)}/s (p50 ${p50(rates.without)} ms); ` +
      `time per submission ×${(rate(rates.without) / rate(rates.with)).toFixed(3)} with them`,
  );
}

async function benchImport(dialect: Dialect, label: string, settings: Settings): Promise<void> {
  const job: ImportMeasureJob = {
    dialect,
    concerns: settings.importBase,
    sizes: [settings.importRows, settings.importRows * 2],
    rounds: settings.importRounds,
    profileDir: settings.importProfileDir,
    postgresUrl: settings.postgresUrl,
  };
  process.stdout.write(`${label.padEnd(11)} ${settings.importBase.toLocaleString('en-GB')} synthetic concerns… `);
  const { generation, runs, chain } = await runInChild<ImportMeasureJob, ImportMeasureResult>(importMeasureScript, job);
  console.log(`${generation.rows.toLocaleString('en-GB')} rows in ${seconds(generation.loadMs)}`);
  for (const run of runs)
    console.log(
      `${label.padEnd(11)} ${run.rows.toLocaleString('en-GB').padStart(9)} rows ` +
        `${run.seconds.toFixed(1).padStart(6)} s  ${Math.round(run.rows / run.seconds)
          .toLocaleString('en-GB')
          .padStart(7)} rows/s  ` +
        `CPU ${run.cpuSeconds.toFixed(1).padStart(5)} s  ` +
        `peak RSS ${Math.round(run.peakRssBytes / 1024 / 1024)} MB` +
        (run.serverCpuSeconds === undefined ? '' : `  PostgreSQL CPU ${run.serverCpuSeconds.toFixed(1)} s`),
    );
  console.log(
    `${label.padEnd(11)} audit chain: ${chain.events.toLocaleString('en-GB')} events afterwards; breaks ${chain.breaksBefore} ` +
      `before the imports (synthetic events are unchained), ${chain.breaksAfter} after`,
  );
}

const ms = (value: number) => `${Math.round(value)} ms`.padEnd(7);

function printLoadHeader(settings: Settings): void {
  console.log(
    `\nMany users at once on ${settings.concerns.toLocaleString('en-GB')} synthetic concerns: ` +
      `${settings.loadConnections} concurrent connections for ${settings.loadSeconds} s per page ` +
      `(${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the start)`,
  );
  console.log('  HTTP      autocannon, signed in as the DSO, against Haven in a process of its own');
  console.log(
    `  SQL       the page's own queries, ${settings.loadConnections} concurrent callers on the same database`,
  );
  console.log('  failed    connection errors, timeouts (10 s) and answers other than 200');
  console.log("  peak RSS  the Haven server process's VmHWM; targets: 0 failed, p99 ≤ 1 s, peak RSS ≤ 300 MB\n");
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// 4. The annual report to Cabinet: the Word draft for the busiest financial year, as the
//    download builds it, against that year's public insight report alone (the figures it holds).
async function benchAnnualReport(dialect: Dialect, label: string, settings: Settings): Promise<void> {
  const job: AnnualReportJob = {
    dialect,
    concerns: settings.concerns,
    runs: annualReportRuns,
    postgresUrl: settings.postgresUrl,
  };
  process.stdout.write(`${label.padEnd(11)} ${settings.concerns.toLocaleString('en-GB')} synthetic concerns… `);
  const result = await runInChild<AnnualReportJob, AnnualReportMeasurement>(annualReportScript, job);
  console.log(`${result.generation.rows.toLocaleString('en-GB')} rows in ${seconds(result.generation.loadMs)}`);
  printWordDraft(label, result, result.peakRssMb);
}

function printWordDraft(label: string, result: WordDraftMeasurement, peakRssMb: number | null): void {
  const report = median(result.reportMs);
  const figures = median(result.figuresMs);
  console.log(
    `${label.padEnd(11)} annual report ${result.yearLabel} (${result.concernsInYear.toLocaleString('en-GB')} concerns): ` +
      `Word draft ${seconds(report)} median of ${result.reportMs.length}, worst ${seconds(Math.max(...result.reportMs))} ` +
      `(target ≤ 5 s); the year's figures alone ${seconds(figures)}; ratio ${(report / figures).toFixed(2)}×; ` +
      `${Math.round(result.documentBytes / 1024)} KB; RSS grew ${result.rssGrowthMb} MB while drafting` +
      (peakRssMb === null ? '' : `; process peak RSS ${peakRssMb} MB`),
  );
}

function printReadHeader(settings: Settings): void {
  console.log(
    `\nReading as a DSO on ${settings.concerns.toLocaleString('en-GB')} synthetic concerns over three years: ` +
      `${settings.readRequests} sequential requests per page after ${readWarmUp} untimed, in ${readTurns} turns with its SQL ` +
      `(${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the start)`,
  );
  console.log(
    '  HTTP             GET through Haven on 127.0.0.1 from another process, signed in: session, audit, page',
  );
  console.log("  in server        the same requests inside Haven's HTTP server, from arrival to the last byte sent");
  console.log('  SQL reads        the query functions the page reads with, called directly on the same database');
  console.log(
    '  paced            those reads again, one every HTTP p50, idle between as the server is between requests',
  );
  console.log("  reads+audit      those reads, then the page's audit rows, as the page writes them");
  console.log(
    '  ratio            HTTP p50 / that SQL p50; the target (≤ 3×) is against the reads alone, in a tight loop',
  );
  console.log(
    '  HTTP floor       GET /healthz by the same client and server: what any request costs before its page\n' +
      '                   (HTTP on 127.0.0.1, the session read, headers, one trivial query)\n',
  );
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
    "  requests  HTTP requests/s: Haven's over its journeys against the baseline's (one each), like for like",
  );
  console.log(
    '  p50/p95   time for one whole Haven submission; peak RSS: each server process, start-up and sign-ins included\n',
  );
}

async function benchScaleOut(settings: Settings, postgresUrl: string): Promise<void> {
  console.log(
    `\nScale-out on PostgreSQL: one Haven instance, then two on the same database, requests round-robin ` +
      `(${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the start)`,
  );
  console.log(
    `  recording     ${settings.users} virtual reporters, ${settings.scaleSubmissions} timed submissions ` +
      '(15 requests each); p50/p99 per whole submission',
  );
  console.log(
    `  triage queue  ${settings.loadConnections} concurrent connections for ${settings.scaleSeconds} s, signed in as the DSO`,
  );
  console.log('  peak RSS / CPU  each instance process (VmHWM; user + system seconds over the whole run)\n');
  console.log('  instances  page           requests/s      p50      p99  failed  peak RSS (MB)   CPU (s)');
  for (const instances of [1, 2]) {
    const job: ScaleOutJob = {
      instances,
      users: settings.users,
      submissions: settings.scaleSubmissions,
      queueConnections: settings.loadConnections,
      queueSeconds: settings.scaleSeconds,
      postgresUrl,
    };
    const result = await runInChild<ScaleOutJob, ScaleOutMeasurement>(scaleOutMeasureScript, job);
    const rss = result.peakRssBytes.map((bytes) => Math.round(bytes / 1024 / 1024)).join(' + ');
    const cpu = result.cpuSeconds.map((value) => value.toFixed(0)).join(' + ');
    for (const row of result.rows) {
      console.log(
        `  ${String(instances).padEnd(9)}  ${row.page.padEnd(13)}  ${row.requestsPerSecond.toFixed(1).padStart(10)}  ` +
          `${row.p50Ms.toFixed(0).padStart(5)} ms  ${row.p99Ms.toFixed(0).padStart(5)} ms  ${String(row.failed).padStart(6)}  ` +
          `${rss.padStart(13)}  ${cpu.padStart(8)}`,
      );
    }
    console.log(`  ${''.padEnd(9)}  (whole run ${result.wallSeconds.toFixed(0)} s)`);
  }
}

function printAuditChainHeader(settings: Settings): void {
  console.log(
    `\nThe audit chain: ${settings.submissions} concern submissions with chained audit and the same without, ` +
      `${settings.users} virtual users; then a chain of ${settings.auditEvents.toLocaleString('en-GB')} events verified ` +
      `(${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the start)`,
  );
  console.log('  submissions  the whole HTTP journey (15 requests), audit events chained or written unchained');
  console.log('  transaction  one audit event in its own transaction, chained and unchained alternating in blocks');
  console.log('  verify       haven audit verify’s function in a fresh process; RSS before it started and its peak\n');
}

const postgresSkipped =
  'PostgreSQL  skipped: TEST_DATABASE_URL is not set (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)';

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  if (settings.parts.includes('submissions')) {
    printHeader(settings);
    await benchDialect('sqlite', 'SQLite', settings);
    if (settings.postgresUrl) await benchDialect('postgres', 'PostgreSQL', settings);
    else console.log(postgresSkipped);
  }
  if (settings.parts.includes('queue') || settings.parts.includes('chronology')) {
    printReadHeader(settings);
    await benchReads('sqlite', 'SQLite', settings);
    if (settings.postgresUrl) await benchReads('postgres', 'PostgreSQL', settings);
    else console.log(postgresSkipped);
  }
  // With the insight part as well, the Word draft is timed on the insight part's database.
  if (settings.parts.includes('annual-report') && !settings.parts.includes('insight')) {
    console.log(`\nThe annual report to Cabinet, Word draft (${annualReportRuns} timed runs after one untimed)`);
    await benchAnnualReport('sqlite', 'SQLite', settings);
    if (settings.postgresUrl) await benchAnnualReport('postgres', 'PostgreSQL', settings);
    else console.log(postgresSkipped);
  }
  if (settings.parts.includes('insight')) {
    console.log(
      `\nInsight on ${settings.concerns.toLocaleString('en-GB')} synthetic concerns, as the coordinator, ` +
        `sequential requests against the report's bare SQL aggregates; then the command-line import ` +
        `(${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the start)`,
    );
    if (settings.sqlite) await benchInsight('sqlite', 'SQLite', settings);
    if (settings.postgresUrl) await benchInsight('postgres', 'PostgreSQL', settings);
    else console.log(postgresSkipped);
  }
  if (settings.parts.includes('import')) {
    console.log(
      `\nhaven import concerns on ${settings.importBase.toLocaleString('en-GB')} synthetic concerns, ` +
        `${settings.importRows.toLocaleString('en-GB')} and ${(settings.importRows * 2).toLocaleString('en-GB')} rows; ` +
        `targets ≤ 10 s and ≤ 300 MB for 100,000 (${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the start)`,
    );
    await benchImport('sqlite', 'SQLite', settings);
    if (settings.postgresUrl) await benchImport('postgres', 'PostgreSQL', settings);
    else console.log(postgresSkipped);
  }
  if (settings.parts.includes('report-counts')) {
    console.log(
      `\nWhat the report counts (migration 0034's triggers and indexes) cost a concern submission: ` +
        `${settings.submissions} submissions by ${settings.users} users per run, with and without, alternately`,
    );
    if (settings.sqlite) await benchReportCounts('sqlite', 'SQLite', settings);
    if (settings.postgresUrl) await benchReportCounts('postgres', 'PostgreSQL', settings);
    else console.log(postgresSkipped);
  }
  if (settings.parts.includes('load')) {
    printLoadHeader(settings);
    await benchConcurrent('sqlite', 'SQLite', settings);
    if (settings.postgresUrl) await benchConcurrent('postgres', 'PostgreSQL', settings);
    else console.log(postgresSkipped);
  }
  if (settings.parts.includes('scale-out')) {
    // Several instances share one PostgreSQL database; SQLite is one process.
    if (settings.postgresUrl) await benchScaleOut(settings, settings.postgresUrl);
    else console.log(`\nScale-out ${postgresSkipped}`);
  }
  if (settings.parts.includes('encryption')) {
    console.log(
      `\nEncryption at rest: ${settings.submissions} concern submissions (the whole HTTP journey, 15 requests) ` +
        `with encryption and the same with it switched off, alternating twice, ${settings.users} virtual users ` +
        `(${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the start)`,
    );
    await benchEncryption('sqlite', 'SQLite', settings);
    if (settings.postgresUrl) await benchEncryption('postgres', 'PostgreSQL', settings);
    else console.log(postgresSkipped);
  }
  if (settings.parts.includes('audit-chain')) {
    printAuditChainHeader(settings);
    await benchAuditChain('sqlite', 'SQLite', settings);
    if (settings.postgresUrl) await benchAuditChain('postgres', 'PostgreSQL', settings);
    else console.log(postgresSkipped);
  }
}

main().catch((error: unknown) => {
  console.error(`\nBenchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
