import type { HavenDb } from '../../db/connect.ts';
import { timeOrderedId } from '../../db/time-ordered-id.ts';

type Owner = Readonly<{ userId: string; organisationId: string }>;

/** An unfinished import holds concern details: it is forgotten after a day. */
const keptForMs = 24 * 3_600_000;

/** Keeps an uploaded file for this coordinator, replacing any import they had not finished. */
export async function saveImport(
  db: HavenDb,
  owner: Owner,
  file: { fileName: string; contents: string; mapping: string },
  now: Date,
): Promise<string> {
  const id = timeOrderedId();
  await db.transaction().execute(async (trx) => {
    const stale = new Date(now.getTime() - keptForMs).toISOString();
    await trx
      .deleteFrom('concern_imports')
      .where((eb) => eb.or([eb('created_by', '=', owner.userId), eb('created_at', '<', stale)]))
      .execute();
    await trx
      .insertInto('concern_imports')
      .values({
        id,
        organisation_id: owner.organisationId,
        created_by: owner.userId,
        created_at: now.toISOString(),
        file_name: file.fileName,
        contents: file.contents,
        mapping: file.mapping,
      })
      .execute();
  });
  return id;
}

/** The coordinator's own unfinished import, or undefined: another person's is never found. */
export function findImport(db: HavenDb, owner: Owner, id: string | undefined, now: Date) {
  if (!id) return Promise.resolve(undefined);
  return db
    .selectFrom('concern_imports')
    .select(['id', 'file_name', 'contents', 'mapping'])
    .where('id', '=', id)
    .where('created_by', '=', owner.userId)
    .where('organisation_id', '=', owner.organisationId)
    .where('created_at', '>=', new Date(now.getTime() - keptForMs).toISOString())
    .executeTakeFirst();
}

export async function saveImportMapping(db: HavenDb, id: string, mapping: string): Promise<void> {
  await db.updateTable('concern_imports').set({ mapping }).where('id', '=', id).execute();
}

export async function deleteImport(db: HavenDb, id: string): Promise<void> {
  await db.deleteFrom('concern_imports').where('id', '=', id).execute();
}
