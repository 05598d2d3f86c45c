import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { auditedRead } from '../../concerns/audited-read.ts';
import { type ConcernSearchResult, searchConcerns } from './search.queries.ts';

/**
 * Searches and audits each concern listed, in one transaction: results name people, so a
 * listing is a read (as in the triage queue). Concerns counted but not listed are not audited,
 * and the search term is recorded nowhere.
 */
export async function searchConcernsAudited(
  db: HavenDb,
  actor: Actor,
  text: string,
  requestId: string | null,
): Promise<ConcernSearchResult> {
  return auditedRead(
    db,
    actor,
    requestId,
    (trx) => searchConcerns(trx, actor, text),
    (result) => ({ 'concern.listed': result.concerns.map((c) => c.id) }),
  );
}
