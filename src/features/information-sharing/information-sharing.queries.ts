import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';

/**
 * Every disclosure to the Home Office / Secretary of State in a period, for the coordinator's
 * report (Scrutiny recommendation 1). References only: no names of the people concerned; the
 * caller shows restricted concerns' rows only to those allowed to see them.
 */
export async function listHomeOfficeDisclosures(db: HavenDb, actor: Actor, from: string, to: string) {
  return db
    .selectFrom('disclosures')
    .innerJoin('concerns', 'concerns.id', 'disclosures.concern_id')
    .innerJoin('agencies', 'agencies.id', 'disclosures.agency_id')
    .select([
      'disclosures.shared_on as sharedOn',
      'concerns.reference',
      'agencies.name as agency',
      'disclosures.lawful_basis as lawfulBasis',
      'disclosures.consent',
      'concerns.restricted',
    ])
    .where('disclosures.organisation_id', '=', actor.organisationId)
    .where('disclosures.home_office', '=', 1)
    .where('disclosures.shared_on', '>=', from)
    .where('disclosures.shared_on', '<=', to)
    .orderBy('disclosures.shared_on')
    .execute();
}
