import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { HavenDb } from '../db/connect.ts';
import { listClosureDays } from '../concerns/organisation-lists.queries.ts';
import type { ImportMapping } from './import-mapping.ts';
import { type ConcernToImport, isProblem, rowReader } from './import-plan.ts';
import { detectFileEncoding, streamConcernFile } from './import-source.ts';
import { loadImportLists } from './import-concerns.queries.ts';
import { importedConcernWriter, rowsPerStatement, rowsPerTurn, turnOfTheEventLoop } from './imported-concern-writer.ts';

// `haven import concerns FILE`: the web's import for files of any size. The file is read as a
// stream and its rows written a statement's worth (a thousand) at a time, all inside one transaction: a file that
// fails part way (unreadable CSV, the database refusing) leaves nothing behind, and a second run
// of the same file adds nothing, as each concern's original reference is unique. One
// transaction holds the database's write lock for the run (seconds for 100,000 rows on SQLite);
// we chose that over batches committed one by one, whose rollback would need a record of what
// each had written.

export class ImportRefusal extends Error {}

export type ImportSummary = {
  read: number;
  imported: number;
  alreadyInHaven: number;
  leftOut: number;
  encoding: string;
};

export async function importConcernFile(
  db: HavenDb,
  options: {
    filePath: string;
    mapping: ImportMapping;
    organisation: string;
    as?: string | undefined;
    problemsPath: string;
    dryRun: boolean;
    now: Date;
    onProgress?: (bytesRead: number, totalBytes: number) => void;
  },
): Promise<ImportSummary> {
  const owner = await findImporter(db, options.organisation, options.as);
  const lists = await loadImportLists(db, owner.organisationId);
  const closureDays = await listClosureDays(db, owner.organisationId);
  const totalBytes = (await stat(options.filePath)).size;
  const encoding =
    options.mapping.encoding === 'auto' ? await detectFileEncoding(options.filePath) : options.mapping.encoding;

  const problems = stringify({ header: true, columns: ['line', 'problem'] });
  const problemsFile = createWriteStream(options.problemsPath);
  problems.pipe(problemsFile);
  const summary: ImportSummary = { read: 0, imported: 0, alreadyInHaven: 0, leftOut: 0, encoding };
  const rollback = new Error('dry run');
  // The line the last record read ended on: a record that cannot be read starts on the next.
  let lastLine = 0;
  try {
    await db.transaction().execute(async (trx) => {
      let read: ReturnType<typeof rowReader> | null = null;
      let batch: ConcernToImport[] = [];
      const writer = importedConcernWriter(trx, owner, { closureDays, now: options.now, requestId: null });
      // One batch is written while the next is read: on PostgreSQL the server writes as this
      // process parses. At most two batches are held.
      let writing: Promise<void> = Promise.resolve();
      const flush = async () => {
        const rows = batch;
        batch = [];
        // Encrypted and given ids now, while the database may still be writing the batch before.
        const prepared = await writer.prepare(rows);
        const before = writing;
        // Sent now, not when the batch before is done: its statements queue on the transaction's
        // connection behind that batch's, so the database goes on to them without waiting for
        // this process. A concern whose reference Haven holds already is skipped by the insert.
        const write = writer.writePrepared(prepared).then((written) => {
          summary.imported += written;
          summary.alreadyInHaven += rows.length - written;
        });
        // Settled only when both have, so no statement is left queued when the transaction ends; the
        // first failure is the one reported (a batch after it fails only because the transaction has).
        writing = Promise.allSettled([before, write]).then((outcomes) => {
          for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
        });
        // Its failure is seen when it is awaited, at the next batch or the end.
        writing.catch(() => {});
        await before;
      };
      try {
        for await (const row of streamConcernFile(options.filePath, encoding, (bytes) =>
          options.onProgress?.(bytes, totalBytes),
        )) {
          if (!read) {
            read = rowReader(row.cells, options.mapping, lists, options.now);
            if (typeof read !== 'function')
              throw new ImportRefusal(
                `The file has no column called: ${read.missing.join(', ')}. Nothing was imported.`,
              );
            lastLine = 1;
            continue;
          }
          if (typeof read !== 'function') break;
          lastLine = row.line;
          summary.read += 1;
          const result = read(row);
          if (isProblem(result)) {
            summary.leftOut += 1;
            if (!problems.write([result.line, result.message])) await once(problems, 'drain');
            continue;
          }
          batch.push(result);
          if (batch.length >= rowsPerStatement) await flush();
          else if (batch.length % rowsPerTurn === 0) await turnOfTheEventLoop(trx);
        }
        if (!read) throw new ImportRefusal('The file is empty: it has no header row. Nothing was imported.');
        if (batch.length) await flush();
      } finally {
        // Nothing may still be writing when the transaction ends, however it ends.
        await writing.catch(() => {});
      }
      await writing;
      if (options.dryRun) throw rollback;
    });
  } catch (error) {
    if (error !== rollback) {
      if (error instanceof ImportRefusal) throw error;
      const stoppedAt = (error as { lines?: number }).lines;
      if (stoppedAt !== undefined || (error as { code?: string }).code?.startsWith('CSV_')) {
        // csv-parse names the line it stopped on, the file's end for a quote never closed; the
        // record it could not read starts on the line after the last one read.
        const line = lastLine > 0 ? lastLine + 1 : stoppedAt;
        throw new ImportRefusal(
          `The file could not be read as CSV${line ? ` at line ${line}` : ''}. Nothing was imported.`,
        );
      }
      if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA')
        throw new ImportRefusal(
          'The file is not UTF-8 text: set "encoding" to "windows-1252" in the mapping. Nothing was imported.',
        );
      throw error;
    }
  } finally {
    problems.end();
    await once(problemsFile, 'close');
  }
  return summary;
}

/** The organisation (by id or exact name) and the coordinator the import is recorded as. */
async function findImporter(db: HavenDb, organisation: string, email: string | undefined) {
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', organisation), eb('name', '=', organisation)]))
    .execute();
  if (org.length !== 1) throw new ImportRefusal(`No organisation called “${organisation}”. Nothing was imported.`);
  const organisationId = org[0]!.id;
  const coordinator = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('users.organisation_id', '=', organisationId)
    .where('users.deactivated_at', 'is', null)
    .where('user_roles.role', '=', 'coordinator')
    .$if(email !== undefined, (q) => q.where('users.email', '=', email!.toLowerCase()))
    .orderBy('users.created_at')
    .executeTakeFirst();
  if (!coordinator)
    throw new ImportRefusal(
      `${email ? `${email} is not` : 'There is no'} an active Safeguarding Coordinator of that organisation to record the import as. Nothing was imported.`,
    );
  return { userId: coordinator.id, organisationId };
}
