import type { HavenDb } from '../db/connect.ts';
import type { Actor, ConcernAccessFacts } from '../domain/access-policy.ts';
import { canLinkPeopleOn } from '../domain/person-index.ts';
import { roleText } from './answer-labels.ts';
import { listConcernPeopleLinks } from './concern-person-index.queries.ts';
import { personTitle } from './people-summary.ts';

/**
 * For the concern page: each person named on the concern and the index record they are linked
 * to, or null when the reader does not link people on this concern (so the section is not shown).
 */
export async function findConcernPersonIndex(db: HavenDb, actor: Actor, concern: ConcernAccessFacts & { id: string }) {
  if (!canLinkPeopleOn(actor, concern)) return null;
  const people = await listConcernPeopleLinks(db, actor, concern.id);
  return people.map((p) => ({
    id: p.id,
    name: personTitle(p),
    roleText: roleText(p.role),
    personId: p.personId,
    personName: p.personId ? personTitle({ name: p.personName }) : null,
  }));
}
