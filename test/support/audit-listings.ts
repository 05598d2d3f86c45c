import type { HavenDb } from '../../src/db/connect.ts';

/** Audit events naming a listing that held any of these subjects, one row per subject held, in chain order. */
export function listedEventsOf(db: HavenDb, subjectIds: readonly string[]) {
  return db
    .selectFrom('audit_events')
    .innerJoin('audit_listing_members', 'audit_listing_members.listing_id', 'audit_events.subject_id')
    .select(['audit_events.action', 'audit_events.actor_id', 'audit_listing_members.subject_id'])
    .where('audit_events.subject_type', '=', 'listing')
    .where('audit_listing_members.subject_id', 'in', subjectIds)
    .orderBy('audit_events.chain_seq')
    .orderBy('audit_listing_members.subject_id')
    .execute();
}
