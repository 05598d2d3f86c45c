import { recordAuditEvents } from '../concerns/audit.queries.ts';
import type { HavenDb } from '../db/connect.ts';
import { timeOrderedId } from '../db/time-ordered-id.ts';
import type { Actor } from '../domain/access-policy.ts';
import { triageDeadline } from '../domain/triage-deadline.ts';
import type { ConcernToImport, ImportLists } from './import-plan.ts';
import { indexNewConcerns } from '../db/full-text-search.ts';
import { encryptField } from '../field-encryption/field-encryption.ts';

type Owner = Pick<Actor, 'userId' | 'organisationId'>;

/** Rows inserted per statement: 200 concerns of 14 values stay far below either database's parameter limit. */
export const insertBatch = 200;

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

/**
 * Writes imported concerns inside the caller's transaction: each keeps the previous system's
 * reference (as its Haven reference too), is marked imported, and is closed — history, not a
 * queue to work — at its closing date or, without one, the date it arrived. The importer is
 * recorded as the reporter and every concern gets its created audit row.
 */
export async function insertImportedConcerns(
  trx: HavenDb,
  owner: Owner,
  concerns: readonly ConcernToImport[],
  context: { closureDays: ReadonlySet<string>; now: Date; requestId: string | null },
): Promise<number> {
  const importedAt = context.now.toISOString();
  for (let i = 0; i < concerns.length; i += insertBatch) {
    // Time-ordered ids: each new key goes at the end of the primary key's index, where random ones
    // touched a page anywhere in it, which a hundred thousand rows in one transaction paid for.
    const batch = concerns.slice(i, i + insertBatch).map((concern) => ({ concern, id: timeOrderedId() }));
    await trx
      .insertInto('concerns')
      .values(
        batch.map(({ concern, id }) => ({
          id,
          organisation_id: owner.organisationId,
          reference: concern.originalReference,
          original_reference: concern.originalReference,
          imported_at: importedAt,
          reporter_id: owner.userId,
          service_area_id: concern.serviceAreaId,
          what_happened: encryptField(whatHappened(concern)),
          happened_on: concern.receivedAt.slice(0, 10),
          location: '',
          status: 'closed' as const,
          created_at: concern.receivedAt,
          triage_deadline_at: triageDeadline(new Date(concern.receivedAt), context.closureDays).toISOString(),
          triaged_at: concern.triagedAt,
          closed_at: concern.closedAt ?? concern.receivedAt,
        })),
      )
      .execute();
    await indexNewConcerns(
      trx,
      batch.map(({ concern, id }) => ({
        concernId: id,
        reference: concern.originalReference,
        names: [],
        account: [whatHappened(concern)],
        added: [],
      })),
    );
    const links = batch.flatMap(({ concern, id }) =>
      concern.categoryIds.map((category_id) => ({
        organisation_id: owner.organisationId,
        concern_id: id,
        category_id,
      })),
    );
    for (let j = 0; j < links.length; j += 500)
      await trx
        .insertInto('concern_categories')
        .values(links.slice(j, j + 500))
        .execute();
    await recordAuditEvents(
      trx,
      owner,
      'concern.created',
      batch.map(({ id }) => id),
      context.requestId,
    );
  }
  return concerns.length;
}

const whatHappened = (concern: ConcernToImport) =>
  concern.summary ?? 'Imported from the previous system without a description.';

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
