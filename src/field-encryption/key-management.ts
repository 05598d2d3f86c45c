import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { encryptedColumns, type EncryptedTable } from './encrypted-columns.ts';
import {
  type FieldKeyring,
  FieldEncryptionError,
  envelopeKeyId,
  keyCheckValue,
  keyChecks,
  openValue,
  sealValue,
} from './field-encryption.ts';

type Db = Kysely<Database>;

/** The keys configured do not open this database: Haven stops at start with this message. */
export class FieldKeysRefused extends FieldEncryptionError {}

/**
 * Start-up check (issue 13): every key id that has encrypted values in this database must be
 * configured, and be the same key (its check value decrypts). The current key's check value is
 * stored the first time it is used. Messages name key ids, never keys.
 */
export async function checkFieldKeys(db: Db, keyring: FieldKeyring, now = new Date()): Promise<void> {
  if (keyring.mode === 'plaintext') return;
  const stored = await db.selectFrom('field_encryption_keys').select(['key_id', 'check_value']).execute();
  const problems: string[] = [];
  for (const row of stored) {
    const key = keyring.keys.get(row.key_id);
    if (!key) {
      problems.push(
        `the database holds values encrypted under key "${row.key_id}", which HAVEN_ENCRYPTION_KEYS does not name`,
      );
    } else if (!keyChecks(key, row.check_value)) {
      problems.push(
        `key "${row.key_id}" in HAVEN_ENCRYPTION_KEYS is not the key that encrypted this database (wrong key)`,
      );
    }
  }
  if (problems.length > 0) {
    throw new FieldKeysRefused(`Haven will not start: ${problems.join('; ')}.`);
  }
  if (!stored.some((row) => row.key_id === keyring.current.id)) {
    await db
      .insertInto('field_encryption_keys')
      .values({
        key_id: keyring.current.id,
        check_value: keyCheckValue(keyring.current),
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute();
  }
}

export type RotationProgress = { table: string; examined: number; reencrypted: number };

export type RotationOptions = {
  keyring: FieldKeyring;
  /** Rows written before migration 0033: a value without an envelope is plaintext to encrypt. */
  adoptPlaintext?: boolean;
  batchSize?: number;
  onProgress?: (progress: RotationProgress) => void;
};

/**
 * Re-encrypts every encrypted column's values not under the current key, a batch a transaction,
 * so a run stopped half-way has lost nothing and a second run finishes (values already under the
 * current key are not even read: the query asks for the others). A value under a key that is not
 * configured stops the run with MissingFieldKey, its batch rolled back.
 */
export async function rotateFields(db: Db, options: RotationOptions): Promise<RotationProgress[]> {
  const { keyring } = options;
  if (keyring.mode === 'plaintext')
    throw new FieldEncryptionError('Encryption is switched off (bench): nothing to rotate');
  const batchSize = options.batchSize ?? 500;
  const prefix = `v1:${keyring.current.id}:%`;
  const totals: RotationProgress[] = [];
  for (const [table, columns] of Object.entries(encryptedColumns) as Array<[EncryptedTable, readonly string[]]>) {
    const progress: RotationProgress = { table, examined: 0, reencrypted: 0 };
    let after = '';
    for (;;) {
      const stale = sql.join(
        columns.map((column) => sql`(${sql.ref(column)} is not null and ${sql.ref(column)} not like ${prefix})`),
        sql` or `,
      );
      const rows = (
        await sql<Record<string, string | null>>`
        select ${sql.ref('id')}, ${sql.join(columns.map((column) => sql.ref(column)))}
        from ${sql.table(table)} where id > ${after} and (${stale}) order by id limit ${batchSize}`.execute(db)
      ).rows;
      if (rows.length === 0) break;
      await db.transaction().execute(async (trx) => {
        for (const row of rows) {
          const changes: Record<string, string> = {};
          for (const column of columns) {
            const value = row[column];
            if (value === null || value === undefined || envelopeKeyId(value) === keyring.current.id) continue;
            const plain = envelopeKeyId(value) === null && options.adoptPlaintext ? value : openValue(keyring, value);
            changes[column] = sealValue(keyring, plain);
          }
          if (Object.keys(changes).length === 0) continue;
          // Only if unchanged since it was read: a value written meanwhile is already current.
          let update = trx
            .updateTable(table as never)
            .set(changes as never)
            .where('id' as never, '=', row.id as never);
          for (const column of Object.keys(changes)) update = update.where(column as never, '=', row[column] as never);
          await update.execute();
          progress.reencrypted += 1;
        }
      });
      progress.examined += rows.length;
      after = rows[rows.length - 1]!.id!;
      options.onProgress?.({ ...progress });
    }
    totals.push(progress);
  }
  return totals;
}

/** Whether the rows written before migration 0033 still wait to be encrypted. */
export async function existingRowsPending(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('field_encryption_state')
    .select('done_at')
    .where('name', '=', 'existing-rows-encrypted')
    .executeTakeFirst();
  return row !== undefined && row.done_at === null;
}

export async function markExistingRowsEncrypted(db: Db, now = new Date()): Promise<void> {
  await db
    .updateTable('field_encryption_state')
    .set({ done_at: now.toISOString() })
    .where('name', '=', 'existing-rows-encrypted')
    .execute();
}
