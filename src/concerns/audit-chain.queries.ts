import { sql } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import { type ChainBreak, type ChainHead, type StoredEvent, chainChecker } from '../domain/audit-chain.ts';
import { type ListingOf, listingId } from '../domain/audit-listing.ts';

/** What verifying the audit chains found: every break counted, the first `keep` of them kept. */
export type ChainVerification = {
  organisations: number;
  events: number;
  breakCount: number;
  breaks: ChainBreak[];
};

/** Rows read at a time: memory stays flat however long the chain. */
const pageSize = 10_000;
const breaksKept = 1_000;

/**
 * Checks each organisation's audit chain (or just one organisation's), reading its events in
 * sequence order a page at a time; only the page in hand and the last link are held. Events
 * with no place in the chain are reported as inserted.
 */
export async function verifyAuditChains(
  db: HavenDb,
  options: { organisationId?: string; keep?: number } = {},
): Promise<ChainVerification> {
  const keep = options.keep ?? breaksKept;
  const result: ChainVerification = { organisations: 0, events: 0, breakCount: 0, breaks: [] };
  const report = (chainBreak: ChainBreak) => {
    result.breakCount += 1;
    if (result.breaks.length < keep) result.breaks.push(chainBreak);
  };
  const organisations = options.organisationId ? [options.organisationId] : await listChainOrganisations(db);
  for (const organisationId of organisations) {
    result.organisations += 1;
    result.events += await verifyOrganisationChain(db, organisationId, report);
  }
  return result;
}

async function listChainOrganisations(db: HavenDb): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from organisations union select organisation_id as id from audit_chain_heads order by id`.execute(db);
  return rows.map((row) => row.id);
}

type ChainRow = {
  id: string;
  organisation_id: string;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  request_id: string | null;
  at: string;
  chain_seq: number | null;
  chain_hash: string | null;
};

const lowestSeq = -2_147_483_648;

async function verifyOrganisationChain(
  db: HavenDb,
  organisationId: string,
  report: (chainBreak: ChainBreak) => void,
): Promise<number> {
  const checker = chainChecker(organisationId, report);
  let events = 0;
  // Pages start at the last sequence number seen (>=), so a second event claiming that number
  // across a page boundary is still read; the ones already checked there are skipped by id.
  let lastSeq = lowestSeq;
  let idsAtLastSeq = new Set<string>();
  for (;;) {
    const limit = pageSize + idsAtLastSeq.size;
    const { rows } = await sql<ChainRow>`
      select id, organisation_id, actor_id, action, subject_type, subject_id, request_id, at, chain_seq, chain_hash
      from audit_events
      where organisation_id = ${organisationId} and chain_seq >= ${lastSeq}
      order by chain_seq limit ${limit}`.execute(db);
    const fresh = rows.filter((row) => !(row.chain_seq === lastSeq && idsAtLastSeq.has(row.id)));
    for (const row of fresh) {
      checker.check(storedEvent(row));
      const seq = Number(row.chain_seq);
      if (seq !== lastSeq) {
        lastSeq = seq;
        idsAtLastSeq = new Set();
      }
      idsAtLastSeq.add(row.id);
    }
    events += fresh.length;
    if (rows.length < limit || fresh.length === 0) break;
  }
  checker.finish(await findChainHead(db, organisationId));
  const unchained = await sql<ChainRow>`
    select id, organisation_id, actor_id, action, subject_type, subject_id, request_id, at, chain_seq, chain_hash
    from audit_events where organisation_id = ${organisationId} and chain_seq is null`.execute(db);
  for (const row of unchained.rows) checker.check(storedEvent(row));
  await verifyOrganisationListings(db, organisationId, report);
  return events + unchained.rows.length;
}

const listingsPerPage = 200;

/**
 * A listing's id is the hash of its members (domain/audit-listing.ts), and chained events name
 * it: so each listing's members are hashed again, a page of listings at a time, and every
 * event that names a listing must find it.
 */
async function verifyOrganisationListings(
  db: HavenDb,
  organisationId: string,
  report: (chainBreak: ChainBreak) => void,
): Promise<void> {
  const changed = (id: string, eventId: string | null = null) =>
    report({ organisationId, kind: 'listing-changed', seq: null, eventId, listingId: id });
  let after = '';
  for (;;) {
    const listings = await db
      .selectFrom('audit_listings')
      .select(['id', 'subject_type', 'members'])
      .where('organisation_id', '=', organisationId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(listingsPerPage)
      .execute();
    if (listings.length === 0) break;
    const members = await db
      .selectFrom('audit_listing_members')
      .select(['listing_id', 'subject_id'])
      .where(
        'listing_id',
        'in',
        listings.map((listing) => listing.id),
      )
      .execute();
    const byListing = Map.groupBy(members, (member) => member.listing_id);
    for (const listing of listings) {
      const held = (byListing.get(listing.id) ?? []).map((member) => member.subject_id);
      const expected = listingId(organisationId, listing.subject_type as ListingOf, held);
      if (expected !== listing.id || held.length !== Number(listing.members)) changed(listing.id);
    }
    after = listings.at(-1)!.id;
  }
  const missing = await db
    .selectFrom('audit_events')
    .leftJoin('audit_listings', 'audit_listings.id', 'audit_events.subject_id')
    .select(['audit_events.id', 'audit_events.subject_id'])
    .where('audit_events.organisation_id', '=', organisationId)
    .where('audit_events.subject_type', '=', 'listing')
    .where('audit_listings.id', 'is', null)
    .execute();
  for (const event of missing) changed(event.subject_id, event.id);
}

async function findChainHead(db: HavenDb, organisationId: string): Promise<ChainHead | null> {
  const head = await db
    .selectFrom('audit_chain_heads')
    .select(['last_seq', 'last_hash'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return head ? { seq: Number(head.last_seq), hash: head.last_hash } : null;
}

const storedEvent = (row: ChainRow): StoredEvent => ({
  id: row.id,
  organisationId: row.organisation_id,
  actorId: row.actor_id,
  action: row.action,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  requestId: row.request_id,
  at: row.at,
  seq: row.chain_seq === null ? null : Number(row.chain_seq),
  hash: row.chain_hash,
});
