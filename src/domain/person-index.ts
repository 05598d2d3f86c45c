import {
  type Actor,
  type ConcernAccessFacts,
  type RoleHolder,
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
  if (!isAllowed(actor, 'case:work') || !canViewConcern(actor, concern)) return false;
  return !concern.restricted || restrictionScope(actor) === 'all';
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

/**
 * Where each detail came from: the concern that recorded it. A detail from a restricted concern
 * is shown only to those who may see that concern (policy 14.4), however records are merged.
 * Null when the detail has no concern behind it.
 */
export type DetailSources = Readonly<{
  nameFrom: string | null;
  dateOfBirthFrom: string | null;
  approximateAgeFrom: string | null;
  addressFrom: string | null;
}>;

export type IndexDetails = Readonly<
  {
    name: string | null;
    dateOfBirth: string | null;
    approximateAge: number | null;
    approximateAgeOn: string | null;
    address: string | null;
    householdId: string | null;
  } & DetailSources
>;

/** Every detail of a new record comes from the one concern it was made from. */
export function sourcedFrom(concernId: string): DetailSources {
  return { nameFrom: concernId, dateOfBirthFrom: concernId, approximateAgeFrom: concernId, addressFrom: concernId };
}

/**
 * The kept record's details after a merge: its own wherever it has them, the duplicate's where
 * it has none, so nothing known is lost. Each detail keeps the concern it came from. An
 * approximate age only stands in for a missing date of birth, and travels with the date it was
 * given on.
 */
export function detailsAfterMerge(kept: IndexDetails, duplicate: IndexDetails): IndexDetails {
  const pick = <V>(keptValue: V | null, keptFrom: string | null, otherValue: V | null, otherFrom: string | null) =>
    keptValue !== null
      ? { value: keptValue, from: keptFrom }
      : { value: otherValue, from: otherValue === null ? null : otherFrom };
  const name = pick(kept.name, kept.nameFrom, duplicate.name, duplicate.nameFrom);
  const dateOfBirth = pick(kept.dateOfBirth, kept.dateOfBirthFrom, duplicate.dateOfBirth, duplicate.dateOfBirthFrom);
  const address = pick(kept.address, kept.addressFrom, duplicate.address, duplicate.addressFrom);
  const keptHasAge = kept.dateOfBirth !== null || kept.approximateAge !== null;
  const age = dateOfBirth.value
    ? { approximateAge: null, approximateAgeOn: null, approximateAgeFrom: null }
    : keptHasAge
      ? {
          approximateAge: kept.approximateAge,
          approximateAgeOn: kept.approximateAgeOn,
          approximateAgeFrom: kept.approximateAgeFrom,
        }
      : {
          approximateAge: duplicate.approximateAge,
          approximateAgeOn: duplicate.approximateAgeOn,
          approximateAgeFrom: duplicate.approximateAge === null ? null : duplicate.approximateAgeFrom,
        };
  return {
    name: name.value,
    nameFrom: name.from,
    dateOfBirth: dateOfBirth.value,
    dateOfBirthFrom: dateOfBirth.from,
    ...age,
    address: address.value,
    addressFrom: address.from,
    householdId: kept.householdId ?? duplicate.householdId,
  };
}

export type DetailName = 'name' | 'dateOfBirth' | 'approximateAge' | 'address';
export const detailNames: readonly DetailName[] = ['name', 'dateOfBirth', 'approximateAge', 'address'];

/**
 * Which of the kept record's details, after this merge, came from a restricted concern, and so
 * will be seen only by those who may see that concern; the rest are shared with everyone who may
 * see the record. For the merge page, so the DSL knows before confirming.
 */
export function mergeSharing(
  after: IndexDetails,
  restrictedConcernIds: ReadonlySet<string>,
): { restricted: DetailName[]; shared: DetailName[] } {
  const present = detailNames.filter((detail) => after[detail] !== null);
  const fromRestricted = (detail: DetailName) => {
    const from = after[`${detail}From`];
    return from !== null && restrictedConcernIds.has(from);
  };
  return { restricted: present.filter(fromRestricted), shared: present.filter((d) => !fromRestricted(d)) };
}

/**
 * Who has seen or changed a person, as each reader may know it. Someone who cannot see
 * restricted concerns is not shown a read or change that came from a restricted concern.
 */
export function accessEntryVisible(
  reader: RoleHolder,
  entry: Readonly<{ concernRestricted: boolean | null }>,
): boolean {
  return restrictionScope(reader) === 'all' || entry.concernRestricted !== true;
}
