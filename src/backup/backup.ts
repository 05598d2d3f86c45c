import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseConfig } from '../config.ts';
import { backupSqliteFile } from '../db/connect.ts';
import { BackupRefusal } from './backup-error.ts';
import {
  type DatabaseDigest,
  digestSqliteFile,
  postgresMigration,
  refuseSchema,
  withPostgresClient,
} from './database-files.ts';
import { copyFiles, digestFiles, listFiles, sha256OfFile } from './file-hash.ts';
import {
  type Manifest,
  attachmentsFolderName,
  postgresDumpFileName,
  sqliteFileName,
  writeManifest,
} from './manifest.ts';
import { libpqEnvironment, runTool } from './postgres-tools.ts';
import { postgresTableDigests } from './table-checksums.ts';

/** What backup, restore and verify need from Haven's configuration. */
export type BackupSettings = Readonly<{
  database: DatabaseConfig;
  attachmentsDir: string;
  pgDump: string;
  pgRestore: string;
}>;

const havenVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * A backup into a new folder: the database (a consistent copy), then the attachment files, then
 * the manifest last, so a folder without a manifest is known to be unfinished. The database is
 * copied before the files because a file is written before its row commits: every row in the
 * copy then has its file.
 */
export async function backupTo(settings: BackupSettings, folder: string): Promise<Manifest> {
  refuseSchema(settings.database);
  if (existsSync(folder) && (await readdir(folder)).length > 0) {
    throw new BackupRefusal('The backup folder is not empty: give a new or empty folder.');
  }
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const { fileName, digest } =
    settings.database.kind === 'sqlite'
      ? await backupSqlite(settings.database.file, folder)
      : await backupPostgres(settings, settings.database.url, folder);
  if (!digest.migration) throw new BackupRefusal('The database has not been set up (no migrations have run).');
  const attachmentFiles = await listFiles(settings.attachmentsDir);
  const copied = path.join(folder, attachmentsFolderName);
  await copyFiles(settings.attachmentsDir, copied, attachmentFiles);
  const databaseFile = path.join(folder, fileName);
  const manifest: Manifest = {
    format: 'haven-backup/1',
    backupId: randomUUID(),
    havenVersion,
    dialect: settings.database.kind,
    migration: digest.migration,
    createdAt: new Date().toISOString(),
    databaseFile: { name: fileName, bytes: (await stat(databaseFile)).size, sha256: await sha256OfFile(databaseFile) },
    tables: digest.tables,
    // Hashed from the copies: the manifest describes what the backup holds.
    attachments: await digestFiles(copied),
  };
  await writeManifest(folder, manifest);
  return manifest;
}

async function backupSqlite(file: string, folder: string): Promise<{ fileName: string; digest: DatabaseDigest }> {
  if (!existsSync(file)) throw new BackupRefusal('There is no SQLite database at the configured place.');
  const copy = path.join(folder, sqliteFileName);
  await backupSqliteFile(file, copy);
  // Checksums from the copy itself: exactly what the backup holds.
  return { fileName: sqliteFileName, digest: digestSqliteFile(copy) };
}

/**
 * pg_dump and the checksums read the same snapshot: a repeatable-read transaction exports it and
 * pg_dump joins it, so rows written meanwhile are in neither.
 */
async function backupPostgres(
  settings: BackupSettings,
  url: string,
  folder: string,
): Promise<{ fileName: string; digest: DatabaseDigest }> {
  return withPostgresClient(url, async (client) => {
    await client.query('begin isolation level repeatable read read only');
    try {
      const { rows } = await client.query<{ snapshot: string }>('select pg_export_snapshot() as snapshot');
      const dump = await runTool(
        settings.pgDump,
        [
          '--format=custom',
          '--no-owner',
          '--no-privileges',
          `--snapshot=${rows[0]!.snapshot}`,
          `--file=${path.join(folder, postgresDumpFileName)}`,
        ],
        libpqEnvironment(url),
      );
      if (dump.status !== 0)
        throw new BackupRefusal(`pg_dump failed (exit status ${dump.status}); no backup was made.`);
      const digest = { tables: await postgresTableDigests(client), migration: await postgresMigration(client) };
      return { fileName: postgresDumpFileName, digest };
    } finally {
      await client.query('commit');
    }
  });
}
