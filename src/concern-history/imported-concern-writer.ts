import { CompiledQuery } from 'kysely';
import { auditChainAppender } from '../concerns/audit.queries.ts';
import type { HavenDb } from '../db/connect.ts';
import { isPostgres } from '../db/dialect.ts';
import { timeOrderedId } from '../db/time-ordered-id.ts';
import type { Actor } from '../domain/access-policy.ts';
import { type ConcernSearchDocument, indexNewConcerns } from '../db/full-text-search.ts';
import { encryptField } from '../field-encryption/field-encryption.ts';
import { londonDate } from '../domain/london-clock.ts';
import { triageDeadline } from '../domain/triage-deadline.ts';
import type { ConcernToImport } from './import-plan.ts';

// Writing imported concerns fast enough for a 100,000-row file (issue 9: ≤ 10 s). Each statement
// writes up to `rowsPerStatement` concerns: SQLite as one multi-row VALUES list (15 values a row,
// 15,000 a statement, under its limit of 32,766), PostgreSQL as arrays unnested (the same text
// for any number of rows, so it is parsed once, and no limit of 65,535 values to mind). Its text
// is written once per row count and kept. `on conflict do nothing` skips a concern whose
// reference Haven already holds (either unique index) and `returning` names those written, so
// the file's references need no lookup first and a second import of a file adds nothing.

type Owner = Pick<Actor, 'userId' | 'organisationId'>;

/** Concerns per statement; the audit writer takes the same number of events at once. */
export const rowsPerStatement = 1_000;

/**
 * On PostgreSQL, work in this process comes in turns of this many rows, each followed by a turn
 * of the event loop, so the server's replies are read (and the statements queued behind them
 * sent) within a turn's time rather than after a whole batch's: it sat idle 5 s in 34 s, waiting
 * on this process. SQLite works in this thread, so it has no replies to wait for.
 */
export const rowsPerTurn = 100;

/** A turn of the event loop, on PostgreSQL only (rowsPerTurn). */
export const turnOfTheEventLoop = (db: HavenDb) =>
  isPostgres(db) ? new Promise<void>((resolve) => setImmediate(resolve)) : undefined;

const withoutDescription = 'Imported from the previous system without a description.';
const plainWhatHappened = (concern: ConcernToImport) => concern.summary ?? withoutDescription;

/**
 * Every free-text value an imported concern stores passes through here, once per value, on its
 * way to the database: encrypted at rest (issue 13). Identifiers, dates and references do not.
 */
export function narrativeText(text: string): string {
  return encryptField(text);
}

/** The triage deadline of each arrival, remembered by its UK calendar date: one working-day walk per day, not per row. */
function deadlineCache(closureDays: ReadonlySet<string>) {
  const byDate = new Map<string, string>();
  return (receivedAt: string): string => {
    const at = new Date(receivedAt);
    const day = londonDate(at);
    let deadline = byDate.get(day);
    if (deadline === undefined) {
      // A bounded cache: a file spanning decades keeps the last few years' days at most.
      if (byDate.size >= 5_000) byDate.clear();
      deadline = triageDeadline(at, closureDays).toISOString();
      byDate.set(day, deadline);
    }
    return deadline;
  };
}

type PreparedBatch = {
  rows: readonly ConcernRow[];
  /** Each concern's search document and category links, made as if every concern is new. */
  docs: ReadonlyArray<ConcernSearchDocument & { concernId: string }>;
  links: ReadonlyArray<[concernId: string, categoryId: string]>;
};
/** Concerns made ready to write (ids, deadlines, free text encrypted), touching no database. */
export type PreparedConcerns = { readonly batches: readonly PreparedBatch[] };

export type ImportedConcernWriter = {
  /** Writes these concerns (any number); returns how many were new to Haven. */
  write(concerns: readonly ConcernToImport[]): Promise<number>;
  /**
   * write() in two halves: the work in this process first, so a caller can do it for one batch
   * while the database is still writing the one before (the command line's import).
   */
  prepare(concerns: readonly ConcernToImport[]): Promise<PreparedConcerns>;
  writePrepared(prepared: PreparedConcerns): Promise<number>;
};

/**
 * A writer for one import inside the caller's transaction. Each concern keeps the previous
 * system's reference (as its Haven reference too), is marked imported and is closed (history,
 * not a queue to work) at its closing date or, without one, the date it arrived. The importer is
 * recorded as the reporter and every concern written gets its created event in the audit chain.
 */
export function importedConcernWriter(
  trx: HavenDb,
  owner: Owner,
  context: { closureDays: ReadonlySet<string>; now: Date; requestId: string | null },
): ImportedConcernWriter {
  const postgres = isPostgres(trx);
  const importedAt = context.now.toISOString();
  const deadlineOf = deadlineCache(context.closureDays);
  // The previous system's export has no location: one envelope of the empty text serves every
  // concern of the import, as it tells no more than their imported mark (half the import's encryption).
  const noLocation = narrativeText('');

  // Time-ordered ids: each new key goes at the end of the primary key's index.
  const rowOf = (concern: ConcernToImport): ConcernRow => {
    const receivedAt = concern.receivedAt;
    return {
      id: timeOrderedId(),
      reference: concern.originalReference,
      serviceAreaId: concern.serviceAreaId,
      whatHappened: narrativeText(plainWhatHappened(concern)),
      location: noLocation,
      happenedOn: receivedAt.slice(0, 10),
      createdAt: receivedAt,
      triageDeadlineAt: deadlineOf(receivedAt),
      triagedAt: concern.triagedAt,
      closedAt: concern.closedAt ?? receivedAt,
    };
  };

  const appendAuditEvents = auditChainAppender(trx, owner, context.requestId);

  const writeSome = async ({ rows, docs, links }: PreparedBatch): Promise<number> => {
    const shared = { organisationId: owner.organisationId, reporterId: owner.userId, importedAt };
    const { rows: written } = await trx.executeQuery<{ id: string }>(
      postgres ? postgresConcernInsert(rows, shared) : sqliteConcernInsert(rows, shared),
    );
    if (written.length === 0) return 0;
    // Usually every concern is new; when not, only those written get documents, links and events.
    const writtenIds = written.length === rows.length ? null : new Set(written.map((row) => row.id));
    const isNew = (id: string) => writtenIds === null || writtenIds.has(id);
    const writeLinks = async (some: typeof links) => {
      for (let i = 0; i < some.length; i += linksPerStatement) {
        const part = some.slice(i, i + linksPerStatement);
        await trx.executeQuery(
          postgres ? postgresLinkInsert(part, owner.organisationId) : sqliteLinkInsert(part, owner.organisationId),
        );
      }
    };
    // The three are queued on the transaction's connection at once, so the database goes from one
    // to the next without waiting on this process between them. The audit chain lists the
    // concerns in the file's order.
    const outcomes = await Promise.allSettled([
      indexNewConcerns(trx, writtenIds ? docs.filter((doc) => isNew(doc.concernId)) : docs),
      writeLinks(writtenIds ? links.filter(([concernId]) => isNew(concernId)) : links),
      appendAuditEvents(
        'concern.created',
        rows.flatMap((row) => (isNew(row.id) ? [row.id] : [])),
      ),
    ]);
    // All have settled, so nothing is left running on the transaction when a failure ends it.
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
    return written.length;
  };

  const prepare = async (concerns: readonly ConcernToImport[]): Promise<PreparedConcerns> => {
    const batches: PreparedBatch[] = [];
    let batch: { rows: ConcernRow[]; docs: Array<PreparedBatch['docs'][number]>; links: Array<[string, string]> };
    for (let i = 0; i < concerns.length; i++) {
      if (i % rowsPerStatement === 0) batches.push((batch = { rows: [], docs: [], links: [] }));
      else if (i % rowsPerTurn === 0) await turnOfTheEventLoop(trx);
      const concern = concerns[i]!;
      const row = rowOf(concern);
      batch!.rows.push(row);
      // The columns hold ciphertext, so the search documents are made here from the plaintext (issue 13).
      batch!.docs.push({
        concernId: row.id,
        reference: concern.originalReference,
        names: [],
        account: [plainWhatHappened(concern)],
        added: [],
      });
      for (const categoryId of concern.categoryIds) batch!.links.push([row.id, categoryId]);
    }
    return { batches };
  };
  const writePrepared = async ({ batches }: PreparedConcerns) => {
    let written = 0;
    for (const batch of batches) written += await writeSome(batch);
    return written;
  };
  return { prepare, writePrepared, write: async (concerns) => writePrepared(await prepare(concerns)) };
}

type ConcernRow = {
  id: string;
  reference: string;
  serviceAreaId: string;
  whatHappened: string;
  location: string;
  happenedOn: string;
  createdAt: string;
  triageDeadlineAt: string;
  triagedAt: string | null;
  closedAt: string;
};
type Shared = { organisationId: string; reporterId: string; importedAt: string };

const concernColumns = `(id, organisation_id, reference, original_reference, imported_at, reporter_id,
  service_area_id, what_happened, happened_on, location, status, created_at, triage_deadline_at,
  triaged_at, closed_at)`;

// The same text for every batch: the concerns' columns as arrays, what every row shares bound once.
const postgresConcernSql = `insert into concerns ${concernColumns}
  select c.id, $1, c.reference, c.reference, $2, $3, c.service_area_id, c.what_happened, c.happened_on,
    c.location, 'closed', c.created_at, c.triage_deadline_at, c.triaged_at, c.closed_at
  from unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
    $11::text[], $12::text[], $13::text[])
    as c(id, reference, service_area_id, what_happened, location, happened_on, created_at,
      triage_deadline_at, triaged_at, closed_at)
  on conflict do nothing
  returning id`;

function postgresConcernInsert(rows: readonly ConcernRow[], shared: Shared): CompiledQuery<{ id: string }> {
  const column = <K extends keyof ConcernRow>(key: K) => rows.map((row) => row[key]);
  return CompiledQuery.raw(postgresConcernSql, [
    shared.organisationId,
    shared.importedAt,
    shared.reporterId,
    column('id'),
    column('reference'),
    column('serviceAreaId'),
    column('whatHappened'),
    column('location'),
    column('happenedOn'),
    column('createdAt'),
    column('triageDeadlineAt'),
    column('triagedAt'),
    column('closedAt'),
  ]);
}

// SQLite binds every value: a row's place-holders, in concernColumns' order.
const sqliteConcernRow = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'closed', ?, ?, ?, ?)`;

function sqliteConcernInsert(rows: readonly ConcernRow[], shared: Shared): CompiledQuery<{ id: string }> {
  const text = sqliteText(
    'concerns',
    rows.length,
    () =>
      `insert into concerns ${concernColumns} values ${Array(rows.length).fill(sqliteConcernRow).join(', ')}
      on conflict do nothing returning id`,
  );
  const values: unknown[] = [];
  for (const row of rows)
    values.push(
      row.id,
      shared.organisationId,
      row.reference,
      row.reference,
      shared.importedAt,
      shared.reporterId,
      row.serviceAreaId,
      row.whatHappened,
      row.happenedOn,
      row.location,
      row.createdAt,
      row.triageDeadlineAt,
      row.triagedAt,
      row.closedAt,
    );
  return CompiledQuery.raw(text, values);
}

/** Category links per statement: three values each on SQLite, 6,000 a statement. */
const linksPerStatement = 2_000;

const postgresLinkSql = `insert into concern_categories (organisation_id, concern_id, category_id)
  select $1, l.concern_id, l.category_id from unnest($2::text[], $3::text[]) as l(concern_id, category_id)`;

function postgresLinkInsert(links: ReadonlyArray<[string, string]>, organisationId: string): CompiledQuery {
  return CompiledQuery.raw(postgresLinkSql, [
    organisationId,
    links.map(([concernId]) => concernId),
    links.map(([, categoryId]) => categoryId),
  ]);
}

function sqliteLinkInsert(links: ReadonlyArray<[string, string]>, organisationId: string): CompiledQuery {
  const text = sqliteText(
    'links',
    links.length,
    () =>
      `insert into concern_categories (organisation_id, concern_id, category_id)
        values ${Array(links.length).fill('(?, ?, ?)').join(', ')}`,
  );
  const values: string[] = [];
  for (const [concernId, categoryId] of links) values.push(organisationId, concernId, categoryId);
  return CompiledQuery.raw(text, values);
}

// SQLite statements' text by table and row count: every full batch shares one, prepared once
// (connect.ts keeps recent statements prepared); only a file's last batch has a count of its own.
const sqliteTexts = new Map<string, string>();

function sqliteText(table: string, rowCount: number, write: () => string): string {
  const key = `${table}:${rowCount}`;
  let text = sqliteTexts.get(key);
  if (text === undefined) {
    text = write();
    if (sqliteTexts.size > 100) sqliteTexts.clear();
    sqliteTexts.set(key, text);
  }
  return text;
}
