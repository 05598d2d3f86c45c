import type { Insertable, Selectable, Updateable } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { timeOrderedId } from '../db/time-ordered-id.ts';
import { encryptedColumns } from '../field-encryption/encrypted-columns.ts';
import { decryptField, encryptField } from '../field-encryption/field-encryption.ts';

// An uploaded file kept between the steps of an import (upload, mapping, preview, confirm): one row
// of the import's table, found only by the person who uploaded it, within their organisation, for a
// day. The session holds the row's id, never the file.

/** The imports that keep their upload this way, each in its own table. */
type UploadTable = 'account_imports' | 'concern_imports' | 'self_assessment_imports';

type Owner = Readonly<{ userId: string; organisationId: string }>;

/** An unfinished import holds personal details: it is forgotten after a day. */
const keptForMs = 24 * 3_600_000;

// Kysely cannot type one query over any of several tables, so one of them stands in: each has the
// columns used here, and what the import adds is checked against its real table at the call.
const standIn = (table: UploadTable) => table as 'account_imports';

// A concern history file is special-category free text: its contents are encrypted at rest while
// kept (encrypted-columns.ts says which tables' uploads are).
const contentsEncrypted = (table: UploadTable) =>
  ((encryptedColumns as Partial<Record<UploadTable, readonly string[]>>)[table] ?? []).includes('contents');

/** Keeps an upload for its owner, replacing any import of theirs not finished; returns its id. */
export async function keepUpload<Table extends UploadTable>(
  db: HavenDb,
  table: Table,
  owner: Owner,
  upload: Omit<Insertable<Database[Table]>, 'id' | 'organisation_id' | 'created_by' | 'created_at'>,
  now: Date,
): Promise<string> {
  const id = timeOrderedId();
  const given = upload as Omit<
    Insertable<Database['account_imports']>,
    'id' | 'organisation_id' | 'created_by' | 'created_at'
  >;
  const kept = contentsEncrypted(table) ? { ...given, contents: encryptField(given.contents) } : given;
  await db.transaction().execute(async (trx) => {
    const stale = new Date(now.getTime() - keptForMs).toISOString();
    await trx
      .deleteFrom(standIn(table))
      .where((eb) => eb.or([eb('created_by', '=', owner.userId), eb('created_at', '<', stale)]))
      .execute();
    await trx
      .insertInto(standIn(table))
      .values({
        ...kept,
        id,
        organisation_id: owner.organisationId,
        created_by: owner.userId,
        created_at: now.toISOString(),
      })
      .execute();
  });
  return id;
}

/** The owner's own unfinished upload, or undefined: another person's is never found. */
export async function findUpload<Table extends UploadTable>(
  db: HavenDb,
  table: Table,
  owner: Owner,
  id: string | undefined,
  now: Date,
): Promise<Selectable<Database[Table]> | undefined> {
  if (!id) return undefined;
  const upload = await db
    .selectFrom(standIn(table))
    .selectAll()
    .where('id', '=', id)
    .where('created_by', '=', owner.userId)
    .where('organisation_id', '=', owner.organisationId)
    .where('created_at', '>=', new Date(now.getTime() - keptForMs).toISOString())
    .executeTakeFirst();
  if (upload && contentsEncrypted(table)) upload.contents = decryptField(upload.contents);
  return upload as Selectable<Database[Table]> | undefined;
}

/** Keeps what a later step chose (the column mapping) with the upload. */
export async function changeUpload<Table extends UploadTable>(
  db: HavenDb,
  table: Table,
  id: string,
  changes: Updateable<Database[Table]>,
): Promise<void> {
  await db
    .updateTable(standIn(table))
    .set(changes as Updateable<Database['account_imports']>)
    .where('id', '=', id)
    .execute();
}

/** Forgets the upload: the import is done (call it in the import's transaction). */
export async function forgetUpload(db: HavenDb, table: UploadTable, id: string): Promise<void> {
  await db.deleteFrom(standIn(table)).where('id', '=', id).execute();
}
