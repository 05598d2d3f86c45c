import type { EncryptingAttachmentStore } from '../attachment-store/encrypting-store.ts';
import { AttachmentNotStored } from '../attachment-store/attachment-store.ts';
import type { HavenDb } from '../db/connect.ts';
import type { FieldKeyring } from './field-encryption.ts';
import {
  type RotationProgress,
  checkFieldKeys,
  columnsPendingEncryption,
  encryptPendingColumns,
  existingRowsPending,
  markColumnsEncrypted,
  markExistingRowsEncrypted,
  rotateFields,
} from './key-management.ts';

export type AttachmentRotation = { examined: number; reencrypted: number; missing: number };

/**
 * Every attachment's bytes under the current key, one file at a time (each replaced whole by its
 * store, so a stop half-way leaves every file readable); files already under it are skipped.
 */
export async function rotateAttachments(
  db: HavenDb,
  store: EncryptingAttachmentStore,
  options: { adoptPlaintext?: boolean; batchSize?: number; onProgress?: (progress: AttachmentRotation) => void } = {},
): Promise<AttachmentRotation> {
  const progress: AttachmentRotation = { examined: 0, reencrypted: 0, missing: 0 };
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('attachments')
      .select(['id', 'organisation_id'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(options.batchSize ?? 100)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      try {
        if (await store.rotate(row.organisation_id, row.id, options.adoptPlaintext)) progress.reencrypted += 1;
      } catch (error) {
        // Bytes already disposed of (retention) or never stored: nothing to re-encrypt.
        if (!(error instanceof AttachmentNotStored)) throw error;
        progress.missing += 1;
      }
      progress.examined += 1;
    }
    after = rows[rows.length - 1]!.id;
    options.onProgress?.({ ...progress });
  }
  return progress;
}

/** `haven keys rotate`: every encrypted column, then every attachment, under the current key. */
export async function rotateEverything(
  db: HavenDb,
  store: EncryptingAttachmentStore,
  keyring: FieldKeyring,
  report: (line: string) => void = () => {},
): Promise<{ fields: RotationProgress[]; attachments: AttachmentRotation }> {
  await checkFieldKeys(db, keyring);
  const fields = await rotateFields(db, {
    keyring,
    onProgress: (p) => report(`${p.table}: ${p.examined} examined, ${p.reencrypted} re-encrypted`),
  });
  const attachments = await rotateAttachments(db, store, {
    onProgress: (p) => report(`attachments: ${p.examined} examined, ${p.reencrypted} re-encrypted`),
  });
  return { fields, attachments };
}

/**
 * At start, under the startup lock: the keys checked against the database, then the values
 * written before their column was encrypted (a migration cannot reach the keys), column by
 * column, each column marked once done, and, once, the files written before migration 0033.
 * Stopped half-way, the next start does what is left: encrypting is idempotent.
 */
export async function prepareFieldEncryption(
  db: HavenDb,
  store: EncryptingAttachmentStore,
  keyring: FieldKeyring,
): Promise<void> {
  await checkFieldKeys(db, keyring);
  if (keyring.mode === 'plaintext') return;
  const pending = await columnsPendingEncryption(db);
  await encryptPendingColumns(db, keyring, pending);
  await markColumnsEncrypted(db, pending);
  if (!(await existingRowsPending(db))) return;
  await rotateAttachments(db, store, { adoptPlaintext: true });
  await markExistingRowsEncrypted(db);
}
