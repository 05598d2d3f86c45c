import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { HavenDb } from '../db/connect.ts';
import { decryptAttachment } from '../field-encryption/attachment-encryption.ts';
import { DatabaseAttachmentStore } from './database-store.ts';
import { DirectoryAttachmentStore } from './directory-store.ts';

export type MoveOutcome = {
  /** Copied into the database, checked against the hash recorded at upload, and removed from the directory. */
  moved: number;
  /** Already in the database from a run that stopped before removing them: checked, then removed. */
  finished: number;
  /** Left where they are: no attachment row names them, or their bytes do not match the recorded hash. */
  leftAlone: string[];
};

/**
 * Moves attachment files from the directory into the database store, one file at a time: each
 * is hashed (its plaintext: both stores hold ciphertext, copied as it is), copied in one transaction (chunk by chunk, never whole in memory), read back and
 * hashed again, and only then deleted from the disk. Stopped at any point, it can be run again:
 * a copy cut short rolled back, and a copy made but not yet deleted is checked and deleted.
 */
export async function moveAttachmentsToDatabase(db: HavenDb, directory: string): Promise<MoveOutcome> {
  const from = new DirectoryAttachmentStore(directory);
  const to = new DatabaseAttachmentStore(db);
  const outcome: MoveOutcome = { moved: 0, finished: 0, leftAlone: [] };
  for (const { organisationId, attachmentId } of await filesIn(directory)) {
    const row = await db
      .selectFrom('attachments')
      .select('sha256')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', attachmentId)
      .executeTakeFirst();
    const file = from.fileOf(organisationId, attachmentId);
    if (!row || (await sha256Of(decryptAttachment(createReadStream(file)))) !== row.sha256) {
      outcome.leftAlone.push(path.join(organisationId, attachmentId));
      continue;
    }
    const alreadyCopied = (await to.chunkCount(organisationId, attachmentId)) !== null;
    if (!alreadyCopied) await to.save(organisationId, attachmentId, createReadStream(file));
    if ((await sha256Of(decryptAttachment(await to.open(organisationId, attachmentId)))) !== row.sha256) {
      // Not expected: the copy is dropped and the file kept, so nothing is lost.
      await to.discard(organisationId, attachmentId);
      outcome.leftAlone.push(path.join(organisationId, attachmentId));
      continue;
    }
    await rm(file);
    if (alreadyCopied) outcome.finished += 1;
    else outcome.moved += 1;
  }
  return outcome;
}

/** <directory>/<organisation>/<attachment id>; temporary ".…partial" files of a cut-short upload are not attachments. */
async function filesIn(directory: string): Promise<Array<{ organisationId: string; attachmentId: string }>> {
  if (!existsSync(directory)) return [];
  const found: Array<{ organisationId: string; attachmentId: string }> = [];
  for (const organisation of await readdir(directory, { withFileTypes: true })) {
    if (!organisation.isDirectory()) continue;
    for (const entry of await readdir(path.join(directory, organisation.name), { withFileTypes: true })) {
      if (entry.isFile() && !entry.name.startsWith('.')) {
        found.push({ organisationId: organisation.name, attachmentId: entry.name });
      }
    }
  }
  return found;
}

async function sha256Of(stream: AsyncIterable<Buffer | Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of stream) hash.update(piece);
  return hash.digest('hex');
}
