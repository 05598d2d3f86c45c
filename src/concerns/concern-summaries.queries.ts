import type { HavenDb } from '../db/connect.ts';

/** Names of the categories on each of these concerns. */
export async function categoryNames(db: HavenDb, organisationId: string, concernIds: readonly string[]) {
  if (concernIds.length === 0) return [];
  return db
    .selectFrom('concern_categories')
    .innerJoin('categories', 'categories.id', 'concern_categories.category_id')
    .select(['concern_categories.concern_id as concernId', 'categories.name'])
    .where('concern_categories.organisation_id', '=', organisationId)
    .where('concern_categories.concern_id', 'in', concernIds)
    .orderBy('categories.sort_order')
    .execute();
}

/** One line per concern for lists: the first person at risk, categories and when it arrived. */
export async function concernSummaries(db: HavenDb, organisationId: string, rows: ReadonlyArray<{ id: string }>) {
  const concernIds = rows.map((row) => row.id);
  if (concernIds.length === 0) return new Map<string, { personName: string; categories: string[] }>();
  const [people, categories] = await Promise.all([
    db
      .selectFrom('concern_people')
      .select(['concern_id as concernId', 'name', 'age_group as ageGroup'])
      .where('organisation_id', '=', organisationId)
      .where('concern_id', 'in', concernIds)
      .where('role_in_concern', '=', 'person_at_risk')
      .orderBy('sort_order')
      .execute(),
    categoryNames(db, organisationId, concernIds),
  ]);
  // Grouped once: looking each concern up in both lists was quadratic in the page's length.
  const firstPerson = new Map<string, (typeof people)[number]>();
  for (const person of people) if (!firstPerson.has(person.concernId)) firstPerson.set(person.concernId, person);
  const names = new Map<string, string[]>();
  for (const { concernId, name } of categories) names.set(concernId, [...(names.get(concernId) ?? []), name]);
  return new Map(
    concernIds.map((id) => {
      const person = firstPerson.get(id);
      const who = person ? `${person.name ?? 'Name not known'} (${person.ageGroup})` : 'Not recorded';
      return [id, { personName: who, categories: names.get(id) ?? [] }];
    }),
  );
}
