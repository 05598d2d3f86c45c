import type { Config } from '../config.ts';
import type { HavenDb } from '../db/connect.ts';
import type { AttachmentStore } from './attachment-store.ts';
import { DatabaseAttachmentStore } from './database-store.ts';
import { DirectoryAttachmentStore } from './directory-store.ts';

/** The store the configuration names (ATTACHMENT_STORE), on this database and attachments directory. */
export function openAttachmentStore(
  config: Pick<Config, 'attachmentStore' | 'attachmentsDir'>,
  db: HavenDb,
): AttachmentStore {
  const directory = new DirectoryAttachmentStore(config.attachmentsDir);
  return config.attachmentStore === 'database' ? new DatabaseAttachmentStore(db, directory) : directory;
}
