import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../src/config.ts';
import { chainAuditEventsInBenchmark, recordAuditEvents } from '../src/concerns/audit.queries.ts';
import { verifyAuditChains } from '../src/concerns/audit-chain.queries.ts';
import { connectDatabase } from '../src/db/connect.ts';
import { withAdminClient } from '../src/db/postgres-admin.ts';
import { timeOrderedId } from '../src/db/time-ordered-id.ts';
import { type ChainHead, chainAfter, chainStart } from '../src/domain/audit-chain.ts';
import { serveChild } from './child.ts';
import { type Dialect, createSeededDatabase, findSeededIds } from './database.ts';
import { sampleRss } from './stats.ts';

// The audit chain's costs (issue 13), each step in a process of its own (run.ts):
// - write: one audited transaction (one event, as a submission's concern.created) chained
//   against the same unchained, alternating in blocks on one database, so both see the same load;
// - generate: a chain of many events written straight through the driver, chained as Haven
//   chains them (domain/audit-chain.ts); the by-subject indexes are dropped first, since
//   verification does not read them and they would only slow the load;
// - verify: verifyAuditChains over that chain in a fresh process, its peak RSS sampled.

export type AuditChainJob =
  | { step: 'write'; dialect: Dialect; writes: number; postgresUrl?: string }
  | { step: 'generate'; dialect: Dialect; events: number; postgresUrl?: string }
  | { step: 'verify'; config: DatabaseConfig; postgresUrl?: string };

export type WriteResult = { chainedMs: number[]; unchainedMs: number[] };
export type GenerateResult = { config: DatabaseConfig; loadMs: number };
export type VerifyResult = {
  events: number;
  breaks: number;
  verifyMs: number;
  startRssBytes: number;
  peakRssBytes: number;
};

async function run(job: AuditChainJob): Promise<WriteResult | GenerateResult | VerifyResult> {
  if (job.step === 'write') return measureWrites(job.dialect, job.writes, job.postgresUrl);
  if (job.step === 'generate') return generateChain(job.dialect, job.events, job.postgresUrl);
  return verifyAndDrop(job.config, job.postgresUrl);
}

async function measureWrites(dialect: Dialect, writes: number, postgresUrl?: string): Promise<WriteResult> {
  const database = await createSeededDatabase(dialect, postgresUrl);
  try {
    const ids = await findSeededIds(database.db);
    const actor = { userId: ids.reporterId, organisationId: ids.organisationId };
    const result: WriteResult = { chainedMs: [], unchainedMs: [] };
    // At most half the writes a block, so both kinds are timed however few writes are asked for.
    const block = Math.min(100, writes);
    for (let done = 0; done < writes * 2; done += block) {
      const chained = (done / block) % 2 === 0;
      chainAuditEventsInBenchmark(chained);
      for (let i = 0; i < block; i++) {
        const started = performance.now();
        await database.db
          .transaction()
          .execute((trx) => recordAuditEvents(trx, actor, 'concern.created', [randomUUID()], randomUUID()));
        (chained ? result.chainedMs : result.unchainedMs).push(performance.now() - started);
      }
    }
    chainAuditEventsInBenchmark(true);
    return result;
  } finally {
    await database.drop();
  }
}

const rowsPerStatement = { sqlite: 500, postgres: 20_000 } as const;

async function generateChain(dialect: Dialect, events: number, postgresUrl?: string): Promise<GenerateResult> {
  const database = await createSeededDatabase(dialect, postgresUrl);
  const ids = await findSeededIds(database.db);
  await sql`drop index audit_events_subject`.execute(database.db);
  await sql`drop index audit_events_awaiting_subject_index`.execute(database.db);
  await database.db.destroy();
  const started = performance.now();
  const writer =
    database.config.kind === 'sqlite' ? sqliteWriter(database.config.file) : await postgresWriter(database.config.url);
  let head: ChainHead = { seq: 0, hash: chainStart };
  const at = Date.UTC(2024, 0, 1);
  for (let done = 0; done < events;) {
    const count = Math.min(rowsPerStatement[dialect], events - done);
    const batch = Array.from({ length: count }, (_, i) => ({
      id: timeOrderedId(),
      organisationId: ids.organisationId,
      actorId: ids.reporterId,
      action: 'concern.viewed',
      subjectType: 'concern',
      subjectId: randomUUID(),
      requestId: randomUUID(),
      // Ten a second, three years of a busy council's reading.
      at: new Date(at + (done + i) * 100).toISOString(),
    }));
    const chained = chainAfter(head, batch);
    head = chained.head;
    await writer.insert(chained.chained);
    done += count;
  }
  await writer.finish(ids.organisationId, head);
  return { config: database.config, loadMs: performance.now() - started };
}

type Link = ReturnType<typeof chainAfter>['chained'][number];
const columns =
  'id, organisation_id, actor_id, action, subject_type, subject_id, request_id, at, in_subject_index, chain_seq, chain_hash';
const values = (e: Link) => [
  e.id,
  e.organisationId,
  e.actorId,
  e.action,
  e.subjectType,
  e.subjectId,
  e.requestId,
  e.at,
  1,
  e.seq,
  e.hash,
];

function sqliteWriter(file: string) {
  const database = new SQLite(file);
  database.pragma('synchronous = OFF');
  database.pragma('cache_size = -262144');
  const tuple = `(${columns
    .split(', ')
    .map(() => '?')
    .join(', ')})`;
  const statements = new Map<number, SQLite.Statement>();
  const statement = (rows: number) => {
    let prepared = statements.get(rows);
    if (!prepared) {
      prepared = database.prepare(`insert into audit_events (${columns}) values ${Array(rows).fill(tuple).join(', ')}`);
      statements.set(rows, prepared);
    }
    return prepared;
  };
  database.exec('begin');
  return {
    insert: async (rows: readonly Link[]) => {
      statement(rows.length).run(rows.flatMap(values));
      // A commit now and then keeps the WAL from growing to the size of the table.
      if (rows[rows.length - 1]!.seq % 1_000_000 < rows.length) {
        database.exec('commit');
        database.pragma('wal_checkpoint(TRUNCATE)');
        database.exec('begin');
      }
    },
    finish: async (organisationId: string, head: ChainHead) => {
      database
        .prepare('insert into audit_chain_heads (organisation_id, last_seq, last_hash) values (?, ?, ?)')
        .run(organisationId, head.seq, head.hash);
      database.exec('commit');
      database.exec('analyze');
      database.pragma('wal_checkpoint(TRUNCATE)');
      database.close();
    },
  };
}

async function postgresWriter(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  const text = `insert into audit_events (${columns})
    select id, organisation_id, actor_id, action, subject_type, subject_id, request_id, at, 1, seq, hash
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::integer[], $10::text[])
      as e(id, organisation_id, actor_id, action, subject_type, subject_id, request_id, at, seq, hash)`;
  return {
    insert: async (rows: readonly Link[]) => {
      await client.query(text, [
        rows.map((e) => e.id),
        rows.map((e) => e.organisationId),
        rows.map((e) => e.actorId),
        rows.map((e) => e.action),
        rows.map((e) => e.subjectType),
        rows.map((e) => e.subjectId),
        rows.map((e) => e.requestId),
        rows.map((e) => e.at),
        rows.map((e) => e.seq),
        rows.map((e) => e.hash),
      ]);
    },
    finish: async (organisationId: string, head: ChainHead) => {
      await client.query('insert into audit_chain_heads (organisation_id, last_seq, last_hash) values ($1, $2, $3)', [
        organisationId,
        head.seq,
        head.hash,
      ]);
      await client.query('vacuum analyze audit_events');
      await client.end();
    },
  };
}

async function verifyAndDrop(config: DatabaseConfig, postgresUrl?: string): Promise<VerifyResult> {
  const db = connectDatabase(config);
  try {
    await sql`select 1`.execute(db);
    const startRssBytes = process.memoryUsage.rss();
    const rss = sampleRss();
    const started = performance.now();
    const verification = await verifyAuditChains(db);
    const verifyMs = performance.now() - started;
    return {
      events: verification.events,
      breaks: verification.breakCount,
      verifyMs,
      startRssBytes,
      peakRssBytes: rss.stop(),
    };
  } finally {
    await db.destroy();
    if (config.kind === 'sqlite') rmSync(path.dirname(config.file), { recursive: true, force: true });
    else if (postgresUrl) {
      const name = new URL(config.url).pathname.slice(1);
      await withAdminClient(postgresUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    }
  }
}

serveChild(run);
