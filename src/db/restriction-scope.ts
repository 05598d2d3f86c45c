import type { ExpressionBuilder } from 'kysely';
import type { RestrictionScope } from '../domain/access-policy.ts';
import type { Database } from './schema.ts';

/**
 * The SQL side of restrictionScope: every query that lists concerns to someone other than
 * their reporter filters with this, so restricted concerns never leak into queues or counts.
 */
export function concernsInScope(scope: RestrictionScope) {
  return (eb: ExpressionBuilder<Database, 'concerns'>) => {
    if (scope === 'all') return eb.lit(true);
    return eb('concerns.restricted', '=', scope === 'restricted-only' ? 1 : 0);
  };
}
