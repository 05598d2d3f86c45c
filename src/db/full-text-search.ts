import { CompiledQuery, type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.ts';
import type { Database } from './schema.ts';

// Reading the concern search documents that migration 0009-concern-search keeps: FTS5 on
// SQLite, a tsvector on PostgreSQL. The only place search syntax is written.

/** Search phrases are capped so a long query cannot become an expensive one. */
const maxPhrases = 20;

/**
 * What was typed, as phrases the index can match: one per whitespace-separated word, holding
 * only its letters and digits ("HC-2026-000123" → "HC 2026 000123", "O'Brien" → "O Brien").
 * Both engines split words at punctuation the same way, and with no punctuation left no
 * character can be read as search syntax (quotes, *, -, NEAR, parentheses). Empty when
 * nothing searchable was typed.
 */
export function searchPhrases(text: string): string[] {
  // Accents go, as they do in the index: "Zoe" finds "Zoë".
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .split(/\s+/u)
    .map((word) => (word.match(/[\p{L}\p{N}]+/gu) ?? []).join(' '))
    .filter((phrase) => phrase.length > 0)
    .slice(0, maxPhrases);
}

/**
 * Concerns whose search document holds every phrase (stemmed, so "neglected" finds "neglect"),
 * with a relevance score, higher is better. Join it to concerns, which alone decide scope.
 * The phrases travel as bound parameters, never as SQL.
 */
export function concernMatches(db: Kysely<Database>, phrases: readonly string[]) {
  if (phrases.length === 0) throw new Error('concernMatches needs at least one phrase');
  if (isPostgres(db)) {
    // phraseto_tsquery reads any text without a syntax error; English stop words drop out.
    const query = sql.join(
      phrases.map((phrase) => sql`phraseto_tsquery('english', ${phrase})`),
      sql` && `,
    );
    return sql<{ concern_id: string; score: number }>`(
      select concern_search.concern_id, ts_rank_cd(concern_search.document, search.query) as score
      from concern_search, (select ${query} as query) as search
      where concern_search.document @@ search.query
    )`.as('matches');
  }
  // FTS5: each phrase quoted (it holds no quote to escape), all required. bm25 is lower for
  // better matches; columns weigh reference 10, names 5, account 1, information added 0.5.
  const expression = phrases.map((phrase) => `"${phrase}"`).join(' AND ');
  return sql<{ concern_id: string; score: number }>`(
    select concern_search_rows.concern_id, -bm25(concern_search, 10.0, 5.0, 1.0, 0.5) as score
    from concern_search join concern_search_rows on concern_search_rows.id = concern_search.rowid
    where concern_search match ${expression}
  )`.as('matches');
}

/** What a concern's search document is built from: plaintext, held only while it is written. */
export type ConcernSearchDocument = {
  reference: string;
  names: ReadonlyArray<string | null>;
  /** What happened, where, why at risk, the visit's purpose. */
  account: ReadonlyArray<string | null>;
  /** Information its reporter added later. */
  added: ReadonlyArray<string | null>;
};

const joined = (parts: ReadonlyArray<string | null>) => parts.filter((part) => part).join(' ');

/**
 * Writes a concern's search document from plaintext the caller has (issue 13: the columns hold
 * ciphertext, so no trigger can read them). SQLite keeps only the index (contentless FTS5, the row
 * replaced by its rowid); PostgreSQL keeps a tsvector, lexemes and positions only.
 */
export async function writeConcernSearch(db: Kysely<Database>, concernId: string, doc: ConcernSearchDocument) {
  const [names, account, added] = [joined(doc.names), joined(doc.account), joined(doc.added)];
  if (isPostgres(db)) {
    await sql`
      insert into concern_search (concern_id, document)
      values (${concernId},
        setweight(concern_search_words(${doc.reference}), 'A') || setweight(concern_search_words(${names}), 'A') ||
        setweight(concern_search_words(${account}), 'B') || setweight(concern_search_words(${added}), 'C'))
      on conflict (concern_id) do update set document = excluded.document`.execute(db);
    return;
  }
  await sql`insert into concern_search_rows (concern_id) values (${concernId}) on conflict (concern_id) do nothing`.execute(
    db,
  );
  const row = await sql<{ id: number }>`select id from concern_search_rows where concern_id = ${concernId}`.execute(db);
  const rowid = row.rows[0]!.id;
  await sql`delete from concern_search where rowid = ${rowid}`.execute(db);
  await sql`
    insert into concern_search (rowid, reference, names, account, added)
    values (${rowid}, ${doc.reference}, ${names}, ${account}, ${added})`.execute(db);
}

/** Removes a concern's search document (its personal data disposed of, or the concern deleted). */
export async function removeConcernSearch(db: Kysely<Database>, concernId: string) {
  if (isPostgres(db)) {
    await sql`delete from concern_search where concern_id = ${concernId}`.execute(db);
    return;
  }
  await sql`
    delete from concern_search where rowid = (select id from concern_search_rows where concern_id = ${concernId})`.execute(
    db,
  );
  await sql`delete from concern_search_rows where concern_id = ${concernId}`.execute(db);
}

/** Documents per statement: SQLite binds five values a row, 5,000 a statement, under its limit of 32,766. */
const docsPerStatement = 1_000;

// PostgreSQL: the documents' parts as arrays unnested, so every batch is the same text. An empty
// part (an imported concern has no names) is the empty document its words would make, uncomputed.
// A document whose parts are all ASCII comes with its words already split (asciiWords) and goes
// straight to to_tsvector; any other, through concern_search_words.
const words = (part: string, weight: string) =>
  `case when ${part} = '' then ''::tsvector else setweight(case when d.split then to_tsvector('english', ${part})
    else concern_search_words(${part}) end, '${weight}') end`;
const postgresIndexSql = `insert into concern_search (concern_id, document)
  select d.id, ${words('d.reference', 'A')} || ${words('d.names', 'A')} || ${words('d.account', 'B')} || ${words('d.added', 'C')}
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[])
    as d(id, reference, names, account, added, split)`;

/**
 * The text concern_search_words (migration 0009) gives to_tsvector, for ASCII text, or null: on
 * ASCII, NFD and the removal of combining marks change nothing and [:alnum:] is A-Z, a-z and 0-9,
 * so each run of anything else becomes one space, as its last regexp_replace does. Done here, a
 * 100,000-row import spares the database 200,000 regular-expression replacements (1.2-1.5 s of
 * its CPU; to_tsvector itself is 0.7 s).
 */
export function asciiWords(text: string): string | null {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.replace(/[^A-Za-z0-9]+/g, ' ') : null;
}

/**
 * Search documents for concerns just inserted (none has one yet), a batch in one statement on
 * PostgreSQL and two on SQLite: for bulk writers (the concern history import, synthetic data).
 */
export async function indexNewConcerns(
  db: Kysely<Database>,
  docs: ReadonlyArray<ConcernSearchDocument & { concernId: string }>,
): Promise<void> {
  for (let start = 0; start < docs.length; start += docsPerStatement) {
    const batch = docs.slice(start, start + docsPerStatement);
    const texts = batch.map(
      (doc) => [doc.concernId, doc.reference, joined(doc.names), joined(doc.account), joined(doc.added)] as const,
    );
    if (isPostgres(db)) {
      const split = texts.map(([, ...parts]) => {
        const words = parts.map(asciiWords);
        return words.every((part) => part !== null) ? words : null;
      });
      const column = (i: 1 | 2 | 3 | 4) => texts.map((text, j) => split[j]?.[i - 1] ?? text[i]);
      await db.executeQuery(
        CompiledQuery.raw(postgresIndexSql, [
          texts.map(([id]) => id),
          column(1),
          column(2),
          column(3),
          column(4),
          split.map((words) => words !== null),
        ]),
      );
      continue;
    }
    // Each concern's rowid in the index comes back from the insert that makes it.
    const ids = await db.executeQuery<{ id: number; concern_id: string }>(
      CompiledQuery.raw(
        `insert into concern_search_rows (concern_id) values ${Array(texts.length).fill('(?)').join(', ')}
          returning id, concern_id`,
        texts.map(([id]) => id),
      ),
    );
    const rowidOf = new Map(ids.rows.map((row) => [row.concern_id, row.id]));
    const values: Array<string | number> = [];
    for (const [id, reference, names, account, added] of texts)
      values.push(rowidOf.get(id)!, reference, names, account, added);
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into concern_search (rowid, reference, names, account, added)
          values ${Array(texts.length).fill('(?, ?, ?, ?, ?)').join(', ')}`,
        values,
      ),
    );
  }
}
