import type { Config } from '../config.ts';
import type { HavenDb } from '../db/connect.ts';
import { DatabaseAttachmentStore } from './database-store.ts';
import { DirectoryAttachmentStore } from './directory-store.ts';
import { EncryptingAttachmentStore } from './encrypting-store.ts';

/** The store the configuration names (ATTACHMENT_STORE), on this database and attachments directory. */
export function openAttachmentStore(
  config: Pick<Config, 'attachmentStore' | 'attachmentsDir'>,
  db: HavenDb,
): EncryptingAttachmentStore {
  const directory = new DirectoryAttachmentStore(config.attachmentsDir);
  // Either store holds ciphertext only: the bytes are encrypted before they reach it.
  return new EncryptingAttachmentStore(
    config.attachmentStore === 'database' ? new DatabaseAttachmentStore(db, directory) : directory,
  );
}
