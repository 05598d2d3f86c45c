import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type AttachmentContent,
  AttachmentNotStored,
  type AttachmentStore,
  AttachmentStoreUnavailable,
} from './attachment-store.ts';

/**
 * Attachment bytes on disk, outside the web root: <dir>/<organisation>/<attachment id>. Written
 * under a temporary name and renamed when complete, so a file cut short never takes the real name.
 */
export class DirectoryAttachmentStore implements AttachmentStore {
  readonly kind = 'directory';
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
  }

  async save(organisationId: string, attachmentId: string, content: AttachmentContent): Promise<void> {
    const folder = path.join(this.directory, organisationId);
    const partial = path.join(folder, `.${attachmentId}.partial-${randomBytes(4).toString('hex')}`);
    try {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await pipeline(toReadable(content), createWriteStream(partial, { mode: 0o600, flags: 'wx' }));
      await rename(partial, this.fileOf(organisationId, attachmentId));
    } catch (error) {
      await rm(partial, { force: true }).catch(() => {});
      throw new AttachmentStoreUnavailable(error);
    }
  }

  async discard(organisationId: string, attachmentId: string): Promise<void> {
    await rm(this.fileOf(organisationId, attachmentId), { force: true });
  }

  async open(organisationId: string, attachmentId: string): Promise<Readable> {
    const file = createReadStream(this.fileOf(organisationId, attachmentId));
    try {
      await once(file, 'open');
      return file;
    } catch (error) {
      file.destroy();
      if ((error as { code?: string }).code === 'ENOENT') throw new AttachmentNotStored(attachmentId);
      throw new AttachmentStoreUnavailable(error);
    }
  }

  fileOf(organisationId: string, attachmentId: string): string {
    return path.join(this.directory, organisationId, attachmentId);
  }
}

function toReadable(content: AttachmentContent): Readable {
  return Buffer.isBuffer(content) ? Readable.from([content]) : Readable.from(content);
}
