import { sql } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import type { Actor } from '../domain/access-policy.ts';
import type { ListingOf } from '../domain/audit-listing.ts';
import { listingsHolding } from './audit-listings.queries.ts';
import type { AuditAction, auditSubjectOf } from './audit.queries.ts';

export type AuditTrailEntry = { action: string; at: string; who: string };

/**
 * Who did what to these subjects, newest first, at most `most`: their own events and those of
 * the listings that held them, each from the rows already in the by-subject index and those
 * still waiting to join it, found through its own index (the index conditions are written as
 * literals, so SQLite can use its partial indexes). A list that held several of the subjects is
 * one event: it was one reading.
 */
export async function listAuditTrail(
  db: HavenDb,
  actor: Pick<Actor, 'organisationId'>,
  subjectType: ReturnType<typeof auditSubjectOf>,
  subjectIds: readonly string[],
  options: { actions?: readonly AuditAction[]; most: number },
): Promise<AuditTrailEntry[]> {
  if (subjectIds.length === 0) return [];
  const listed: ListingOf | null = subjectType === 'concern' || subjectType === 'person' ? subjectType : null;
  const part = (inIndex: 0 | 1, about: 'own' | ListingOf) =>
    db
      .selectFrom('audit_events')
      .innerJoin('users', 'users.id', 'audit_events.actor_id')
      .select(['audit_events.action', 'audit_events.at', 'users.display_name as who'])
      .where(sql<boolean>`audit_events.in_subject_index = ${sql.lit(inIndex)}`)
      .where('audit_events.organisation_id', '=', actor.organisationId)
      .$if(about === 'own', (query) =>
        query.where('audit_events.subject_type', '=', subjectType).where('audit_events.subject_id', 'in', subjectIds),
      )
      .$if(about !== 'own', (query) =>
        query
          .where('audit_events.subject_type', '=', 'listing')
          .where(
            'audit_events.subject_id',
            'in',
            listingsHolding(db, actor.organisationId, about as ListingOf, subjectIds),
          ),
      )
      .$if(options.actions !== undefined, (query) => query.where('audit_events.action', 'in', options.actions!))
      .orderBy('audit_events.at', 'desc')
      .limit(options.most)
      .execute();
  const parts = [await part(0, 'own'), await part(1, 'own')];
  if (listed) parts.push(await part(0, listed), await part(1, listed));
  // Each part newest first; a stable sort keeps each part's own order among equal times.
  return parts
    .flat()
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, options.most);
}
