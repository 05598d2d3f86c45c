import { auditedRead } from '../../concerns/audited-read.ts';
import { authorizeConcern } from '../../concerns/concern-access.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { HavenError } from '../../errors.ts';
import { findAttachment } from './attachments.queries.ts';

/** One attached file of a concern the actor may see; its download is audited against the concern. */
export async function openAttachment(
  db: HavenDb,
  actor: Actor,
  ids: { concernId: string; attachmentId: string },
  requestId: string | null,
) {
  const concern = await authorizeConcern(db, actor, ids.concernId);
  const attachment = await auditedRead(
    db,
    actor,
    requestId,
    (trx) => findAttachment(trx, actor, concern.id, ids.attachmentId),
    (found) => ({ 'attachment.downloaded': found ? [concern.id] : [] }),
  );
  if (!attachment) throw new HavenError('not-found');
  return attachment;
}
