import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import {
  type IndexDetails,
  type MergeRefusal,
  detailsAfterMerge,
  mergeRefusal,
  mergeSharing,
} from '../../domain/person-index.ts';
import { rankMatches } from '../../domain/person-match.ts';
import { HavenError, Refusal, refusalAsValue } from '../../errors.ts';
import { recordAuditEvents } from '../../concerns/audit.queries.ts';
import { auditedRead } from '../../concerns/audited-read.ts';
import { authorizePerson } from './person-page.ts';
import { lockLivePeople, mergeRecords, recordPersonEvent } from './person-changes.queries.ts';
import { findCandidates, searchPeopleByName } from './person-search.queries.ts';
import { type PersonRecord, findPersonRecord, findVisiblePerson, listConcernsOf } from './person.queries.ts';

// Merging duplicates (issue 4): a DSO or DSL picks the duplicate and the record to keep. The
// duplicate's concern links move to the kept record; the duplicate is marked merged, never
// deleted, and the merge is in the kept record's history and the audit log.

type Details = Omit<PersonRecord, 'id' | 'mergedIntoId'>;
const details = (record: Details): IndexDetails => ({
  name: record.name,
  nameFrom: record.nameFrom,
  dateOfBirth: record.dateOfBirth,
  dateOfBirthFrom: record.dateOfBirthFrom,
  approximateAge: record.approximateAge === null ? null : Number(record.approximateAge),
  approximateAgeOn: record.approximateAgeOn,
  approximateAgeFrom: record.approximateAgeFrom,
  address: record.address,
  addressFrom: record.addressFrom,
  householdId: record.householdId,
});

/** Records that may be duplicates of this person: suggested matches and, if asked, a name search. */
export async function findDuplicateChoices(
  db: HavenDb,
  actor: Actor,
  personId: string,
  search: string,
  requestId: string | null,
) {
  const person = await authorizePerson(db, actor, personId);
  return auditedRead(
    db,
    actor,
    requestId,
    async (trx) => {
      const facts = details(person);
      const matches = rankMatches(facts, await findCandidates(trx, actor, facts, [person.id]));
      const results = search ? await searchPeopleByName(trx, actor, search, [person.id]) : [];
      return { person, matches, results };
    },
    ({ matches, results }) => ({
      'person.viewed': [person.id],
      'person.listed': [...matches.map((m) => m.candidate.id), ...results.map((r) => r.id)],
    }),
  );
}

/** The two records side by side, with the concerns each is on, before the merge is confirmed. */
export async function findMergePair(
  db: HavenDb,
  actor: Actor,
  personId: string,
  otherId: string,
  requestId: string | null,
) {
  const person = await authorizePerson(db, actor, personId);
  const other = await authorizePerson(db, actor, otherId);
  if (person.id === other.id) throw new HavenError('not-found');
  const concerns = await auditedRead(
    db,
    actor,
    requestId,
    (trx) => listConcernsOf(trx, actor, [person.id, other.id]),
    () => ({ 'person.viewed': [person.id, other.id] }),
  );
  const of = (id: string) => concerns.filter((c) => c.personId === id);
  // What each choice would share: details from a restricted concern stay with that concern.
  const restricted = new Set(concerns.filter((c) => Number(c.restricted) === 1).map((c) => c.concernId));
  const sharing = {
    keepThis: mergeSharing(detailsAfterMerge(details(person), details(other)), restricted),
    keepOther: mergeSharing(detailsAfterMerge(details(other), details(person)), restricted),
  };
  return {
    person: { ...person, concerns: of(person.id) },
    other: { ...other, concerns: of(other.id) },
    sharing,
  };
}

/**
 * Merges one record into the other, all or nothing. Both are locked first and must still be live:
 * if someone merged either meanwhile, this is refused with the reason and nothing is written.
 */
export async function mergePeople(
  db: HavenDb,
  actor: Actor,
  pair: { duplicateId: string; keptId: string },
  requestId: string | null,
): Promise<{ keptId: string } | Refusal<MergeRefusal>> {
  return refusalAsValue(() =>
    db.transaction().execute(async (trx) => {
      const { duplicateId, keptId } = pair;
      const locked = await lockLivePeople(trx, actor, [duplicateId, keptId]);
      const [duplicate, kept] = await Promise.all([
        findPersonRecord(trx, actor, duplicateId),
        findPersonRecord(trx, actor, keptId),
      ]);
      if (!duplicate || !kept) throw new HavenError('not-found');
      const refusal = mergeRefusal(duplicate, kept);
      if (refusal || !locked) throw new Refusal('person-changed', refusal ?? 'duplicate-merged');
      const visible = await Promise.all([
        findVisiblePerson(trx, actor, duplicateId),
        findVisiblePerson(trx, actor, keptId),
      ]);
      if (!visible.every(Boolean)) throw new HavenError('not-found');
      const moved = await mergeRecords(
        trx,
        actor,
        duplicateId,
        keptId,
        detailsAfterMerge(details(kept), details(duplicate)),
      );
      await recordPersonEvent(trx, actor, {
        personId: keptId,
        kind: 'merged',
        details: { duplicateId, duplicateName: duplicate.name, duplicateNameFrom: duplicate.nameFrom },
      });
      await recordAuditEvents(trx, actor, 'person.merged', [keptId, duplicateId], requestId);
      await recordAuditEvents(trx, actor, 'concern.updated', moved, requestId);
      return { keptId };
    }),
  );
}
