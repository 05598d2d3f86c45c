import { Readable } from 'node:stream';
import type { HavenDb } from '../db/connect.ts';
import {
  type AttachmentContent,
  AttachmentNotStored,
  type AttachmentStore,
  AttachmentStoreUnavailable,
} from './attachment-store.ts';
import type { DirectoryAttachmentStore } from './directory-store.ts';

/** A chunk's size: small enough that a 10MB file never sits in memory whole, large enough for few rows. */
export const chunkBytes = 256 * 1024;

/**
 * Attachment bytes in the database (attachment_chunks, migration 0027), so every instance on one
 * PostgreSQL sees every file and a database backup holds them. Written in one transaction, the
 * attachment_contents row last: a file is all there or not there. Read one chunk a query.
 *
 * Files kept in the directory before the database store was switched on are still served from
 * it (`earlier`) until `haven attachments move-to-database` has moved them.
 */
export class DatabaseAttachmentStore implements AttachmentStore {
  readonly kind = 'database';
  private readonly db: HavenDb;
  private readonly earlier: DirectoryAttachmentStore | null;

  constructor(db: HavenDb, earlier: DirectoryAttachmentStore | null = null) {
    this.db = db;
    this.earlier = earlier;
  }

  async save(organisationId: string, attachmentId: string, content: AttachmentContent): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        // A move cut short rolled back, but a store may be asked again for the same id: start clean.
        // Rotation (haven keys rotate) replaces a file's bytes whole, in this one transaction.
        await trx.deleteFrom('attachment_contents').where('attachment_id', '=', attachmentId).execute();
        await trx.deleteFrom('attachment_chunks').where('attachment_id', '=', attachmentId).execute();
        let seq = 0;
        let size = 0;
        for await (const bytes of inChunks(content)) {
          await trx
            .insertInto('attachment_chunks')
            .values({ attachment_id: attachmentId, organisation_id: organisationId, seq, bytes })
            .execute();
          seq += 1;
          size += bytes.length;
        }
        await trx
          .insertInto('attachment_contents')
          .values({
            attachment_id: attachmentId,
            organisation_id: organisationId,
            size_bytes: size,
            chunk_count: seq,
            stored_at: new Date().toISOString(),
          })
          .execute();
      });
    } catch (error) {
      throw new AttachmentStoreUnavailable(error);
    }
  }

  /**
   * A file not yet moved is re-encrypted in the directory, where it lies: saved here instead, the
   * file would stay behind as it was, and `move-to-database` would find it no longer the one kept.
   */
  async replace(organisationId: string, attachmentId: string, content: AttachmentContent): Promise<void> {
    if (this.earlier && (await this.chunkCount(organisationId, attachmentId)) === null) {
      return this.earlier.save(organisationId, attachmentId, content);
    }
    return this.save(organisationId, attachmentId, content);
  }

  async discard(organisationId: string, attachmentId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('attachment_contents')
        .where('organisation_id', '=', organisationId)
        .where('attachment_id', '=', attachmentId)
        .execute();
      await trx
        .deleteFrom('attachment_chunks')
        .where('organisation_id', '=', organisationId)
        .where('attachment_id', '=', attachmentId)
        .execute();
    });
    await this.earlier?.discard(organisationId, attachmentId);
  }

  async open(organisationId: string, attachmentId: string): Promise<Readable> {
    const chunkCount = await this.chunkCount(organisationId, attachmentId);
    if (chunkCount === null) {
      if (this.earlier) return this.earlier.open(organisationId, attachmentId);
      throw new AttachmentNotStored(attachmentId);
    }
    return Readable.from(this.chunks(organisationId, attachmentId, chunkCount), { objectMode: false });
  }

  /** How many chunks the attachment's bytes are in; null when this store holds none. */
  async chunkCount(organisationId: string, attachmentId: string): Promise<number | null> {
    try {
      const row = await this.db
        .selectFrom('attachment_contents')
        .select('chunk_count')
        .where('organisation_id', '=', organisationId)
        .where('attachment_id', '=', attachmentId)
        .executeTakeFirst();
      return row ? row.chunk_count : null;
    } catch (error) {
      throw new AttachmentStoreUnavailable(error);
    }
  }

  private async *chunks(organisationId: string, attachmentId: string, count: number): AsyncGenerator<Buffer> {
    for (let seq = 0; seq < count; seq++) {
      const row = await this.db
        .selectFrom('attachment_chunks')
        .select('bytes')
        .where('organisation_id', '=', organisationId)
        .where('attachment_id', '=', attachmentId)
        .where('seq', '=', seq)
        .executeTakeFirst();
      if (!row) throw new AttachmentNotStored(attachmentId);
      yield Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
    }
  }
}

/** The content cut into pieces of chunkBytes (the last may be shorter), however it arrives. */
async function* inChunks(content: AttachmentContent): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(content)) {
    for (let start = 0; start < content.length; start += chunkBytes) yield content.subarray(start, start + chunkBytes);
    return;
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of content) {
    pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    pendingBytes += piece.byteLength;
    while (pendingBytes >= chunkBytes) {
      const joined = Buffer.concat(pending);
      yield joined.subarray(0, chunkBytes);
      pending = [joined.subarray(chunkBytes)];
      pendingBytes = joined.length - chunkBytes;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}
