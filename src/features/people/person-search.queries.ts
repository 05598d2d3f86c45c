import type { HavenDb } from '../../db/connect.ts';
import { type Actor, restrictionScope } from '../../domain/access-policy.ts';
import { type PersonFacts, matchSearchTerms, nameTokens, postcodeOf } from '../../domain/person-match.ts';
import { sourceInScope } from '../../db/restriction-scope.ts';
import { personColumnsFor, visibleTo } from './person.queries.ts';

/** A detail matches only where this reader may see it (issue 11.5), so a search reveals nothing hidden. */
const seen = (actor: Actor, source: string) => sourceInScope(restrictionScope(actor), source);

// Finding people in the index by name (a simple LIKE on the normalised name: full-text search of
// concerns is search/'s), and gathering candidates for the match rule to rank. Name words hold
// only letters and digits (nameTokens), so they go into LIKE patterns without escaping.

/** Enough candidates to rank; a name shared by more people than this needs a search instead. */
const mostCandidates = 200;

/**
 * Live, visible people who share a name word, the date of birth or the postcode with this
 * person: everyone the match rule could rank highly. Those in `except` are left out.
 */
export async function findCandidates(db: HavenDb, actor: Actor, subject: PersonFacts, except: readonly string[]) {
  const terms = matchSearchTerms(subject);
  if (!terms.nameTokens.length && !terms.dateOfBirth && !terms.postcode) return [];
  return db
    .selectFrom('people')
    .select(personColumnsFor(actor))
    .where(visibleTo(actor))
    .where((eb) =>
      eb.or([
        ...terms.nameTokens.map((token) =>
          eb.and([eb('people.name_key', 'like', `%${token}%`), seen(actor, 'people.name_from_concern_id')]),
        ),
        ...(terms.dateOfBirth
          ? [
              eb.and([
                eb('people.date_of_birth', '=', terms.dateOfBirth),
                seen(actor, 'people.date_of_birth_from_concern_id'),
              ]),
            ]
          : []),
        ...(terms.postcode
          ? [eb.and([eb('people.postcode', '=', terms.postcode), seen(actor, 'people.address_from_concern_id')])]
          : []),
      ]),
    )
    .$if(except.length > 0, (qb) => qb.where('people.id', 'not in', except))
    .limit(mostCandidates)
    .execute();
}

/** People whose name holds every word searched for, in name order. */
export async function searchPeopleByName(db: HavenDb, actor: Actor, query: string, except: readonly string[] = []) {
  const words = nameTokens(query).slice(0, 5);
  if (!words.length) return [];
  return db
    .selectFrom('people')
    .select(personColumnsFor(actor))
    .where(visibleTo(actor))
    .where((eb) => eb.and(words.map((word) => eb('people.name_key', 'like', `%${word}%`))))
    .where(seen(actor, 'people.name_from_concern_id'))
    .$if(except.length > 0, (qb) => qb.where('people.id', 'not in', except))
    .orderBy('people.name')
    .limit(20)
    .execute();
}

/** Live, visible people at the same address or postcode, for putting a household together. */
export async function findPeopleAtAddress(
  db: HavenDb,
  actor: Actor,
  address: string | null,
  except: readonly string[],
) {
  if (!address) return [];
  const postcode = postcodeOf(address);
  return db
    .selectFrom('people')
    .select(personColumnsFor(actor))
    .where(visibleTo(actor))
    .where((eb) =>
      eb.or([eb('people.address', '=', address), ...(postcode ? [eb('people.postcode', '=', postcode)] : [])]),
    )
    .where(seen(actor, 'people.address_from_concern_id'))
    .$if(except.length > 0, (qb) => qb.where('people.id', 'not in', except))
    .orderBy('people.name')
    .limit(20)
    .execute();
}
