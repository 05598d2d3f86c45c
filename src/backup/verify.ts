import { existsSync } from 'node:fs';
import type { BackupSettings } from './backup.ts';
import { digestConfiguredDatabase, refuseSchema } from './database-files.ts';
import { compareDigests, digestFiles } from './file-hash.ts';
import { BackupRefusal } from './backup-error.ts';
import { readManifest } from './manifest.ts';
import { compareTables } from './table-checksums.ts';

export type Verification = { tables: number; rows: number; attachments: number; differences: string[] };

/**
 * Compares the configured database and attachments folder with a backup's manifest: each table's
 * row count and checksum, and each attachment file's SHA-256. The audit hash chain is not
 * checked: Haven does not chain audit events yet (issue 13).
 */
export async function verifyAgainst(settings: BackupSettings, folder: string): Promise<Verification> {
  refuseSchema(settings.database);
  const manifest = await readManifest(folder);
  if (!manifest) throw new BackupRefusal('No Haven backup manifest in that folder.');
  if (manifest.dialect !== settings.database.kind) {
    throw new BackupRefusal(
      `The backup is of a ${manifest.dialect} database; Haven is configured for ${settings.database.kind}.`,
    );
  }
  const current = await digestConfiguredDatabase(
    settings.database,
    settings.database.kind === 'sqlite' && existsSync(settings.database.file),
  );
  const differences = [
    ...compareTables(manifest.tables, current.tables),
    ...compareDigests(manifest.attachments, await digestFiles(settings.attachmentsDir), 'Haven'),
  ];
  return {
    tables: Object.keys(manifest.tables).length,
    rows: Object.values(manifest.tables).reduce((sum, table) => sum + table.rows, 0),
    attachments: Object.keys(manifest.attachments).length,
    differences,
  };
}
