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

/** Some of the encrypted columns, by table. */
export type ColumnsByTable = Partial<Record<EncryptedTable, readonly string[]>>;

export type RotationOptions = {
  keyring: FieldKeyring;
  /** Only these columns (first-start encryption of the ones still pending); every one when absent. */
  columns?: ColumnsByTable;
  /** Values written before their column was encrypted: a value without an envelope is plaintext to encrypt. */
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
  const walked = options.columns ?? encryptedColumns;
  for (const [table, columns] of Object.entries(walked) as Array<[EncryptedTable, readonly string[]]>) {
    if (columns.length === 0) continue;
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

/**
 * First-start encryption, column by column: each encrypted column has its own state row
 * (`column-encrypted:<table>.<column>`) once the values written before it was encrypted are
 * encrypted, so a column added to encryptedColumns later is encrypted at the next start, even
 * on a database whose earlier columns were done long ago. On a fresh database every column is
 * pending and done at once: its tables are empty.
 */
const columnStatePrefix = 'column-encrypted:';
const columnStateName = (table: string, column: string) => `${columnStatePrefix}${table}.${column}`;

// The columns migration 0033's one-off step ("existing-rows-encrypted") covered, before the state
// was kept per column: a database that finished that step has these done.
const encryptedByFirstStart: ColumnsByTable = {
  concerns: [
    'what_happened',
    'why_at_risk',
    'visit_purpose',
    'consent_reason',
    'triage_notes',
    'no_referral_reason',
    'restriction_reason',
  ],
  concern_events: ['details'],
  concern_drafts: ['answers'],
  disclosures: ['what'],
  rectifications: ['before', 'after'],
};

/** The encrypted columns whose rows written before they were encrypted still wait for it. */
export async function columnsPendingEncryption(db: Db): Promise<ColumnsByTable> {
  const done = new Set(
    (await db.selectFrom('field_encryption_state').select('name').where('done_at', 'is not', null).execute()).map(
      (row) => row.name,
    ),
  );
  const firstStartDone = done.has(existingRowsState);
  const pending: ColumnsByTable = {};
  for (const [table, columns] of Object.entries(encryptedColumns) as Array<[EncryptedTable, readonly string[]]>) {
    const waiting = columns.filter(
      (column) =>
        !done.has(columnStateName(table, column)) &&
        !(firstStartDone && (encryptedByFirstStart[table] ?? []).includes(column)),
    );
    if (waiting.length > 0) pending[table] = waiting;
  }
  return pending;
}

/** Encrypts the plaintext values of these columns, in batches (rotateFields), under the current key. */
export async function encryptPendingColumns(
  db: Db,
  keyring: FieldKeyring,
  columns: ColumnsByTable,
): Promise<RotationProgress[]> {
  return rotateFields(db, { keyring, adoptPlaintext: true, columns });
}

/** Records these columns as encrypted, so later starts skip them. */
export async function markColumnsEncrypted(db: Db, columns: ColumnsByTable, now = new Date()): Promise<void> {
  const names = Object.entries(columns).flatMap(([table, list]) =>
    list.map((column) => columnStateName(table, column)),
  );
  if (names.length === 0) return;
  await db
    .insertInto('field_encryption_state')
    .values(names.map((name) => ({ name, done_at: now.toISOString() })))
    .onConflict((oc) => oc.column('name').doUpdateSet({ done_at: now.toISOString() }))
    .execute();
}

const existingRowsState = 'existing-rows-encrypted';

/** Whether the files (and rows) written before migration 0033 still wait to be encrypted. */
export async function existingRowsPending(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('field_encryption_state')
    .select('done_at')
    .where('name', '=', existingRowsState)
    .executeTakeFirst();
  return row !== undefined && row.done_at === null;
}

export async function markExistingRowsEncrypted(db: Db, now = new Date()): Promise<void> {
  await db
    .updateTable('field_encryption_state')
    .set({ done_at: now.toISOString() })
    .where('name', '=', existingRowsState)
    .execute();
}
