import type { HavenDb } from '../db/connect.ts';

/**
 * The active holds that cover a concern: on the concern itself, on a person in the index named
 * on it, or on one of its categories. A held concern is never disposed of or anonymised.
 */
export async function holdsCovering(db: HavenDb, organisationId: string, concernId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('legal_holds')
    .select('legal_holds.id')
    .where('legal_holds.organisation_id', '=', organisationId)
    .where('legal_holds.lifted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('legal_holds.concern_id', '=', concernId),
        eb(
          'legal_holds.person_id',
          'in',
          eb
            .selectFrom('concern_people')
            .select('concern_people.person_id')
            .where('concern_people.organisation_id', '=', organisationId)
            .where('concern_people.concern_id', '=', concernId)
            .where('concern_people.person_id', 'is not', null),
        ),
        eb(
          'legal_holds.category_id',
          'in',
          eb
            .selectFrom('concern_categories')
            .select('concern_categories.category_id')
            .where('concern_categories.organisation_id', '=', organisationId)
            .where('concern_categories.concern_id', '=', concernId),
        ),
      ]),
    )
    .execute();
  return rows.map((row) => row.id);
}
