import { hash as digest } from 'node:crypto';

// A list a page shows (the triage queue, search results, a person's concerns) is audited as one
// event naming the list, and each distinct list's members are kept once (audit_listings,
// migration 0038): reading an unchanged queue again writes one audit row, not one per concern.
// A listing's id is a hash of what it holds, so the event's place in the audit chain fixes
// the list's members too: a member added or removed afterwards no longer matches the id.

/** What a listing lists. */
export type ListingOf = 'concern' | 'person';

/** Named in every hash, so a later encoding can be told apart from this one. */
const encodingVersion = 'haven-audit-listing-v1';

/** The members each once, in one fixed order (code units, not a database's collation). */
export function listingMembers(subjectIds: readonly string[]): string[] {
  return [...new Set(subjectIds)].sort();
}

/** SHA-256 of the organisation, what is listed and the members in order, as a JSON array. */
export function listingId(organisationId: string, of: ListingOf, subjectIds: readonly string[]): string {
  return digest('sha256', JSON.stringify([encodingVersion, organisationId, of, listingMembers(subjectIds)]), 'hex');
}
