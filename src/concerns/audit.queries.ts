import { CompiledQuery, sql } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import { isPostgres } from '../db/dialect.ts';
import { timeOrderedId } from '../db/time-ordered-id.ts';
import { transactionNotWaitingForDisk } from '../db/unflushed-commit.ts';
import type { Actor } from '../domain/access-policy.ts';
import { type ChainHead, chainAfter, chainStart } from '../domain/audit-chain.ts';
import type { ListingOf } from '../domain/audit-listing.ts';
import {
  type Listing,
  isCommittedListing,
  keepListing,
  listingOf,
  rememberCommittedListings,
} from './audit-listings.queries.ts';

export type AuditAction =
  | 'concern.created'
  | 'concern.viewed'
  | 'concern.listed'
  | 'concern.updated'
  // The reporter's line manager was sent the reference and a link (procedures 6.1–6.2).
  | 'concern.line-manager-told'
  | 'attachment.downloaded'
  // Read in a person's chronology (people/): more than a list shows, less than opening it.
  | 'concern.read-in-chronology'
  | 'person.created'
  | 'person.viewed'
  | 'person.listed'
  | 'person.linked'
  | 'person.merged'
  | 'person.household-changed'
  // Subject access and rectification (issue 13): the subject is the person the request is about;
  // what was released or corrected is kept in its own tables, never here.
  | 'person.subject-access-started'
  | 'person.subject-access-changed'
  | 'person.subject-access-downloaded'
  | 'person.subject-access-released'
  | 'person.rectified'
  // Guessing at sign-in (issue 11): the subject and actor are the account the attempt named,
  // because nobody is signed in; what was typed is never kept.
  | 'sign-in.failed'
  | 'sign-in.throttled'
  // Second factors and sessions (issue 8): the subject is the account; codes are never kept.
  | 'account.second-factor-enrolled'
  | 'account.second-factor-failed'
  | 'account.second-factor-throttled'
  | 'account.recovery-code-used'
  // Passkeys: the subject is the account that owns the passkey (or whose sign-in it was offered
  // for); the credential's id and bytes are never kept.
  | 'account.passkey-registered'
  | 'account.passkey-registration-failed'
  | 'account.passkey-used'
  | 'account.passkey-failed'
  | 'account.passkey-refused-deactivated'
  | 'account.passkey-removed'
  | 'account.session-ended'
  // Retention (issue 13): the subject is the concern, or the hold; a hold's reason stays in its table.
  | 'concern.retention-kept'
  | 'concern.disposal-decided'
  | 'concern.anonymisation-decided'
  | 'concern.disposed'
  | 'concern.anonymised'
  | 'legal-hold.placed'
  | 'legal-hold.lifted';

/** What an audit event is about: a person in the index for person.*, an account for sign-in.*, otherwise a concern. */
export const auditSubjectOf = (action: AuditAction) =>
  action.startsWith('person.')
    ? 'person'
    : action.startsWith('sign-in.') || action.startsWith('account.')
      ? 'account'
      : action.startsWith('legal-hold.')
        ? 'legal-hold'
        : 'concern';

/** Actions that show many subjects at once: each is one event naming a listing of them (domain/audit-listing.ts). */
const listingActions: Partial<Record<AuditAction, ListingOf>> = {
  'concern.listed': 'concern',
  'person.listed': 'person',
  'concern.read-in-chronology': 'concern',
};

type AuditRow = {
  id: string;
  organisation_id: string;
  actor_id: string;
  action: AuditAction;
  subject_type: string;
  subject_id: string;
  request_id: string | null;
  at: string;
  in_subject_index: number;
  chain_seq: number | null;
  chain_hash: string | null;
};

// Only the benchmark turns chaining off, to measure what it costs in the same run (bench/).
let chaining = true;
/** For `npm run bench` alone: false writes events unchained, as Haven did before migration 0026. */
export function chainAuditEventsInBenchmark(on: boolean): void {
  chaining = on;
}

/** One action's events: the same action on each of these subjects. */
export type AuditEventsOfAction = Readonly<{ action: AuditAction; subjectIds: readonly string[] }>;

/**
 * Writes audit events inside the caller's transaction, so the action and its trail commit
 * together, as the next links of the organisation's audit chain (domain/audit-chain.ts). The
 * chain's head row stays locked until the transaction ends, so concurrent writers append one
 * after another and the chain never forks. Called outside a transaction, it makes its own.
 */
export async function recordAuditEvents(
  db: HavenDb,
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  action: AuditAction,
  subjectIds: readonly string[],
  requestId: string | null,
): Promise<void> {
  await recordAuditEventsOfActions(db, actor, [{ action, subjectIds }], requestId);
}

/**
 * Several actions' events, in the order given, as one insert after one claim on the chain: a
 * page that shows a person, their household and their concerns writes its whole trail at once,
 * where one call per action claimed and moved the chain's head each time.
 */
export async function recordAuditEventsOfActions(
  db: HavenDb,
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  actions: readonly AuditEventsOfAction[],
  requestId: string | null,
): Promise<void> {
  if (!actions.some(({ subjectIds }) => subjectIds.length > 0)) return;
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => writeEvents(trx, actor, actions, requestId));
    return;
  }
  await writeEvents(db, actor, actions, requestId);
}

/**
 * What an audited read showed (concerns/audited-read.ts), committed before it returns, in a
 * transaction whose commit does not wait for the disk (db/unflushed-commit.ts). On PostgreSQL,
 * when this process knows where the organisation's chain ended and every listing the events name
 * is stored, they are one statement with no transaction around it (appendToKnownHead): one
 * round trip where the transaction takes four (BEGIN, claim, insert, COMMIT), on every page that
 * shows people. If another writer has moved the chain on meanwhile, that statement writes
 * nothing and the events go in as any others do.
 */
export async function recordEventsOfRead(
  db: HavenDb,
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  actions: readonly AuditEventsOfAction[],
  requestId: string | null,
): Promise<void> {
  if (!actions.some(({ subjectIds }) => subjectIds.length > 0)) return;
  if (await inTurn(db, actor.organisationId, () => appendToKnownHead(db, actor, actions, requestId))) return;
  const { listings, head } = await transactionNotWaitingForDisk(db, (trx) =>
    writeEvents(trx, actor, actions, requestId),
  );
  rememberCommittedListings(db, listings);
  if (head && isPostgres(db)) rememberHead(db, actor.organisationId, head);
}

/** Inside a transaction: stores any new listing, claims the chain, inserts; the listings named and the new head. */
async function writeEvents(
  trx: HavenDb,
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  actions: readonly AuditEventsOfAction[],
  requestId: string | null,
): Promise<{ listings: string[]; head: ChainHead | null }> {
  const { unchained, listings } = eventsOfActions(actor, actions, requestId);
  for (const listing of listings) await keepListing(trx, actor.organisationId, listing);
  const indexNow = isPostgres(trx) ? 1 : 0;
  const head = chaining ? await takeChainHead(trx, actor.organisationId, unchained.length) : null;
  const { chained, head: next } = head
    ? chainAfter(head, unchained)
    : { chained: unchained.map((event) => ({ ...event, seq: null, hash: null })), head: null };
  const rows = chained.map((event) => auditRow(event, indexNow));
  if (indexNow) await insertOnPostgres(trx, rows, next);
  else {
    await trx.executeQuery(CompiledQuery.raw(insertSql(trx, rows), rows.flatMap(rowValues)));
    if (next) await moveChainHead(trx, actor.organisationId, next);
    await indexWaitingRowsFromTimeToTime(trx, rows.length);
  }
  return { listings: listings.map((listing) => listing.id), head: next };
}

/** The actions' events before their places in the chain: a listed action is one event naming its listing. */
function eventsOfActions(
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  actions: readonly AuditEventsOfAction[],
  requestId: string | null,
) {
  const at = new Date().toISOString();
  const unchained = [];
  const listings: Listing[] = [];
  for (const { action, subjectIds } of actions) {
    if (subjectIds.length === 0) continue;
    const of = listingActions[action];
    if (of) {
      const listing = listingOf(actor.organisationId, of, subjectIds);
      listings.push(listing);
      unchained.push(unchainedEvent(actor, action, 'listing', listing.id, requestId, at));
    } else {
      const subjectType = auditSubjectOf(action);
      for (const subjectId of subjectIds)
        unchained.push(unchainedEvent(actor, action, subjectType, subjectId, requestId, at));
    }
  }
  return { unchained, listings };
}

const auditRow = (event: ReturnType<typeof unchainedEvent> & ChainPlace, inSubjectIndex: number): AuditRow => ({
  id: event.id,
  organisation_id: event.organisationId,
  actor_id: event.actorId,
  action: event.action,
  subject_type: event.subjectType,
  subject_id: event.subjectId,
  request_id: event.requestId,
  at: event.at,
  in_subject_index: inSubjectIndex,
  chain_seq: event.seq,
  chain_hash: event.hash,
});

type ChainPlace = { seq: number | null; hash: string | null };

// Where each organisation's chain ended when this process last wrote to it or read its head,
// by database. Only a hint: appendToKnownHead moves the head only from exactly there.
const knownHeadsByDatabase = new WeakMap<object, Map<string, ChainHead>>();

function knownHeads(db: HavenDb): Map<string, ChainHead> {
  const database = db.getExecutor().adapter;
  let heads = knownHeadsByDatabase.get(database);
  if (!heads) knownHeadsByDatabase.set(database, (heads = new Map()));
  return heads;
}

/** After a commit that left the chain at `head`; an older head reported late does not replace a newer one. */
function rememberHead(db: HavenDb, organisationId: string, head: ChainHead): void {
  const heads = knownHeads(db);
  if ((heads.get(organisationId)?.seq ?? -1) < head.seq) heads.set(organisationId, head);
}

// This process's appends to each organisation's chain, one after another: each starts from the
// head the one before it left, so concurrent reads in one process never race for the same head
// (and lose, to claim the chain after all). One append is one statement, so the wait is short.
const appendsByDatabase = new WeakMap<object, Map<string, Promise<unknown>>>();

function inTurn<Result>(db: HavenDb, organisationId: string, append: () => Promise<Result>): Promise<Result> {
  const database = db.getExecutor().adapter;
  let appends = appendsByDatabase.get(database);
  if (!appends) appendsByDatabase.set(database, (appends = new Map()));
  const mine = (appends.get(organisationId) ?? Promise.resolve()).then(append);
  const done = mine.catch(() => {});
  appends.set(organisationId, done);
  void done.then(() => {
    if (appends.get(organisationId) === done) appends.delete(organisationId);
  });
  return mine;
}

/**
 * PostgreSQL alone: the events appended after the head this process knows, in one statement
 * that moves the head on only if it is still exactly there, and inserts them only if it moved
 * (appendSql): atomic on its own, so no transaction, and the commit does not wait for the disk.
 * False, having written nothing, when it cannot be used or the head had moved.
 */
async function appendToKnownHead(
  db: HavenDb,
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  actions: readonly AuditEventsOfAction[],
  requestId: string | null,
): Promise<boolean> {
  if (!chaining || db.isTransaction || !isPostgres(db)) return false;
  const previous = knownHeads(db).get(actor.organisationId);
  if (!previous) return false;
  const { unchained, listings } = eventsOfActions(actor, actions, requestId);
  if (!listings.every((listing) => isCommittedListing(db, listing.id))) return false;
  const { chained, head } = chainAfter(previous, unchained);
  const rows = chained.map((event) => auditRow(event, 1));
  const { numAffectedRows } = await db.executeQuery(
    CompiledQuery.raw(appendNotWaitingSql, [
      ...unnestedValues(rows, actor, requestId, rows[0]!.at),
      head.seq,
      head.hash,
      previous.seq,
      previous.hash,
    ]),
  );
  if (Number(numAffectedRows) !== rows.length) {
    knownHeads(db).delete(actor.organisationId);
    return false;
  }
  rememberHead(db, actor.organisationId, head);
  return true;
}

/** An event before its place in the chain: what chainAfter numbers and hashes. */
function unchainedEvent(
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  action: AuditAction,
  subjectType: string,
  subjectId: string,
  requestId: string | null,
  at: string,
) {
  return {
    id: timeOrderedId(),
    organisationId: actor.organisationId,
    actorId: actor.userId,
    action,
    subjectType,
    subjectId,
    requestId,
    at,
  };
}

/**
 * Appends batch after batch of events to the organisation's chain inside one transaction, for a
 * writer that holds it for a long run (the concern history import). The head is claimed once,
 * and each batch is then one statement that inserts its events and moves the head on from where
 * the batch before left it: recordAuditEvents claims the head for every batch, a round trip
 * more each time (100,000 imported concerns: 100 round trips, and the hashing waited on each).
 * The head moves only if it is still where this appender left it, so events written meanwhile
 * by anyone else in the transaction stop the run rather than fork the chain. Batches chain in the
 * order append is called, whenever their statements run. SQLite, and the bench's unchained
 * events, go recordAuditEvents' way.
 */
export function auditChainAppender(
  trx: HavenDb,
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  requestId: string | null,
): (action: AuditAction, subjectIds: readonly string[]) => Promise<void> {
  let head: Promise<ChainHead> | null = null;
  // recordAuditEvents' way: one call after another, as each reads the head the one before moves.
  let recorded: Promise<void> = Promise.resolve();
  return (action, subjectIds) => {
    if (subjectIds.length === 0) return Promise.resolve();
    if (!isPostgres(trx) || !chaining) {
      recorded = recorded.catch(() => {}).then(() => recordAuditEvents(trx, actor, action, subjectIds, requestId));
      return recorded;
    }
    // Claimed with nothing added: it locks the head to the end of the transaction and reads it.
    const from = head ?? takeChainHead(trx, actor.organisationId, 0);
    const at = new Date().toISOString();
    const subjectType = auditSubjectOf(action);
    const batch = from.then((previous) => ({
      previous,
      ...chainAfter(
        previous,
        subjectIds.map((subjectId) => unchainedEvent(actor, action, subjectType, subjectId, requestId, at)),
      ),
    }));
    head = batch.then(({ head: next }) => next);
    return batch.then(async ({ previous, chained, head: next }) => {
      const { numAffectedRows } = await trx.executeQuery(
        CompiledQuery.raw(appendSql, [
          ...unnestedValues(
            chained.map((event) => ({
              id: event.id,
              action: event.action,
              subject_type: event.subjectType,
              subject_id: event.subjectId,
              chain_seq: event.seq,
              chain_hash: event.hash,
            })),
            actor,
            requestId,
            at,
          ),
          next.seq,
          next.hash,
          previous.seq,
          previous.hash,
        ]),
      );
      if (Number(numAffectedRows) !== chained.length)
        throw new Error('The audit chain moved during a run that holds it: nothing more was appended');
    });
  };
}

/**
 * Claims the next `count` places in the organisation's chain and returns the head before them.
 * The UPDATE takes the head row's lock (PostgreSQL holds it to the end of the transaction;
 * SQLite has one writer), so no other writer can read this head until these events commit.
 */
async function takeChainHead(trx: HavenDb, organisationId: string, count: number): Promise<ChainHead> {
  for (;;) {
    const { rows } = await sql<{ seq: number; hash: string }>`
      update audit_chain_heads set last_seq = last_seq + ${count}
      where organisation_id = ${organisationId}
      returning last_seq - ${count} as seq, last_hash as hash`.execute(trx);
    const [head] = rows;
    if (head) return { seq: Number(head.seq), hash: head.hash };
    // An organisation's first event: start its chain, unless a concurrent writer just did.
    await sql`insert into audit_chain_heads (organisation_id, last_seq, last_hash)
      values (${organisationId}, 0, ${chainStart}) on conflict (organisation_id) do nothing`.execute(trx);
  }
}

async function moveChainHead(trx: HavenDb, organisationId: string, head: ChainHead): Promise<void> {
  await sql`update audit_chain_heads set last_hash = ${head.hash} where organisation_id = ${organisationId}`.execute(
    trx,
  );
}

// SQLite writes every page a commit changed, whole, to its log; PostgreSQL logs the rows. So on
// SQLite new rows wait outside the by-subject index (migration 0021), and once this many are
// waiting, they join it in one statement: a hundred listings of the same queue then change each
// of its concerns' index pages once, not a hundred times. Readers look in both (listAuditTrail),
// so this many is also the most a trail read scans beyond the index.
const waitingRowsBeforeIndexing = 1_000;
const waitingByDatabase = new WeakMap<object, number>();

async function indexWaitingRowsFromTimeToTime(trx: HavenDb, written: number): Promise<void> {
  const database = trx.getExecutor().adapter;
  // Counted once per process: rows left waiting by an earlier one join the index with the next batch.
  const before = waitingByDatabase.get(database) ?? (await countWaitingRows(trx)) - written;
  const waiting = before + written;
  if (waiting < waitingRowsBeforeIndexing) {
    waitingByDatabase.set(database, waiting);
    return;
  }
  await sql`update audit_events set in_subject_index = 1 where in_subject_index = 0`.execute(trx);
  waitingByDatabase.set(database, 0);
}

async function countWaitingRows(trx: HavenDb): Promise<number> {
  const { rows } = await sql<{ waiting: number }>`
    select count(*) as waiting from audit_events where in_subject_index = 0`.execute(trx);
  return Number(rows[0]?.waiting ?? 0);
}

// A listed page's hundred rows as nine hundred bound values made PostgreSQL parse, bind and
// plan a hundred-row VALUES list on every page; as arrays, the statement is the same text for
// any number of rows and the values shared by every row are bound once.
// The chain head's new hash is set by the same statement, so chaining costs PostgreSQL one
// round trip more than before (takeChainHead), not two.
const insertUnnestedSql = `insert into audit_events
  (id, organisation_id, actor_id, action, subject_type, subject_id, request_id, at, in_subject_index,
   chain_seq, chain_hash)
  select listed.id, $7, $8, listed.action, listed.subject_type, listed.subject_id, $9, $10, 1, listed.seq, listed.hash
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::text[])
    as listed(id, action, subject_type, subject_id, seq, hash)`;

const insertAndMoveHeadSql = `with inserted as (${insertUnnestedSql} returning 1)
  update audit_chain_heads set last_hash = $11 where organisation_id = $7`;

// auditChainAppender's batch: the events go in only if the head moves, from where it was left.
const appendSql = `with head as (update audit_chain_heads set last_seq = $11, last_hash = $12
    where organisation_id = $7 and last_seq = $13 and last_hash = $14 returning 1)
  ${insertUnnestedSql} where exists (select from head)`;

// appendToKnownHead's: appendSql as a transaction of its own, whose commit does not wait for the
// disk (db/unflushed-commit.ts). set_config(…, true) is SET LOCAL, for the statement's own
// implicit transaction, and holds until its commit record is written: 500 one-row inserts took
// 97–122 ms so, against 167–196 ms waiting for the disk (PostgreSQL 15, this project's CI machine).
const appendNotWaitingSql = `with head as (update audit_chain_heads set last_seq = $11, last_hash = $12
    where organisation_id = $7 and last_seq = $13 and last_hash = $14 returning 1),
  not_waiting as (select set_config('synchronous_commit', 'off', true))
  ${insertUnnestedSql} where exists (select from head) and exists (select from not_waiting)`;

/** The ten values insertUnnestedSql binds: the events' own as arrays, then what they share. */
function unnestedValues(
  rows: ReadonlyArray<Pick<AuditRow, 'id' | 'action' | 'subject_type' | 'subject_id' | 'chain_seq' | 'chain_hash'>>,
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  requestId: string | null,
  at: string,
): unknown[] {
  return [
    rows.map((row) => row.id),
    rows.map((row) => row.action),
    rows.map((row) => row.subject_type),
    rows.map((row) => row.subject_id),
    rows.map((row) => row.chain_seq),
    rows.map((row) => row.chain_hash),
    actor.organisationId,
    actor.userId,
    requestId,
    at,
  ];
}

async function insertOnPostgres(trx: HavenDb, rows: readonly AuditRow[], head: ChainHead | null): Promise<void> {
  const [first] = rows as [AuditRow];
  const values = unnestedValues(
    rows,
    { organisationId: first.organisation_id, userId: first.actor_id },
    first.request_id,
    first.at,
  );
  await trx.executeQuery(
    head
      ? CompiledQuery.raw(insertAndMoveHeadSql, [...values, head.hash])
      : CompiledQuery.raw(insertUnnestedSql, values),
  );
}

const rowValues = (row: AuditRow) => [
  row.id,
  row.organisation_id,
  row.actor_id,
  row.action,
  row.subject_type,
  row.subject_id,
  row.request_id,
  row.at,
  row.in_subject_index,
  row.chain_seq,
  row.chain_hash,
];

// A listed page audits a hundred concerns; Kysely built and compiled eight hundred value nodes
// for each such insert, more work than the database's own. The statement depends only on the
// dialect and the number of rows, so Kysely writes it once for each and the values are bound.
const insertSqlByDialect = new WeakMap<object, Map<number, string>>();

function insertSql(trx: HavenDb, rows: readonly AuditRow[]): string {
  const adapter = trx.getExecutor().adapter;
  let byCount = insertSqlByDialect.get(adapter);
  if (!byCount) insertSqlByDialect.set(adapter, (byCount = new Map()));
  let text = byCount.get(rows.length);
  if (text === undefined) {
    const compiled = trx.insertInto('audit_events').values(rows).compile();
    // The bound values must line up with the columns Kysely wrote, or every row would be wrong.
    if (JSON.stringify(compiled.parameters) !== JSON.stringify(rows.flatMap(rowValues)))
      throw new Error('audit insert: the columns are not in the order the values are bound');
    text = compiled.sql;
    if (rows.length <= 1_000) byCount.set(rows.length, text);
  }
  return text;
}
