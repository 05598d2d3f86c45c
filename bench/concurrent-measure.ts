import autocannon from 'autocannon';
import type { HavenDb } from '../src/db/connect.ts';
import { demoPassword } from '../src/db/demo-data.ts';
import type { Actor } from '../src/domain/access-policy.ts';
import { findConcernAccessFacts } from '../src/concerns/concern-access.queries.ts';
import { viewConcernQueries } from '../src/features/view-concern/view-concern.ts';
import { listAwaitingTriage } from '../src/features/triage/triage.queries.ts';
import { dsoEmail, findActor } from './bench-actor.ts';
import { serveChild } from './child.ts';
import { type Dialect, createSeededDatabase } from './database.ts';
import { type Generation, fillWithConcerns } from './generate.ts';
import { HavenVisitor } from './haven-visitor.ts';
import { startServerProcess } from './server-process.ts';

// Many signed-in users at once: a DSO's triage queue and one concern's page, each loaded by
// `connections` clients for `seconds` through Haven (a server process of its own, driven by
// autocannon from this one), then the same page's queries called by as many concurrent
// callers for as long, on the same database, while the server is stopped.

export type ConcurrentPage = 'queue' | 'concern';

export type ConcurrentJob = {
  dialect: Dialect;
  concerns: number;
  connections: number;
  seconds: number;
  postgresUrl?: string;
};

export type LoadFigures = {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and answers other than 200: any is a failed run. */
  errors: number;
  timeouts: number;
  non200: number;
};

export type ConcurrentPageMeasurement = {
  page: ConcurrentPage;
  about: string;
  http: LoadFigures;
  sql: LoadFigures;
  peakRssBytes: number;
};

export type ConcurrentMeasurement = { generation: Generation; pages: ConcurrentPageMeasurement[] };

type Page = { path: string; about: string; expect: RegExp; query(): Promise<unknown> };

const requestTimeoutSeconds = 10;

async function measureConcurrent(job: ConcurrentJob): Promise<ConcurrentMeasurement> {
  const interrupt = new AbortController();
  const stop = () => interrupt.abort(new Error('interrupted'));
  process.once('SIGINT', stop).once('SIGTERM', stop);
  const database = await createSeededDatabase(job.dialect, job.postgresUrl);
  try {
    const generation = await fillWithConcerns(database, job.concerns, interrupt.signal);
    const actor = await findActor(database.db, dsoEmail);
    const pages: ConcurrentPageMeasurement[] = [];
    for (const name of ['queue', 'concern'] as const) {
      const page = await (name === 'queue' ? queuePage : concernPage)(database.db, actor);
      const server = await startServerProcess(database.config);
      let http: LoadFigures;
      let peakRssBytes: number;
      try {
        http = await loadThroughHaven(server.baseUrl, page, job, interrupt.signal);
        peakRssBytes = server.peakRssBytes();
      } finally {
        await server.stop();
      }
      const sql = await loadQueries(page.query, job, interrupt.signal);
      pages.push({ page: name, about: page.about, http, sql, peakRssBytes });
    }
    return { generation, pages };
  } finally {
    await database.drop();
  }
}

/** autocannon with the DSO's session cookie; the page is checked once first, so it measures what it claims. */
async function loadThroughHaven(baseUrl: string, page: Page, job: ConcurrentJob, signal: AbortSignal) {
  const visitor = new HavenVisitor(baseUrl);
  await visitor.signIn(dsoEmail, demoPassword);
  const first = await visitor.get(page.path);
  if (first.status !== 200 || !page.expect.test(first.body))
    throw new Error(`GET ${page.path} answered ${first.status} without ${page.expect}`);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl + page.path,
        headers: { cookie: visitor.cookie },
        connections: job.connections,
        duration: job.seconds,
        timeout: requestTimeoutSeconds,
      },
      (error: unknown, finished) => (error ? reject(error as Error) : resolve(finished)),
    );
    signal.addEventListener('abort', () => instance.stop(), { once: true });
  });
  signal.throwIfAborted();
  const answered = result.requests.total;
  return {
    requestsPerSecond: answered / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    non200: answered - (result['2xx'] ?? 0),
  } satisfies LoadFigures;
}

/** `connections` callers, each calling the page's queries again as soon as the last call settled. */
async function loadQueries(query: () => Promise<unknown>, job: ConcurrentJob, signal: AbortSignal) {
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.connections }, async () => {
      while (performance.now() < until && !signal.aborted) {
        const begun = performance.now();
        try {
          await query();
          latenciesMs.push(performance.now() - begun);
        } catch {
          errors++;
        }
      }
    }),
  );
  signal.throwIfAborted();
  const elapsedSeconds = (performance.now() - started) / 1000;
  latenciesMs.sort((a, b) => a - b);
  const at = (p: number) => latenciesMs[Math.min(latenciesMs.length - 1, Math.ceil(p * latenciesMs.length) - 1)] ?? NaN;
  return {
    requestsPerSecond: latenciesMs.length / elapsedSeconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
    timeouts: 0,
    non200: 0,
  } satisfies LoadFigures;
}

/** GET /triage: the queue and the closure days (the page also audits each listed concern). */
async function queuePage(db: HavenDb, actor: Actor): Promise<Page> {
  const listed = (await listAwaitingTriage(db, actor)).length;
  return {
    path: '/triage',
    about: `${listed} concerns listed`,
    expect: /href="\/concerns\/[0-9a-f-]{36}"/,
    query: () => listAwaitingTriage(db, actor),
  };
}

/** GET /concerns/:id for the oldest concern awaiting triage: access facts, then the page's reads. */
async function concernPage(db: HavenDb, actor: Actor): Promise<Page> {
  const [oldest] = await listAwaitingTriage(db, actor, 1);
  if (!oldest) throw new Error('no concern is awaiting triage');
  const concernId = oldest.id;
  return {
    path: `/concerns/${concernId}`,
    about: `concern ${oldest.reference}`,
    expect: new RegExp(oldest.reference),
    query: async () => {
      const facts = await findConcernAccessFacts(db, actor, concernId);
      if (!facts) throw new Error('the concern vanished');
      return viewConcernQueries(db, actor, concernId, facts);
    },
  };
}

serveChild(measureConcurrent);
