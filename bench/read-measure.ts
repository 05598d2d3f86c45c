import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { HavenDb } from '../src/db/connect.ts';
import { demoPassword } from '../src/db/demo-data.ts';
import type { Actor } from '../src/domain/access-policy.ts';
import { findPersonChronology } from '../src/features/people/chronology.queries.ts';
import { authorizePerson, readPersonPage, survivingPersonId, viewPerson } from '../src/features/people/person-page.ts';
import { viewTriageQueue } from '../src/features/triage/triage-queue.ts';
import { listAwaitingTriage } from '../src/features/triage/triage.queries.ts';
import { dsoEmail, findActor } from './bench-actor.ts';
import { runInChild, serveChild } from './child.ts';
import { type Dialect, createSeededDatabase } from './database.ts';
import { type Generation, fillWithConcerns } from './generate.ts';
import type { ReadJob, ReadResult } from './read-client.ts';
import { percentile } from './stats.ts';

// The read benchmarks: a DSO's triage queue and a person's chronology on a database holding
// years of synthetic concerns. Each page is read through Haven over real HTTP (from another
// process), then its bare reads are called directly on the same database, the same number
// of times, in this process while the server is idle; and then those reads with the page's
// audit rows, written as the page writes them (its use case), so a reader sees what auditing costs.
// The three take turns (see ReadMeasureJob's `turns`).

export type ReadPage = 'queue' | 'chronology';

export type ReadMeasureJob = {
  dialect: Dialect;
  concerns: number;
  pages: ReadPage[];
  warmUp: number;
  requests: number;
  /**
   * The page and its bare reads take turns, a share of the requests each, so that both are timed
   * on the same machine: on a shared host everything's speed drifts by a third within a minute, and
   * a page timed for a minute and then its reads for the next measured that drift beside the page
   * (one 1,000,000-concern file gave 4.1× to 6.2× in six runs one after another).
   */
  turns: number;
  postgresUrl?: string;
};

export type PageMeasurement = {
  page: ReadPage;
  /** What was read, in words: the queue's length, or whose chronology and how long it is. */
  about: string;
  httpMs: number[];
  /** The same requests inside Haven's server: from the request's arrival to the last byte handed to the socket. */
  serverMs: number[];
  /** The page's own reads, nothing written. */
  sqlMs: number[];
  /**
   * The same reads called at the pace the page's requests came (one every HTTP p50 of the turn),
   * idle in between as the server is: on a shared host a process that waits between calls
   * finds its caches cold, and the reads measured in a tight loop never do.
   */
  sqlPacedMs: number[];
  /** The same reads, then the page's audit rows (its use case, called directly). */
  sqlAuditedMs: number[];
};

export type ReadMeasurement = {
  generation: Generation;
  /** GET /healthz by the same signed-in client: what any request costs before its page. */
  floorMs: number[];
  pages: PageMeasurement[];
};

const readClient = new URL('./read-client.ts', import.meta.url);

type Page = {
  path: string;
  about: string;
  expect: ReadJob['expect'];
  query(): Promise<unknown>;
  audited(): Promise<unknown>;
};

async function measureReads(job: ReadMeasureJob): Promise<ReadMeasurement> {
  // Ctrl-C stops the load or the loops at the next step, and the database is still dropped.
  const interrupt = new AbortController();
  const stop = () => interrupt.abort(new Error('interrupted'));
  process.once('SIGINT', stop).once('SIGTERM', stop);
  const database = await createSeededDatabase(job.dialect, job.postgresUrl);
  let app: FastifyInstance | undefined;
  try {
    const generation = await fillWithConcerns(database, job.concerns, interrupt.signal);
    const actor = await findActor(database.db, dsoEmail);
    const config = { ...loadConfig({ HAVEN_ENV: 'test', LOG_LEVEL: 'silent' }), database: database.config };
    app = await buildApp({ config, db: database.db });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const client = { baseUrl, email: dsoEmail, password: demoPassword, warmUp: job.warmUp, requests: job.requests };
    const floor = await runInChild<ReadJob, ReadResult>(readClient, {
      ...client,
      path: '/healthz',
      expect: { pattern: '"status":"ok"', count: 1, what: 'health answers' },
    });
    const pages: PageMeasurement[] = [];
    for (const name of job.pages) {
      const page = await (name === 'queue' ? queuePage : chronologyPage)(database.db, actor);
      const measured: PageMeasurement = {
        page: name,
        about: page.about,
        httpMs: [],
        serverMs: [],
        sqlMs: [],
        sqlPacedMs: [],
        sqlAuditedMs: [],
      };
      for (let turn = 0; turn < job.turns; turn++) {
        const requests = share(job.requests, job.turns, turn);
        // Only the first turn warms the page up; later clients are new, so each makes a few requests untimed.
        const warmUp = turn === 0 ? job.warmUp : Math.min(job.warmUp, laterWarmUp);
        const served = timeInServer(page.path);
        const { latenciesMs } = await runInChild<ReadJob, ReadResult>(readClient, {
          ...client,
          warmUp,
          requests,
          path: page.path,
          expect: page.expect,
        }).finally(served.stop);
        measured.httpMs.push(...latenciesMs);
        measured.serverMs.push(...served.durationsMs.slice(warmUp));
        measured.sqlMs.push(...(await timeCalls(page.query, warmUp, requests, interrupt.signal)));
        const pace = percentile(latenciesMs, 50);
        measured.sqlPacedMs.push(...(await timeCalls(page.query, warmUp, requests, interrupt.signal, pace)));
        measured.sqlAuditedMs.push(...(await timeCalls(page.audited, warmUp, requests, interrupt.signal)));
      }
      pages.push(measured);
    }
    return { generation, floorMs: floor.latenciesMs, pages };
  } finally {
    await app?.close();
    await database.drop();
  }
}

const laterWarmUp = 5;

/**
 * How long each request for `path` spends in this process's HTTP server, from Node's own
 * diagnostics channels: the part of the client's time that is Haven's, not the connection's.
 */
function timeInServer(path: string) {
  const arrived = new WeakMap<ServerResponse, number>();
  const durationsMs: number[] = [];
  const onStart = (message: unknown) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (request.url === path) arrived.set(response, performance.now());
  };
  const onFinish = (message: unknown) => {
    const started = arrived.get((message as { response: ServerResponse }).response);
    if (started !== undefined) durationsMs.push(performance.now() - started);
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);
  const stop = () => {
    unsubscribe('http.server.request.start', onStart);
    unsubscribe('http.server.response.finish', onFinish);
  };
  return { durationsMs, stop };
}

/** The requests of one turn: `total` split as evenly as whole numbers allow. */
const share = (total: number, turns: number, turn: number) =>
  Math.floor(((turn + 1) * total) / turns) - Math.floor((turn * total) / turns);

/** GET /triage reads the queue, then audits the list it shows. */
async function queuePage(db: HavenDb, actor: Actor): Promise<Page> {
  const waiting = await db
    .selectFrom('concerns')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('organisation_id', '=', actor.organisationId)
    .where('status', '=', 'awaiting_triage')
    .where('restricted', '=', 0)
    .executeTakeFirstOrThrow();
  const listed = (await listAwaitingTriage(db, actor)).length;
  return {
    path: '/triage',
    about: `${Number(waiting.count).toLocaleString('en-GB')} awaiting triage, ${listed} shown`,
    expect: { pattern: 'href="/concerns/[0-9a-f-]{36}"', count: listed, what: 'concerns in the queue' },
    query: () => listAwaitingTriage(db, actor),
    audited: () => viewTriageQueue(db, actor, null),
  };
}

/**
 * The index person on the most concerns the DSO may see; GET /people/:id shows their chronology,
 * and their household, concerns and who has seen them: the baseline is all of those reads.
 */
async function chronologyPage(db: HavenDb, actor: Actor): Promise<Page> {
  const busiest = await db
    .selectFrom('concern_people')
    .innerJoin('concerns', 'concerns.id', 'concern_people.concern_id')
    .select(['concern_people.person_id as personId', sql<number>`count(distinct concerns.id)`.as('concerns')])
    .where('concern_people.person_id', 'is not', null)
    .where('concerns.organisation_id', '=', actor.organisationId)
    .where('concerns.restricted', '=', 0)
    .groupBy('concern_people.person_id')
    .orderBy('concerns', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!busiest?.personId) throw new Error('no concern is linked to a person in the index');
  const personId = busiest.personId;
  const rows = (await findPersonChronology(db, actor, personId)).length;
  return {
    path: `/people/${personId}`,
    about: `${Number(busiest.concerns)} concerns, ${rows} chronology entries`,
    expect: { pattern: 'class="haven-chronology__entry"', count: rows, what: 'chronology entries' },
    // Everything the page reads: the merge check, access, then the chronology and all beside it.
    query: async () => {
      const surviving = await survivingPersonId(db, actor, personId);
      return readPersonPage(db, actor, await authorizePerson(db, actor, surviving));
    },
    // The same, with the person, household members and concerns it shows audited.
    audited: async () => viewPerson(db, actor, await survivingPersonId(db, actor, personId), null),
  };
}

/**
 * Sequential calls, each timed until its promise settles; the first `warmUp` are not kept. With
 * `paceMs`, each starts that long after the one before began (at once, if that one took longer).
 */
async function timeCalls(
  call: () => Promise<unknown>,
  warmUp: number,
  requests: number,
  signal: AbortSignal,
  paceMs = 0,
) {
  const latenciesMs: number[] = [];
  for (let n = 0; n < warmUp + requests; n++) {
    signal.throwIfAborted();
    const started = performance.now();
    await call();
    const elapsed = performance.now() - started;
    if (n >= warmUp) latenciesMs.push(elapsed);
    if (paceMs > elapsed) await sleep(paceMs - elapsed);
  }
  return latenciesMs;
}

serveChild(measureReads);
