// Composition root of the `haven` command line: configuration → one command → exit status.
// Exit statuses: 0 done, 1 verification found differences, 2 usage error or refused.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { moveAttachmentsToDatabase } from '../attachment-store/move-to-database.ts';
import cliProgress from 'cli-progress';
import { ImportRefusal, importConcernFile } from '../concern-history/import-concerns-file.ts';
import { readImportMapping } from '../concern-history/import-mapping.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrations/index.ts';
import { backupTo } from '../backup/backup.ts';
import { BackupRefusal } from '../backup/backup-error.ts';
import { restoreFrom } from '../backup/restore.ts';
import { verifyAgainst } from '../backup/verify.ts';
import { type ChainVerification, verifyAuditChains } from '../concerns/audit-chain.queries.ts';
import { type Config, ConfigError, type DatabaseConfig, loadConfig } from '../config.ts';
import { describeChainBreak } from '../domain/audit-chain.ts';
import { importSelfAssessmentCommand, importSelfAssessmentUsage } from './import-self-assessment.ts';
import { openAttachmentStore } from '../attachment-store/open-attachment-store.ts';
import { MissingFieldKey, installFieldKeyring } from '../field-encryption/field-encryption.ts';
import { FieldKeysRefused } from '../field-encryption/key-management.ts';
import { rotateEverything } from '../field-encryption/rotate-all.ts';
import { startUpDatabase } from '../db/start-up.ts';

const usage = `Usage:
  haven backup --to DIR              copy the database, attachments and a manifest into a new folder
  haven restore --from DIR [--replace]  restore a backup into the configured database (Haven stopped)
  haven verify --from DIR            check the configured database and attachments match a backup,
                                     and that its audit chains are unbroken
  haven audit verify                 check every organisation's audit chain: any changed, removed,
                                     inserted or reordered audit event is reported by organisation,
                                     sequence number and event id
  haven keys rotate                  re-encrypt every encrypted value and attachment under the current key
                                     (the first of HAVEN_ENCRYPTION_KEYS), in batches; run again to resume
  haven attachments move-to-database  move attachment files from ATTACHMENTS_DIR into the database (resumable)
  haven import concerns FILE --mapping MAPPING.json --organisation ORG [--as EMAIL] [--problems FILE] [--dry-run]
                                     import concern history from a CSV export (ORG: id or exact name);
                                     rows with problems are listed in --problems (default FILE.problems.csv)
${importSelfAssessmentUsage}`;

export const exitStatus = { ok: 0, differences: 1, refused: 2 } as const;

type Output = { out: (line: string) => void; err: (line: string) => void };

/** Breaks listed on the terminal; the rest are counted. */
const breaksShown = 100;

/** Runs one command; returns the exit status. Messages name tables, files and ids, never a person. */
export async function runHaven(args: readonly string[], config: Config, output: Output): Promise<number> {
  installFieldKeyring(config.encryption);
  if (args[0] === 'import' && args[1] === 'self-assessment') {
    return importSelfAssessmentCommand(args.slice(2), config, output);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        to: { type: 'string' },
        from: { type: 'string' },
        replace: { type: 'boolean', default: false },
        mapping: { type: 'string' },
        organisation: { type: 'string' },
        as: { type: 'string' },
        problems: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
    });
  } catch {
    output.err(usage);
    return exitStatus.refused;
  }
  const [command, ...extra] = parsed.positionals;
  const { to, from, replace } = parsed.values;
  if (command === 'import') return importConcerns(extra, parsed.values, config, output);
  const settings = { database: config.database, attachmentsDir: config.attachmentsDir, ...config.backupTools };
  try {
    if (command === 'backup' && to && !from && !replace && extra.length === 0) {
      const manifest = await backupTo(settings, path.resolve(to));
      output.out(
        `Backed up ${Object.keys(manifest.tables).length} tables and ${Object.keys(manifest.attachments).length} attachment files (migration ${manifest.migration}).`,
      );
      return exitStatus.ok;
    }
    if (command === 'restore' && from && !to && extra.length === 0) {
      const manifest = await restoreFrom(settings, path.resolve(from), { replace });
      output.out(`Restored the backup of ${manifest.createdAt} (migration ${manifest.migration}).`);
      return report(await verifyAgainst(settings, path.resolve(from)), config.database, output);
    }
    if (command === 'verify' && from && !to && !replace && extra.length === 0) {
      return report(await verifyAgainst(settings, path.resolve(from)), config.database, output);
    }
    if (command === 'audit' && extra.length === 1 && extra[0] === 'verify' && !to && !from && !replace) {
      const chains = await verifyChainsIn(config.database);
      if (chains) return reportChains(chains, output);
      output.err(noChainYet);
      return exitStatus.refused;
    }
    if (command === 'keys' && extra.join(' ') === 'rotate' && !to && !from && !replace) {
      return await rotateKeys(config, output);
    }
    if (command === 'attachments' && extra.join(' ') === 'move-to-database' && !to && !from && !replace) {
      return await moveToDatabase(config, output);
    }
  } catch (error) {
    if (error instanceof BackupRefusal) {
      output.err(error.message);
      return exitStatus.refused;
    }
    throw error;
  }
  output.err(usage);
  return exitStatus.refused;
}

/**
 * Every encrypted value and attachment under the current key. A value under a key no longer
 * configured stops the run (exit 2) with its batch rolled back: nothing is lost, and once the key
 * is given back a second run finishes the rest.
 */
async function rotateKeys(config: Config, output: Output): Promise<number> {
  if (config.encryption.mode === 'plaintext') {
    output.err('Refused: encryption is switched off (HAVEN_BENCH_WITHOUT_ENCRYPTION), there is nothing to rotate.');
    return exitStatus.refused;
  }
  const db = connectDatabase(config.database);
  try {
    const { fields, attachments } = await rotateEverything(
      db,
      openAttachmentStore(config, db),
      config.encryption,
      (line) => output.out(line),
    );
    const values = fields.reduce((sum, table) => sum + table.reencrypted, 0);
    output.out(
      `Done: ${values} rows and ${attachments.reencrypted} attachments re-encrypted under key "${config.encryption.current.id}"` +
        (attachments.missing ? ` (${attachments.missing} attachments have no stored bytes).` : '.'),
    );
    return exitStatus.ok;
  } catch (error) {
    if (error instanceof MissingFieldKey || error instanceof FieldKeysRefused) {
      output.err(
        `Refused: ${error.message}. Nothing was lost: values already rotated stay rotated; add the key and run again.`,
      );
      return exitStatus.refused;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

async function moveToDatabase(config: Config, output: Output): Promise<number> {
  // Moving files out of the directory while Haven still reads them there would lose them.
  if (config.attachmentStore !== 'database') {
    output.err('Refused: set ATTACHMENT_STORE=database first, so Haven reads attachments from the database.');
    return exitStatus.refused;
  }
  const db = connectDatabase(config.database);
  try {
    // As Haven starts: migrated, and files written before encryption at rest encrypted where they
    // lie, so what is moved is ciphertext (the move copies bytes as they are). A wrong key stops here.
    await startUpDatabase(db, config);
    const { moved, finished, leftAlone } = await moveAttachmentsToDatabase(db, config.attachmentsDir);
    output.out(`Moved ${moved} attachment files into the database (${finished} finished from an earlier run).`);
    for (const file of leftAlone)
      output.err(`Left in the directory (no attachment row, or not the file recorded): ${file}`);
    return leftAlone.length > 0 ? exitStatus.differences : exitStatus.ok;
  } catch (error) {
    if (error instanceof FieldKeysRefused) {
      output.err(`Refused: ${error.message} Nothing was moved.`);
      return exitStatus.refused;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

async function importConcerns(
  positionals: readonly string[],
  values: { mapping?: string; organisation?: string; as?: string; problems?: string; 'dry-run'?: boolean },
  config: Config,
  output: Output,
): Promise<number> {
  const [what, file, ...rest] = positionals;
  if (what !== 'concerns' || !file || rest.length || !values.mapping || !values.organisation) {
    output.err(usage);
    return exitStatus.refused;
  }
  let mappingText: string;
  try {
    mappingText = await readFile(values.mapping, 'utf8');
  } catch {
    output.err(`The mapping file ${values.mapping} could not be read.`);
    return exitStatus.refused;
  }
  const mapping = readImportMapping(mappingText);
  if ('problem' in mapping) {
    output.err(`${mapping.problem}. Nothing was imported.`);
    return exitStatus.refused;
  }
  const problemsPath = path.resolve(values.problems ?? `${file}.problems.csv`);
  const db = connectDatabase(config.database);
  // A bar only on a terminal: a log or a pipe gets the summary alone.
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: 'Importing [{bar}] {percentage}% | {eta_formatted} left', etaBuffer: 50 })
    : null;
  const started = Date.now();
  try {
    await migrateToLatest(db);
    bar?.start(100, 0);
    const summary = await importConcernFile(db, {
      filePath: path.resolve(file),
      mapping: mapping.mapping,
      organisation: values.organisation,
      as: values.as,
      problemsPath,
      dryRun: values['dry-run'] ?? false,
      now: new Date(),
      onProgress: (read, total) => bar?.update(Math.floor((read / Math.max(total, 1)) * 100)),
    });
    bar?.update(100);
    bar?.stop();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    output.out(
      `${values['dry-run'] ? 'Dry run, nothing written: would import' : 'Imported'} ${summary.imported} concerns from ${summary.read} rows (${summary.encoding}) in ${seconds}s; ${summary.alreadyInHaven} already in Haven; ${summary.leftOut} rows with problems left out${summary.leftOut ? `, listed by line in ${problemsPath}` : ''}.`,
    );
    return exitStatus.ok;
  } catch (error) {
    bar?.stop();
    if (error instanceof ImportRefusal) {
      output.err(error.message);
      return exitStatus.refused;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

async function report(
  verification: Awaited<ReturnType<typeof verifyAgainst>>,
  database: DatabaseConfig,
  output: Output,
): Promise<number> {
  const { tables, rows, attachments, differences } = verification;
  const verified = await verifyChainsIn(database);
  if (!verified) output.out(`Audit chain: not checked. ${noChainYet}`);
  const chains = verified ? reportChains(verified, output) : exitStatus.ok;
  if (differences.length > 0) {
    for (const difference of differences) output.err(`Differs: ${difference}`);
    output.err(`Verification failed: ${differences.length} differences from the backup.`);
    return exitStatus.differences;
  }
  output.out(`Verified: ${tables} tables (${rows} rows) and ${attachments} attachment files match the backup.`);
  return chains;
}

const noChainYet = 'The database has no audit chain tables yet (Haven migrates them when it starts).';

/** Null when the database has no audit chain to check: no file, no tables, or an older schema. */
async function verifyChainsIn(database: DatabaseConfig): Promise<ChainVerification | null> {
  // Opening a SQLite file that is not there would create it.
  if (database.kind === 'sqlite' && !existsSync(database.file)) return null;
  const db = connectDatabase(database);
  try {
    const tables = await db.introspection.getTables();
    if (!tables.some((table) => table.name === 'audit_chain_heads')) return null;
    return await verifyAuditChains(db, { keep: breaksShown });
  } finally {
    await db.destroy();
  }
}

function reportChains(verification: ChainVerification, output: Output): number {
  const { organisations, events, breakCount, breaks } = verification;
  if (breakCount === 0) {
    output.out(`Audit chain verified: ${events} events in ${organisations} organisations, unbroken.`);
    return exitStatus.ok;
  }
  for (const chainBreak of breaks) output.err(`Audit chain broken: ${describeChainBreak(chainBreak)}`);
  if (breakCount > breaks.length) output.err(`… and ${breakCount - breaks.length} more breaks.`);
  output.err(`Audit chain verification failed: ${breakCount} breaks in ${events} events.`);
  return exitStatus.differences;
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : 'Haven could not read its configuration.');
    process.exit(exitStatus.refused);
  }
  const status = await runHaven(process.argv.slice(2), config, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  process.exit(status);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    // Driver and file-system messages name paths and tables, not people; the stack is not shown.
    console.error('haven failed:', error instanceof Error ? error.message : 'unknown error');
    process.exit(exitStatus.refused);
  });
}
