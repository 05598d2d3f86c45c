import { randomUUID } from 'node:crypto';
import type { HavenDb } from './connect.ts';
import { firstNames, lastNames, pick } from './synthetic-words.ts';

// What the synthetic concerns refer to (synthetic-data.ts): the organisation's service areas,
// categories, agencies and staff, read from the seeded database, and how often each is chosen.

export const benchOrganisation = 'Haven City Council';

/** Relative concerns by service area name (the seeds' order); an area not named here weighs 4. */
export const serviceAreaWeights: Readonly<Record<string, number>> = {
  'Housing Services': 56,
  'Business Improvement': 48,
  'Regulatory Services and Community Safety': 30,
  'Community Services': 24,
  'Oxford Direct Services': 20,
  'Welfare Reform': 12,
  'Financial Services': 8,
  'Planning and Sustainable Development': 5,
  'Corporate Policy, Partnership and Communications': 4,
  Councillors: 3,
  Housing: 30,
  'Community Safety': 15,
  Leisure: 8,
};
/** Relative concerns by category code; a category not named here weighs 3. */
export const categoryWeights: Readonly<Record<string, number>> = {
  'domestic-abuse': 30,
  'mental-ill-health': 26,
  'suicidal-thoughts': 20,
  'self-neglect': 10,
  neglect: 9,
  'financial-abuse': 8,
  hoarding: 6,
  'psychological-abuse': 6,
  'physical-abuse': 5,
  homelessness: 5,
};

/** Bench reporters added to the organisation, so concerns come from many people, as they would. */
export const benchReporterCount = 300;

/** The organisation's configuration the rows refer to, read from the seeded database. */
export type Catalogue = {
  organisationId: string;
  serviceAreaIds: string[];
  reporterIds: string[];
  /** DSOs and DSLs: who triages, directs actions, refers and closes. */
  triagerIds: string[];
  /** Everyone who can own a case or be given an action. */
  caseWorkerIds: string[];
  childCategoryIds: string[];
  adultCategoryIds: string[];
  agencyIds: string[];
  outcomeIds: string[];
  /** Each service area's and category's weight in the mix, by id. */
  weights: ReadonlyMap<string, number>;
};

/** Adds the bench reporters (none when `reporters` is 0: the organisation's own report) and reads what generated rows refer to. */
export async function prepareCatalogue(
  db: HavenDb,
  { organisation: organisationName = benchOrganisation, reporters: reporterCount = benchReporterCount } = {},
): Promise<Catalogue> {
  const organisation = await db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', organisationName)
    .executeTakeFirstOrThrow();
  const organisationId = organisation.id;
  const users = await db.selectFrom('users').selectAll().where('organisation_id', '=', organisationId).execute();
  const areas = await db
    .selectFrom('service_areas')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .orderBy('sort_order')
    .execute();
  const held = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const holds = (user: { id: string }, roles: readonly string[]) =>
    held.some((row) => row.user_id === user.id && roles.includes(row.role));
  const template = users.find((user) => holds(user, ['reporter']));
  if (!template) throw new Error(`${organisationName} has no reporter to copy`);
  const reporters = Array.from({ length: reporterCount }, (_, i) => ({
    ...template,
    id: randomUUID(),
    email: `synthetic-reporter-${i + 1}@city.example`,
    display_name: `${pick(firstNames, i)} ${pick(lastNames, i * 7 + 3)}`,
    service_area_id: areas[i % areas.length]!.id,
  }));
  for (let i = 0; i < reporters.length; i += 100) {
    await db
      .insertInto('users')
      .values(reporters.slice(i, i + 100))
      .execute();
    await db
      .insertInto('user_roles')
      .values(
        reporters
          .slice(i, i + 100)
          .map((user) => ({ user_id: user.id, role: 'reporter', organisation_id: organisationId })),
      )
      .execute();
  }
  const categories = await db
    .selectFrom('categories')
    .select(['id', 'applies_to', 'code'])
    .where('organisation_id', '=', organisationId)
    .where('retired_at', 'is', null)
    .orderBy('sort_order')
    .execute();
  const ids = async (table: 'agencies' | 'referral_outcomes') =>
    (
      await db
        .selectFrom(table)
        .select('id')
        .where('organisation_id', '=', organisationId)
        .orderBy('sort_order')
        .execute()
    ).map((row) => row.id);
  const withRole = (...roles: string[]) => users.filter((user) => holds(user, roles)).map((user) => user.id);
  return {
    organisationId,
    serviceAreaIds: areas.map((area) => area.id),
    reporterIds: reporterCount ? reporters.map((user) => user.id) : withRole('reporter'),
    triagerIds: withRole('dso', 'dsl'),
    caseWorkerIds: users.filter((user) => !holds(user, ['administrator'])).map((user) => user.id),
    childCategoryIds: categories.filter((c) => c.applies_to !== 'adult').map((c) => c.id),
    adultCategoryIds: categories.filter((c) => c.applies_to !== 'child').map((c) => c.id),
    agencyIds: await ids('agencies'),
    outcomeIds: await ids('referral_outcomes'),
    weights: new Map([
      ...areas.map((area): [string, number] => [area.id, serviceAreaWeights[area.name] ?? 4]),
      ...categories.map((c): [string, number] => [c.id, categoryWeights[c.code ?? ''] ?? 3]),
    ]),
  };
}
