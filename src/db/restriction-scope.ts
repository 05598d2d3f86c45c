import { type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import type { RestrictionScope } from '../domain/access-policy.ts';
import type { Database } from './schema.ts';

/**
 * The SQL side of restrictionScope: every query that lists concerns to someone other than
 * their reporter filters with this, so restricted concerns never leak into queues or counts.
 */
export function concernsInScope(scope: RestrictionScope) {
  return (eb: ExpressionBuilder<Database, 'concerns'>) => {
    if (scope === 'all') return eb.lit(true);
    return eb('concerns.restricted', '=', 0);
  };
}

/** Concerns outside the scope: for saying how many a list leaves out, never what they are. */
export function concernsOutOfScope(scope: RestrictionScope) {
  return (eb: ExpressionBuilder<Database, 'concerns'>) => {
    if (scope === 'all') return eb.lit(false);
    return eb('concerns.restricted', '=', 1);
  };
}

/**
 * The SQL side of personVisible: a person exists for a reader only through a concern within the
 * reader's scope, so someone named only on a restricted allegation is not found by a DSO at all.
 */
export function peopleInScope(scope: RestrictionScope) {
  return (eb: ExpressionBuilder<Database, 'people'>) =>
    eb.exists(
      eb
        .selectFrom('concern_people')
        .innerJoin('concerns', 'concerns.id', 'concern_people.concern_id')
        .select('concern_people.concern_id')
        .whereRef('concern_people.person_id', '=', 'people.id')
        .where(concernsInScope(scope)),
    );
}

/**
 * The SQL side of "a detail from a restricted concern is seen only by those who may see that
 * concern" (issue 11.5): true when the concern named in `sourceColumn` is within the scope, or
 * when no concern recorded the detail.
 */
export function sourceInScope(scope: RestrictionScope, sourceColumn: string): RawBuilder<boolean> {
  if (scope === 'all') return sql<boolean>`1 = 1`;
  return sql<boolean>`(${sql.ref(sourceColumn)} is null or exists (select 1 from concerns as detail_source where detail_source.id = ${sql.ref(sourceColumn)} and detail_source.restricted = 0))`;
}

/** concernsInScope as raw SQL on `concerns`, for correlated subqueries written in SQL. */
export function scopeSql(scope: RestrictionScope): RawBuilder<boolean> {
  if (scope === 'all') return sql<boolean>`1 = 1`;
  return sql<boolean>`concerns.restricted = 0`;
}
