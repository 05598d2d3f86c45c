import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { canLinkPeopleOn, sourcedFrom } from '../../domain/person-index.ts';
import { type PersonFacts, rankMatches } from '../../domain/person-match.ts';
import { HavenError, Refusal, refusalAsValue } from '../../errors.ts';
import { recordAuditEventsOfActions } from '../../concerns/audit.queries.ts';
import { auditedRead } from '../../concerns/audited-read.ts';
import { authorizeConcern } from '../../concerns/concern-access.ts';
import { insertPerson, linkConcernPerson, lockLivePeople, recordPersonEvent } from './person-changes.queries.ts';
import { findCandidates, searchPeopleByName } from './person-search.queries.ts';
import { findConcernPerson, findPersonRecord, findVisiblePerson } from './person.queries.ts';

// Linking someone named on a concern to the person index (issue 4). The match rule only suggests;
// the case worker picks a record or adds a new one. Their role stays on the concern.

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type LinkTarget = Awaited<ReturnType<typeof authorizeLink>>;

/** The concern and the person named on it, if the actor may link people on that concern. */
export async function authorizeLink(db: HavenDb, actor: Actor, concernId: string, concernPersonId: string) {
  const concern = await authorizeConcern(db, actor, concernId);
  const person =
    uuid.test(concernPersonId) && canLinkPeopleOn(actor, concern)
      ? await findConcernPerson(db, actor, concern.id, concernPersonId)
      : undefined;
  if (!person) throw new HavenError('not-found');
  return { concern, person };
}

/** The person as the match rule sees them; an approximate age dates from the concern. */
function factsOf(person: LinkTarget['person']): PersonFacts {
  return {
    name: person.name,
    dateOfBirth: person.dateOfBirth,
    approximateAge: person.approximateAge === null ? null : Number(person.approximateAge),
    approximateAgeOn: todayInLondon(new Date(person.concernCreatedAt)),
    address: person.address,
  };
}

/** What the link page shows: the record already linked, or suggested matches and search results. */
export async function findLinkChoices(
  db: HavenDb,
  actor: Actor,
  { concern, person }: LinkTarget,
  search: string,
  requestId: string | null,
) {
  return auditedRead(
    db,
    actor,
    requestId,
    async (trx) => {
      const linked = person.personId ? await findVisiblePerson(trx, actor, person.personId) : undefined;
      const matches = linked ? [] : rankMatches(factsOf(person), await findCandidates(trx, actor, factsOf(person), []));
      const results = !linked && search ? await searchPeopleByName(trx, actor, search) : [];
      return { linked: linked ?? null, matches, results };
    },
    // The page shows the concern's person and, by name, everyone offered.
    ({ linked, matches, results }) => ({
      'concern.viewed': [concern.id],
      'person.listed': [...(linked ? [linked] : []), ...matches.map((m) => m.candidate), ...results].map((p) => p.id),
    }),
  );
}

export type LinkRefusal = 'unknown-person' | 'person-merged' | 'already-linked';
const unknownPerson = () => new Refusal('person-not-offered', 'unknown-person' as const);

/**
 * Links the concern's person to the record chosen, or to a new record made from what the concern
 * says about them ("new"). Refused, with nothing written, when the choice is not a record the
 * actor may see, that record was merged meanwhile, or someone linked this person meanwhile.
 */
export async function linkPerson(
  db: HavenDb,
  actor: Actor,
  { concern, person }: LinkTarget,
  choice: string,
  requestId: string | null,
): Promise<{ linked: string } | Refusal<LinkRefusal>> {
  if (choice !== 'new' && !uuid.test(choice)) return unknownPerson();
  return refusalAsValue(async () => {
    const personId = await db.transaction().execute(async (trx) => {
      const created = choice === 'new';
      const id = created
        ? await insertPerson(trx, actor, { ...factsOf(person), ...sourcedFrom(concern.id), householdId: null })
        : choice;
      // Locks the record, so a merge of it either finished first (and this is refused) or waits.
      if (!created && !(await lockLivePeople(trx, actor, [id]))) throw await whyNotLive(trx, actor, id);
      if (!created && !(await findVisiblePerson(trx, actor, id))) throw unknownPerson();
      if (!(await linkConcernPerson(trx, actor, person.id, id))) throw new Refusal('person-changed', 'already-linked');
      await recordPersonEvent(trx, actor, {
        personId: id,
        kind: created ? 'created' : 'linked',
        concernId: concern.id,
      });
      await recordAuditEventsOfActions(
        trx,
        actor,
        [
          { action: 'person.created', subjectIds: created ? [id] : [] },
          { action: 'person.linked', subjectIds: [id] },
          { action: 'concern.updated', subjectIds: [concern.id] },
        ],
        requestId,
      );
      return id;
    });
    return { linked: personId };
  });
}

/** A record merged into one the actor may see was merged meanwhile; anything else is unknown to them. */
async function whyNotLive(db: HavenDb, actor: Actor, personId: string) {
  const record = await findPersonRecord(db, actor, personId);
  const kept = record?.mergedIntoId ? await findVisiblePerson(db, actor, record.mergedIntoId) : undefined;
  return kept ? new Refusal('person-changed', 'person-merged' as const) : unknownPerson();
}
