import {
  type Actor,
  type ConcernAccessFacts,
  type Role,
  canViewConcern,
  isAllowed,
  restrictionScope,
} from './access-policy.ts';

// Rules of the person index (issue 4): who links people, when two records may be merged and
// what the kept record ends up with, and which entries of a person's history each reader sees.

/**
 * Linking puts a concern into a person's chronology, so it is case work on a concern the actor
 * may see *and* that is within their restriction scope: a DSO who reported a restricted concern
 * may read it, but not file it under a person other DSOs can open.
 */
export function canLinkPeopleOn(actor: Actor, concern: ConcernAccessFacts): boolean {
  if (!isAllowed(actor.role, 'case:work') || !canViewConcern(actor, concern)) return false;
  const scope = restrictionScope(actor.role);
  return concern.restricted ? scope !== 'unrestricted-only' : scope !== 'restricted-only';
}

export type IndexRecord = Readonly<{ id: string; mergedIntoId: string | null }>;

export type MergeRefusal = 'same-record' | 'duplicate-merged' | 'kept-merged';

/** Why these two records cannot be merged, or null when they can. */
export function mergeRefusal(duplicate: IndexRecord, kept: IndexRecord): MergeRefusal | null {
  if (duplicate.id === kept.id) return 'same-record';
  if (duplicate.mergedIntoId) return 'duplicate-merged';
  if (kept.mergedIntoId) return 'kept-merged';
  return null;
}

export const mergeRefusalText: Record<MergeRefusal, string> = {
  'same-record': 'A record cannot be merged with itself',
  'duplicate-merged': 'That record has already been merged into another',
  'kept-merged': 'The record to keep has already been merged into another',
};

export type IndexDetails = Readonly<{
  name: string | null;
  dateOfBirth: string | null;
  approximateAge: number | null;
  approximateAgeOn: string | null;
  address: string | null;
  householdId: string | null;
}>;

/**
 * The kept record's details after a merge: its own wherever it has them, the duplicate's where
 * it has none, so nothing known is lost. An approximate age only stands in for a missing date of
 * birth, and travels with the date it was given on.
 */
export function detailsAfterMerge(kept: IndexDetails, duplicate: IndexDetails): IndexDetails {
  const age =
    kept.dateOfBirth || kept.approximateAge !== null
      ? { approximateAge: kept.approximateAge, approximateAgeOn: kept.approximateAgeOn }
      : { approximateAge: duplicate.approximateAge, approximateAgeOn: duplicate.approximateAgeOn };
  const dateOfBirth = kept.dateOfBirth ?? duplicate.dateOfBirth;
  return {
    name: kept.name ?? duplicate.name,
    dateOfBirth,
    ...(dateOfBirth ? { approximateAge: null, approximateAgeOn: null } : age),
    address: kept.address ?? duplicate.address,
    householdId: kept.householdId ?? duplicate.householdId,
  };
}

/**
 * Who has seen or changed a person, as each reader may know it. Someone who cannot see
 * restricted concerns is not shown what the Head of Business Improvement did (their only reason
 * to touch a person is a restricted concern), nor a change that came from a restricted concern.
 */
export function accessEntryVisible(
  reader: Role,
  entry: Readonly<{ actorRole: string; concernRestricted: boolean | null }>,
): boolean {
  if (restrictionScope(reader) === 'all') return true;
  if (entry.concernRestricted !== null) {
    return entry.concernRestricted === (restrictionScope(reader) === 'restricted-only');
  }
  return entry.actorRole !== 'head_of_business_improvement' || restrictionScope(reader) === 'restricted-only';
}
