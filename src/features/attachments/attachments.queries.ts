import type { Insertable } from 'kysely';
import type { HavenDb } from '../../db/connect.ts';
import type { AttachmentTable } from '../../db/schema.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { encryptField } from '../../field-encryption/field-encryption.ts';

export async function insertAttachment(trx: HavenDb, row: Insertable<AttachmentTable>): Promise<void> {
  // What the file shows is free text about people: encrypted at rest, like the bytes (issue 13).
  await trx
    .insertInto('attachments')
    .values({ ...row, description: encryptField(row.description) })
    .execute();
}

export async function findAttachment(db: HavenDb, actor: Actor, concernId: string, attachmentId: string) {
  return db
    .selectFrom('attachments')
    .select(['id', 'file_name as fileName', 'content_type as contentType', 'size_bytes as sizeBytes'])
    .where('organisation_id', '=', actor.organisationId)
    .where('concern_id', '=', concernId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}
