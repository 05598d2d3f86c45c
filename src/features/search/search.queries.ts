import type { HavenDb } from '../../db/connect.ts';
import { concernMatches, searchPhrases } from '../../db/full-text-search.ts';
import { concernsInScope } from '../../db/restriction-scope.ts';
import { type Actor, restrictionScope } from '../../domain/access-policy.ts';
import { roleInConcernOptions } from '../../concerns/answer-labels.ts';
import type { RoleInConcern } from '../../concerns/draft.schema.ts';
import { categoryNames } from '../../concerns/concern-summaries.queries.ts';

/** A search lists the best matches only; the count says how many there were in all. */
export const searchResultLimit = 50;

export type ConcernSearchResult = {
  /** Every match the actor may see, including those beyond the limit. */
  total: number;
  concerns: Array<{
    id: string;
    reference: string;
    status: string;
    createdAt: string;
    people: string[];
    categories: string[];
  }>;
};

/**
 * Concerns of the actor's organisation matching the search, best first: an exact reference,
 * then relevance, then newest. Restricted concerns are left out, and not counted, unless the
 * actor's role may see them. Exported on its own (without auditing) so a benchmark can time it.
 */
export async function searchConcerns(
  db: HavenDb,
  actor: Actor,
  text: string,
  limit = searchResultLimit,
): Promise<ConcernSearchResult> {
  const phrases = searchPhrases(text);
  if (phrases.length === 0) return { total: 0, concerns: [] };
  // One word typed may be a reference ("hc-2026-000123"); rebuilt from the phrase, never raw input.
  const reference = phrases.length === 1 ? phrases[0]!.replaceAll(' ', '-').toUpperCase() : '';
  const rows = await db
    .selectFrom('concerns')
    .innerJoin(concernMatches(db, phrases), 'matches.concern_id', 'concerns.id')
    .select((eb) => [
      'concerns.id',
      'concerns.reference',
      'concerns.status',
      'concerns.created_at as createdAt',
      // Counted before the limit applies, in the same query, so the count obeys the same scope.
      eb.fn.countAll().over().as('total'),
    ])
    .where('concerns.organisation_id', '=', actor.organisationId)
    .where(concernsInScope(restrictionScope(actor)))
    .orderBy((eb) => eb.case().when('concerns.reference', '=', reference).then(0).else(1).end())
    .orderBy('matches.score', 'desc')
    .orderBy('concerns.created_at', 'desc')
    .limit(limit)
    .execute();
  const ids = rows.map((row) => row.id);
  const [people, categories] = await Promise.all([
    peopleNamed(db, actor.organisationId, ids),
    categoryNames(db, actor.organisationId, ids),
  ]);
  return {
    total: Number(rows[0]?.total ?? 0),
    concerns: rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      status: row.status,
      createdAt: row.createdAt,
      people: people.filter((p) => p.concernId === row.id).map(describePerson),
      categories: categories.filter((c) => c.concernId === row.id).map((c) => c.name),
    })),
  };
}

/** Everyone on each concern: a match may be on any of them, not only the person at risk. */
async function peopleNamed(db: HavenDb, organisationId: string, concernIds: readonly string[]) {
  if (concernIds.length === 0) return [];
  return db
    .selectFrom('concern_people')
    .select(['concern_id as concernId', 'name', 'role_in_concern as role'])
    .where('organisation_id', '=', organisationId)
    .where('concern_id', 'in', concernIds)
    .orderBy('sort_order')
    .execute();
}

function describePerson(person: { name: string | null; role: string }): string {
  const role = roleInConcernOptions[person.role as RoleInConcern]?.text ?? person.role;
  return `${person.name ?? 'Name not known'} (${role.toLowerCase()})`;
}
