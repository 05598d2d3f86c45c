import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { checkAttachment, safeFileName } from '../../domain/attachment-rules.ts';
import { recordConcernChange } from '../../concerns/concern-event.ts';
import { type AttachmentStore, AttachmentStoreUnavailable } from '../../attachment-store/attachment-store.ts';
import { HavenError } from '../../errors.ts';
import { insertAttachment } from './attachments.queries.ts';

export type Upload = { bytes: Buffer; truncated: boolean; fileName: string; description: string };

/**
 * Keeps an uploaded file on a concern: its type sniffed from its bytes, written outside the web
 * root, and its row, timeline entry and audit event committed together. Returns the problem to
 * show beside the field when the file cannot be kept. When the store cannot be reached nothing
 * is written and the person is told their concern is as it was, without the file (a 503).
 */
export async function attachFile(
  db: HavenDb,
  store: AttachmentStore,
  actor: Actor,
  concernId: string,
  upload: Upload,
  requestId: string | null,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const sniffed = upload.bytes.length ? await fileTypeFromBuffer(upload.bytes) : undefined;
  const check = checkAttachment({
    size: upload.bytes.length,
    truncated: upload.truncated,
    sniffedType: sniffed?.mime ?? null,
  });
  if (!check.ok) return check;
  const id = randomUUID();
  try {
    await store.save(actor.organisationId, id, upload.bytes);
  } catch (error) {
    if (error instanceof AttachmentStoreUnavailable) throw new HavenError('attachment-not-attached');
    throw error;
  }
  try {
    await db.transaction().execute(async (trx) => {
      await insertAttachment(trx, {
        id,
        organisation_id: actor.organisationId,
        concern_id: concernId,
        file_name: safeFileName(upload.fileName),
        content_type: sniffed!.mime,
        size_bytes: upload.bytes.length,
        sha256: createHash('sha256').update(upload.bytes).digest('hex'),
        description: upload.description,
        uploaded_by: actor.userId,
        uploaded_at: new Date().toISOString(),
      });
      await recordConcernChange(
        trx,
        actor,
        concernId,
        { kind: 'attachment_added', details: { attachmentId: id } },
        requestId,
      );
    });
  } catch (error) {
    await store.discard(actor.organisationId, id);
    throw error;
  }
  return { ok: true };
}
