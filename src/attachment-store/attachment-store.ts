import type { Readable } from 'node:stream';
import { HavenError } from '../errors.ts';

/**
 * Where attachment bytes are kept, so every Haven instance that serves a concern can serve its
 * files: a directory on a disk they share (the default on SQLite, one instance), or the
 * database itself (the default on PostgreSQL, as many instances as needed). Keyed by the
 * organisation and the attachment's id, both made by Haven; no name a person chose is ever a key.
 */
export interface AttachmentStore {
  readonly kind: AttachmentStoreKind;
  /** Keeps all the bytes or none: a failure part-way leaves nothing behind. */
  save(organisationId: string, attachmentId: string, content: AttachmentContent): Promise<void>;
  /** The bytes, read piece by piece; rejects with AttachmentNotStored or AttachmentStoreUnavailable. */
  open(organisationId: string, attachmentId: string): Promise<Readable>;
  /** Removes the bytes (a row that did not commit, or a file disposed of); no error when already gone. */
  discard(organisationId: string, attachmentId: string): Promise<void>;
  /**
   * Replaces stored bytes whole where they are kept (rotation); `save` when absent. The database
   * store keeps a file not yet moved out of the directory in the directory.
   */
  replace?(organisationId: string, attachmentId: string, content: AttachmentContent): Promise<void>;
}

export type AttachmentStoreKind = 'directory' | 'database';

/** A whole upload already in memory, or a stream of pieces (a file being moved, a streamed upload). */
export type AttachmentContent = Buffer | AsyncIterable<Buffer | Uint8Array>;

/** The store cannot be reached (a share gone, the database away): try again later; nothing was kept. */
export class AttachmentStoreUnavailable extends HavenError {
  constructor(cause: unknown) {
    super('attachment-store-unavailable');
    this.cause = cause;
  }
}

/** The row says there is a file and the store has no bytes for it: a fault to investigate (500). */
export class AttachmentNotStored extends Error {
  constructor(attachmentId: string) {
    // An attachment id is a random UUID: it names no one.
    super(`No stored bytes for attachment ${attachmentId}`);
  }
}
