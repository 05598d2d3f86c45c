import { type Kysely, sql } from 'kysely';
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
