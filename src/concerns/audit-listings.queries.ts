import type { HavenDb } from '../db/connect.ts';
import { type ListingOf, listingId, listingMembers } from '../domain/audit-listing.ts';

// The listings audit events name (migration 0038; domain/audit-listing.ts): stored once per
// distinct list, and found again by any subject they held.

// Listings this process has seen committed, by database. A listing is never changed or removed
// (the migration's triggers refuse it), so once committed it is there for good, and a page that
// shows an unchanged list again (the triage queue, reloaded all day) need not try to store it:
// one statement fewer a page. Only ids whose storing transaction has committed are remembered.
const committedByDatabase = new WeakMap<object, Set<string>>();
const committedKept = 10_000;

const committedIn = (db: HavenDb) => {
  const database = db.getExecutor().adapter;
  let committed = committedByDatabase.get(database);
  if (!committed) committedByDatabase.set(database, (committed = new Set()));
  return committed;
};

export const isCommittedListing = (db: HavenDb, id: string) => committedIn(db).has(id);

/** After the transaction that named these listings has committed: they are stored for good. */
export function rememberCommittedListings(db: HavenDb, ids: readonly string[]): void {
  const committed = committedIn(db);
  if (committed.size + ids.length > committedKept) committed.clear();
  for (const id of ids) committed.add(id);
}

/** A list an audit event names: its id (domain/audit-listing.ts), what it lists, its members in order. */
export type Listing = Readonly<{ id: string; of: ListingOf; members: readonly string[] }>;

/** The listing of these subjects, its members and id worked out once. */
export function listingOf(organisationId: string, of: ListingOf, subjectIds: readonly string[]): Listing {
  const members = listingMembers(subjectIds);
  return { id: listingId(organisationId, of, members), of, members };
}

/**
 * Stores the listing with its members unless an earlier page showed the same list. On
 * PostgreSQL a concurrent writer of the same new list waits on the id and then finds it stored
 * (or stores it, if the other rolled back).
 */
export async function keepListing(trx: HavenDb, organisationId: string, { id, of, members }: Listing): Promise<void> {
  if (isCommittedListing(trx, id)) return;
  const stored = await trx
    .insertInto('audit_listings')
    .values({ id, organisation_id: organisationId, subject_type: of, members: members.length })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!stored) return;
  for (let from = 0; from < members.length; from += membersPerInsert) {
    const part = members.slice(from, from + membersPerInsert);
    await trx
      .insertInto('audit_listing_members')
      .values(part.map((subjectId) => ({ listing_id: id, subject_id: subjectId })))
      .execute();
  }
}

// Well under SQLite's limit of bound values in one statement, however long a list.
const membersPerInsert = 1_000;

/** The ids of the organisation's listings of this kind that held any of these subjects, as a subquery. */
export function listingsHolding(db: HavenDb, organisationId: string, of: ListingOf, subjectIds: readonly string[]) {
  return db
    .selectFrom('audit_listing_members')
    .innerJoin('audit_listings', 'audit_listings.id', 'audit_listing_members.listing_id')
    .select('audit_listing_members.listing_id')
    .where('audit_listing_members.subject_id', 'in', subjectIds)
    .where('audit_listings.subject_type', '=', of)
    .where('audit_listings.organisation_id', '=', organisationId);
}
