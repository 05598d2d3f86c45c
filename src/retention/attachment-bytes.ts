import { rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * The one place disposal removes an attachment's bytes. The attachment store lives in the
 * attachments feature, which the disposal job may not import (the import rule), so this follows
 * its layout, <dir>/<organisation>/<attachment id>, as AttachmentStore.discard does. When the
 * store moves behind the AttachmentStore interface (issue 12), this becomes a call to its discard.
 * Removing a file already gone is not an error, so a retried disposal is harmless.
 */
export async function discardAttachmentBytes(
  attachmentsDir: string,
  organisationId: string,
  attachmentId: string,
): Promise<void> {
  await rm(path.join(attachmentsDir, organisationId, attachmentId), { force: true });
}
