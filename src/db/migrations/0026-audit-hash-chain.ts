import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { type ChainHead, chainAfter, chainStart } from '../../domain/audit-chain.ts';
import { isPostgres } from '../dialect.ts';

// Tamper-evident audit (issue 13). Each audit event gets its place in its organisation's chain
// (chain_seq, 1, 2, 3…) and a hash over its fields and the hash before it (chain_hash; see
// domain/audit-chain.ts). audit_chain_heads holds each chain's last link: writers lock it to
// append, so two transactions cannot both take the next number (and the unique index on
// (chain_seq, organisation_id) refuses it if one ever tried). Events already recorded are
// chained here, oldest first, by time and then id, so a running installation is covered at once.
//
// On PostgreSQL, triggers then refuse any UPDATE, DELETE or TRUNCATE of audit events, and any
// removal or winding back of a chain head, whichever role asks. SQLite gets the same triggers
// except that an event may still change in_subject_index (migration 0021 moves waiting rows into
// the by-subject index); that column is not hashed. Anyone who can write the file can drop a
// SQLite trigger, so there the chain is what detects tampering (README, "Protecting the audit").
export const auditHashChain: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.alterTable('audit_events').addColumn('chain_seq', 'integer').execute();
    await db.schema.alterTable('audit_events').addColumn('chain_hash', 'text').execute();
    await db.schema
      .createTable('audit_chain_heads')
      .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id'))
      .addColumn('last_seq', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .execute();
    const postgres = isPostgres(db);
    if (postgres) await chainExistingEvents(db, true);
    else await db.transaction().execute((trx) => chainExistingEvents(trx, false));
    // Sequence number first: with the organisation first, SQLite chose this index for every
    // "this organisation's rows where…" read, such as the waiting audit rows (migration 0021).
    await db.schema
      .createIndex('audit_events_chain')
      .on('audit_events')
      .columns(['chain_seq', 'organisation_id'])
      .unique()
      .execute();
    if (postgres) await refuseChangesOnPostgres(db);
    else await refuseChangesOnSqlite(db);
  },
};

const batch = 5_000;

type ExistingEvent = {
  id: string;
  organisation_id: string;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  request_id: string | null;
  at: string;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function chainExistingEvents(db: Kysely<any>, postgres: boolean): Promise<void> {
  const heads = new Map<string, ChainHead>();
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const position = after;
    const { rows } = await sql<ExistingEvent>`
      select id, organisation_id, actor_id, action, subject_type, subject_id, request_id, at
      from audit_events
      ${position ? sql`where (at, id) > (${position.at}, ${position.id})` : sql``}
      order by at, id limit ${batch}`.execute(db);
    if (rows.length === 0) break;
    const chained = rows.map((row) => {
      const head = heads.get(row.organisation_id) ?? { seq: 0, hash: chainStart };
      const {
        chained: [link],
        head: next,
      } = chainAfter(head, [eventOf(row)]);
      heads.set(row.organisation_id, next);
      return link!;
    });
    if (postgres) {
      await sql`
        update audit_events set chain_seq = linked.seq, chain_hash = linked.hash
        from unnest(${chained.map((e) => e.id)}::text[], ${chained.map((e) => e.seq)}::integer[],
                    ${chained.map((e) => e.hash)}::text[]) as linked(id, seq, hash)
        where audit_events.id = linked.id`.execute(db);
    } else {
      for (const link of chained) {
        await sql`update audit_events set chain_seq = ${link.seq}, chain_hash = ${link.hash} where id = ${link.id}`.execute(
          db,
        );
      }
    }
    const last: ExistingEvent = rows[rows.length - 1]!;
    after = { at: last.at, id: last.id };
  }
  for (const [organisationId, head] of heads) {
    await sql`insert into audit_chain_heads (organisation_id, last_seq, last_hash)
      values (${organisationId}, ${head.seq}, ${head.hash})`.execute(db);
  }
}

const eventOf = (row: ExistingEvent) => ({
  id: row.id,
  organisationId: row.organisation_id,
  actorId: row.actor_id,
  action: row.action,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  requestId: row.request_id,
  at: row.at,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function refuseChangesOnPostgres(db: Kysely<any>): Promise<void> {
  await sql`
    create function haven_refuse_audit_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit events are kept as written: % on % refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`
    create trigger audit_events_kept_as_written before update or delete on audit_events
    for each row execute function haven_refuse_audit_change()`.execute(db);
  await sql`
    create trigger audit_events_not_truncated before truncate on audit_events
    for each statement execute function haven_refuse_audit_change()`.execute(db);
  // A chain head only moves forward: winding it back would hide events removed from the end.
  await sql`
    create trigger audit_chain_heads_only_forward before update on audit_chain_heads
    for each row when (new.last_seq < old.last_seq or new.organisation_id <> old.organisation_id)
    execute function haven_refuse_audit_change()`.execute(db);
  await sql`
    create trigger audit_chain_heads_kept before delete on audit_chain_heads
    for each row execute function haven_refuse_audit_change()`.execute(db);
  await sql`
    create trigger audit_chain_heads_not_truncated before truncate on audit_chain_heads
    for each statement execute function haven_refuse_audit_change()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function refuseChangesOnSqlite(db: Kysely<any>): Promise<void> {
  await sql`
    create trigger audit_events_kept_as_written
    before update of id, organisation_id, actor_id, action, subject_type, subject_id, request_id, at,
      chain_seq, chain_hash on audit_events
    begin select raise(abort, 'audit events are kept as written: update refused'); end`.execute(db);
  await sql`
    create trigger audit_events_not_removed before delete on audit_events
    begin select raise(abort, 'audit events are kept as written: delete refused'); end`.execute(db);
  await sql`
    create trigger audit_chain_heads_only_forward before update on audit_chain_heads
    when new.last_seq < old.last_seq or new.organisation_id <> old.organisation_id
    begin select raise(abort, 'audit chain heads only move forward: update refused'); end`.execute(db);
  await sql`
    create trigger audit_chain_heads_kept before delete on audit_chain_heads
    begin select raise(abort, 'audit chain heads are kept: delete refused'); end`.execute(db);
}
