import type { HavenDb } from '../db/connect.ts';
import { timeOrderedId } from '../db/time-ordered-id.ts';
import type { Actor } from '../domain/access-policy.ts';
import type { ConcernToImport, ImportLists } from './import-plan.ts';
import { importedConcernWriter } from './imported-concern-writer.ts';

type Owner = Pick<Actor, 'userId' | 'organisationId'>;

/** Every service area and category of the organisation, retired ones too: history keeps the old ones. */
export async function loadImportLists(db: HavenDb, organisationId: string): Promise<ImportLists> {
  const [serviceAreas, categories] = await Promise.all([
    db
      .selectFrom('service_areas')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .orderBy('sort_order')
      .execute(),
    db
      .selectFrom('categories')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .orderBy('sort_order')
      .execute(),
  ]);
  return { serviceAreas, categories };
}

/** Which of these references a concern of the organisation already holds, as its original reference or its own. */
export async function referencesInHaven(
  db: HavenDb,
  organisationId: string,
  references: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  // Two lookups, each on its own unique index: an OR of the two made SQLite read every concern.
  for (let i = 0; i < references.length; i += 500) {
    const chunk = references.slice(i, i + 500);
    const base = db.selectFrom('concerns').where('organisation_id', '=', organisationId);
    const [original, own] = await Promise.all([
      base.select('original_reference as value').where('original_reference', 'in', chunk).execute(),
      base.select('reference as value').where('reference', 'in', chunk).execute(),
    ]);
    for (const row of [...original, ...own]) if (row.value) found.add(row.value);
  }
  return found;
}

/** Writes imported concerns inside the caller's transaction (imported-concern-writer.ts); returns how many were new. */
export function insertImportedConcerns(
  trx: HavenDb,
  owner: Owner,
  concerns: readonly ConcernToImport[],
  context: { closureDays: ReadonlySet<string>; now: Date; requestId: string | null },
): Promise<number> {
  return importedConcernWriter(trx, owner, context).write(concerns);
}

/** The organisation's saved mappings, newest first. */
export function listSavedMappings(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('concern_import_mappings')
    .select(['id', 'name', 'mapping', 'saved_at as savedAt'])
    .where('organisation_id', '=', organisationId)
    .orderBy('saved_at', 'desc')
    .execute();
}

/** Saves a mapping under its name, replacing one of the same name. */
export async function saveMappingAs(
  db: HavenDb,
  owner: Owner,
  name: string,
  mapping: string,
  now: Date,
): Promise<void> {
  await db
    .deleteFrom('concern_import_mappings')
    .where('organisation_id', '=', owner.organisationId)
    .where('name', '=', name)
    .execute();
  await db
    .insertInto('concern_import_mappings')
    .values({
      id: timeOrderedId(),
      organisation_id: owner.organisationId,
      name,
      mapping,
      saved_by: owner.userId,
      saved_at: now.toISOString(),
    })
    .execute();
}
