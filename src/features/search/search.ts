import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { recordAuditEvents } from '../audit/audit.queries.ts';
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
  return db.transaction().execute(async (trx) => {
    const result = await searchConcerns(trx, actor, text);
    await recordAuditEvents(
      trx,
      actor,
      'concern.listed',
      result.concerns.map((c) => c.id),
      requestId,
    );
    return result;
  });
}
