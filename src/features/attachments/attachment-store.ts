import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Attachment bytes on disk, outside the web root: <dir>/<organisation>/<attachment id>. Ids are
 * UUIDs made by Haven, so no name a user chose ever becomes part of a path.
 */
export class AttachmentStore {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
  }

  async save(organisationId: string, attachmentId: string, bytes: Buffer): Promise<void> {
    const folder = path.join(this.directory, organisationId);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await writeFile(path.join(folder, attachmentId), bytes, { mode: 0o600, flag: 'wx' });
  }

  /** Removes a file whose database row did not commit. */
  async discard(organisationId: string, attachmentId: string): Promise<void> {
    await rm(path.join(this.directory, organisationId, attachmentId), { force: true });
  }

  read(organisationId: string, attachmentId: string) {
    return createReadStream(path.join(this.directory, organisationId, attachmentId));
  }
}
