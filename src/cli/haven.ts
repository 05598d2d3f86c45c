// Composition root of the `haven` command line: configuration → one command → exit status.
// Exit statuses: 0 done, 1 verification found differences, 2 usage error or refused.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { moveAttachmentsToDatabase } from '../attachment-store/move-to-database.ts';
import { backupTo } from '../backup/backup.ts';
import { BackupRefusal } from '../backup/backup-error.ts';
import { restoreFrom } from '../backup/restore.ts';
import { verifyAgainst } from '../backup/verify.ts';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { importSelfAssessmentCommand, importSelfAssessmentUsage } from './import-self-assessment.ts';
import { connectDatabase } from '../db/connect.ts';

const usage = `Usage:
  haven backup --to DIR              copy the database, attachments and a manifest into a new folder
  haven restore --from DIR [--replace]  restore a backup into the configured database (Haven stopped)
  haven verify --from DIR            check the configured database and attachments match a backup
  haven attachments move-to-database  move attachment files from ATTACHMENTS_DIR into the database (resumable)
${importSelfAssessmentUsage}`;

export const exitStatus = { ok: 0, differences: 1, refused: 2 } as const;

type Output = { out: (line: string) => void; err: (line: string) => void };

const auditChainNote =
  'Audit hash chain: not checked — Haven does not yet chain its audit events (issue 13, tamper-evident audit).';

/** Runs one command; returns the exit status. Messages name tables, files and ids, never a person. */
export async function runHaven(args: readonly string[], config: Config, output: Output): Promise<number> {
  if (args[0] === 'import' && args[1] === 'self-assessment') {
    return importSelfAssessmentCommand(args.slice(2), config, output);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { to: { type: 'string' }, from: { type: 'string' }, replace: { type: 'boolean', default: false } },
    });
  } catch {
    output.err(usage);
    return exitStatus.refused;
  }
  const [command, ...extra] = parsed.positionals;
  const { to, from, replace } = parsed.values;
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
      return report(await verifyAgainst(settings, path.resolve(from)), output);
    }
    if (command === 'verify' && from && !to && !replace && extra.length === 0) {
      return report(await verifyAgainst(settings, path.resolve(from)), output);
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

async function moveToDatabase(config: Config, output: Output): Promise<number> {
  // Moving files out of the directory while Haven still reads them there would lose them.
  if (config.attachmentStore !== 'database') {
    output.err('Refused: set ATTACHMENT_STORE=database first, so Haven reads attachments from the database.');
    return exitStatus.refused;
  }
  const db = connectDatabase(config.database);
  try {
    const { moved, finished, leftAlone } = await moveAttachmentsToDatabase(db, config.attachmentsDir);
    output.out(`Moved ${moved} attachment files into the database (${finished} finished from an earlier run).`);
    for (const file of leftAlone)
      output.err(`Left in the directory (no attachment row, or not the file recorded): ${file}`);
    return leftAlone.length > 0 ? exitStatus.differences : exitStatus.ok;
  } finally {
    await db.destroy();
  }
}

function report(verification: Awaited<ReturnType<typeof verifyAgainst>>, output: Output): number {
  const { tables, rows, attachments, differences } = verification;
  output.out(auditChainNote);
  if (differences.length > 0) {
    for (const difference of differences) output.err(`Differs: ${difference}`);
    output.err(`Verification failed: ${differences.length} differences from the backup.`);
    return exitStatus.differences;
  }
  output.out(`Verified: ${tables} tables (${rows} rows) and ${attachments} attachment files match the backup.`);
  return exitStatus.ok;
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
