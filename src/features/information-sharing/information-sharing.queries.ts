import type { HavenDb } from '../../db/connect.ts';
import { concernsInScope, concernsOutOfScope } from '../../db/restriction-scope.ts';
import { type Actor, restrictionScope } from '../../domain/access-policy.ts';

/**
 * Every disclosure to the Home Office / Secretary of State in a period, for the coordinator's
 * report (Scrutiny recommendation 1). References only: no names of the people concerned. Rows
 * outside the actor's restriction scope never leave the database; only their number does.
 */
export async function listHomeOfficeDisclosures(db: HavenDb, actor: Actor, from: string, to: string) {
  const scope = restrictionScope(actor);
  const inPeriod = db
    .selectFrom('disclosures')
    .innerJoin('concerns', 'concerns.id', 'disclosures.concern_id')
    .where('disclosures.organisation_id', '=', actor.organisationId)
    .where('disclosures.home_office', '=', 1)
    .where('disclosures.shared_on', '>=', from)
    .where('disclosures.shared_on', '<=', to);
  const [disclosures, unlisted] = await Promise.all([
    inPeriod
      .innerJoin('agencies', 'agencies.id', 'disclosures.agency_id')
      .select([
        'disclosures.shared_on as sharedOn',
        'concerns.reference',
        'agencies.name as agency',
        'disclosures.lawful_basis as lawfulBasis',
        'disclosures.consent',
      ])
      .where(concernsInScope(scope))
      .orderBy('disclosures.shared_on')
      .execute(),
    inPeriod
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where(concernsOutOfScope(scope))
      .executeTakeFirstOrThrow(),
  ]);
  return { disclosures, unlisted: Number(unlisted.count) };
}
