import type { HavenDb } from '../db/connect.ts';
import type { Actor } from '../domain/access-policy.ts';
import { decryptField } from '../field-encryption/field-encryption.ts';

/** The files attached to a concern, for the concern page. */
export async function listAttachments(db: HavenDb, actor: Actor, concernId: string) {
  const rows = await db
    .selectFrom('attachments')
    .innerJoin('users', 'users.id', 'attachments.uploaded_by')
    .select([
      'attachments.id',
      'attachments.file_name as fileName',
      'attachments.content_type as contentType',
      'attachments.size_bytes as sizeBytes',
      'attachments.description',
      'attachments.uploaded_at as uploadedAt',
      'users.display_name as uploadedBy',
    ])
    .where('attachments.organisation_id', '=', actor.organisationId)
    .where('attachments.concern_id', '=', concernId)
    .orderBy('attachments.uploaded_at')
    .execute();
  // What a file shows is free text about people, encrypted at rest (issue 13).
  return rows.map((row) => ({ ...row, description: decryptField(row.description) }));
}
