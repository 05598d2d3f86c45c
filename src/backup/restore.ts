import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { openSqliteFile } from '../db/connect.ts';
import { migrationNames } from '../db/migrations/index.ts';
import type { BackupSettings } from './backup.ts';
import { BackupRefusal } from './backup-error.ts';
import { digestConfiguredDatabase, digestSqliteFile, refuseSchema } from './database-files.ts';
import { compareDigests, copyFiles, digestFiles, listFiles, sha256OfFile } from './file-hash.ts';
import { type Manifest, attachmentsFolderName, readManifest } from './manifest.ts';
import { libpqEnvironment, runTool } from './postgres-tools.ts';
import { compareTables, holdsData } from './table-checksums.ts';

/**
 * Restores a backup into the configured database and attachments folder. Everything that can be
 * checked is checked before the target is touched; then
 * - SQLite: the copy is checked (integrity_check, checksums) beside the target and renamed over it;
 * - PostgreSQL: pg_restore runs as one transaction, so a failure leaves the database as it was.
 * Attachment files are staged beside the folder, checked, and swapped in by renaming.
 * Haven must be stopped while a restore runs.
 */
export async function restoreFrom(
  settings: BackupSettings,
  folder: string,
  { replace = false }: { replace?: boolean } = {},
): Promise<Manifest> {
  refuseSchema(settings.database);
  const manifest = await checkedBackup(settings, folder);
  const target = await digestConfiguredDatabase(
    settings.database,
    settings.database.kind === 'sqlite' && existsSync(settings.database.file),
  );
  if (holdsData(target.tables) && !replace) {
    throw new BackupRefusal('The configured database already holds records: restore with --replace to overwrite it.');
  }
  if ((await listFiles(settings.attachmentsDir)).length > 0 && !replace) {
    throw new BackupRefusal('The attachments folder already holds files: restore with --replace to overwrite it.');
  }
  const staged = await stageAttachments(settings.attachmentsDir, folder, manifest);
  try {
    const databaseFile = path.join(folder, manifest.databaseFile.name);
    if (settings.database.kind === 'sqlite') await restoreSqlite(databaseFile, settings.database.file, manifest);
    else await restorePostgres(settings, settings.database.url, databaseFile);
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    throw error;
  }
  await swapIn(staged, settings.attachmentsDir);
  return manifest;
}

/** The manifest, once the backup's files are shown to be the ones it describes. */
export async function checkedBackup(settings: BackupSettings, folder: string): Promise<Manifest> {
  const manifest = await readManifest(folder);
  if (!manifest) {
    throw new BackupRefusal(
      'No Haven backup manifest in that folder: the backup is missing, unfinished or not Haven’s.',
    );
  }
  if (manifest.dialect !== settings.database.kind) {
    throw new BackupRefusal(
      `The backup is of a ${manifest.dialect} database; Haven is configured for ${settings.database.kind}.`,
    );
  }
  if (!migrationNames.includes(manifest.migration)) {
    throw new BackupRefusal(
      `The backup was taken by a newer Haven (its migration ${manifest.migration} is unknown here): upgrade Haven first.`,
    );
  }
  const databaseFile = path.join(folder, path.basename(manifest.databaseFile.name));
  const sameFile =
    existsSync(databaseFile) &&
    (await stat(databaseFile)).size === manifest.databaseFile.bytes &&
    (await sha256OfFile(databaseFile)) === manifest.databaseFile.sha256;
  if (!sameFile) {
    throw new BackupRefusal(
      'The backup’s database file does not match its manifest: it is truncated or changed, or the manifest belongs to another backup.',
    );
  }
  const attachments = compareDigests(
    manifest.attachments,
    await digestFiles(path.join(folder, attachmentsFolderName)),
    'backup',
  );
  if (attachments.length > 0)
    throw new BackupRefusal(`The backup’s attachments do not match its manifest (${attachments[0]}).`);
  return manifest;
}

const temporarySuffix = () => randomBytes(6).toString('hex');

async function stageAttachments(attachmentsDir: string, folder: string, manifest: Manifest): Promise<string> {
  const staged = `${attachmentsDir}.restoring-${temporarySuffix()}`;
  await mkdir(path.dirname(staged), { recursive: true });
  await copyFiles(path.join(folder, attachmentsFolderName), staged, Object.keys(manifest.attachments));
  const differences = compareDigests(manifest.attachments, await digestFiles(staged), 'restore');
  if (differences.length > 0) {
    await rm(staged, { recursive: true, force: true });
    throw new BackupRefusal(`Attachment files changed while being restored (${differences[0]}).`);
  }
  return staged;
}

async function swapIn(staged: string, attachmentsDir: string): Promise<void> {
  const replaced = `${attachmentsDir}.replaced-${temporarySuffix()}`;
  if (existsSync(attachmentsDir)) await rename(attachmentsDir, replaced);
  await rename(staged, attachmentsDir);
  await rm(replaced, { recursive: true, force: true });
}

async function restoreSqlite(backupFile: string, targetFile: string, manifest: Manifest): Promise<void> {
  await mkdir(path.dirname(targetFile), { recursive: true });
  const copy = `${targetFile}.restoring-${temporarySuffix()}`;
  try {
    await copyFile(backupFile, copy);
    const database = openSqliteFile(copy);
    let integrity: unknown;
    try {
      integrity = database.pragma('integrity_check', { simple: true });
    } catch {
      integrity = 'unreadable';
    } finally {
      database.close();
    }
    if (integrity !== 'ok')
      throw new BackupRefusal('The backup’s SQLite file fails its integrity check; nothing was restored.');
    const differences = compareTables(manifest.tables, digestSqliteFile(copy).tables);
    if (differences.length > 0)
      throw new BackupRefusal(`The backup’s records do not match its manifest (${differences[0]}).`);
    // The old file's write-ahead log must not be replayed onto the restored file.
    await rm(`${targetFile}-wal`, { force: true });
    await rm(`${targetFile}-shm`, { force: true });
    await rename(copy, targetFile);
  } finally {
    await rm(copy, { force: true });
  }
}

async function restorePostgres(settings: BackupSettings, url: string, dumpFile: string): Promise<void> {
  const environment = libpqEnvironment(url);
  const listing = await runTool(settings.pgRestore, ['--list', dumpFile], environment);
  if (listing.status !== 0) throw new BackupRefusal('pg_restore cannot read the backup’s dump; nothing was restored.');
  // --clean --if-exists replaces Haven's tables when --replace was given, and does nothing on an
  // empty database; --single-transaction makes any failure roll the whole restore back.
  const restored = await runTool(
    settings.pgRestore,
    [
      '--single-transaction',
      '--exit-on-error',
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      `--dbname=${environment.PGDATABASE}`,
      dumpFile,
    ],
    environment,
  );
  if (restored.status !== 0) {
    throw new BackupRefusal(`pg_restore failed (exit status ${restored.status}); the database was left as it was.`);
  }
}
