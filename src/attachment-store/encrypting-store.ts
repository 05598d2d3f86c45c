import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { attachmentKeyId, decryptAttachment, encryptAttachment } from '../field-encryption/attachment-encryption.ts';
import { type FieldKeyring, FieldEncryptionError, fieldKeyring } from '../field-encryption/field-encryption.ts';
import type { AttachmentContent, AttachmentStore } from './attachment-store.ts';

/**
 * Any store, holding ciphertext (issue 13): bytes are encrypted on their way in and decrypted on
 * their way out, frame by frame (field-encryption/attachment-encryption.ts), so the directory's
 * files and the database's chunks hold only ciphertext. The inner store never sees plaintext.
 */
export class EncryptingAttachmentStore implements AttachmentStore {
  readonly inner: AttachmentStore;
  private readonly keyring: () => FieldKeyring;

  constructor(inner: AttachmentStore, keyring: () => FieldKeyring = fieldKeyring) {
    this.inner = inner;
    this.keyring = keyring;
  }

  get kind() {
    return this.inner.kind;
  }

  save(organisationId: string, attachmentId: string, content: AttachmentContent): Promise<void> {
    const pieces = Buffer.isBuffer(content) ? [content] : content;
    return this.inner.save(organisationId, attachmentId, encryptAttachment(pieces, this.keyring()));
  }

  async open(organisationId: string, attachmentId: string): Promise<Readable> {
    const stored = await this.inner.open(organisationId, attachmentId);
    return Readable.from(decryptAttachment(stored, this.keyring()), { objectMode: false });
  }

  discard(organisationId: string, attachmentId: string): Promise<void> {
    return this.inner.discard(organisationId, attachmentId);
  }

  /**
   * Re-encrypts one attachment under the current key; false when it already was. The new
   * ciphertext goes to a temporary file first, so the store is read and written one after the
   * other (SQLite's one connection) and a failure leaves the old bytes in place.
   */
  async rotate(organisationId: string, attachmentId: string, adoptPlaintext = false): Promise<boolean> {
    const keyring = this.keyring();
    if (keyring.mode === 'plaintext') return false;
    const probe = await this.inner.open(organisationId, attachmentId);
    // A file kept before migration 0033 has no header: plaintext, encrypted only when adopting.
    const keyId = await attachmentKeyId(probe)
      .catch((error: unknown) => {
        if (adoptPlaintext && error instanceof FieldEncryptionError) return null;
        throw error;
      })
      .finally(() => probe.destroy());
    if (keyId === keyring.current.id) return false;
    const folder = await mkdtemp(path.join(tmpdir(), 'haven-rotate-'));
    const file = path.join(folder, 'attachment');
    try {
      const stored = await this.inner.open(organisationId, attachmentId);
      await pipeline(
        Readable.from(encryptAttachment(keyId === null ? stored : decryptAttachment(stored, keyring), keyring)),
        createWriteStream(file, { mode: 0o600 }),
      );
      const content = createReadStream(file);
      await (this.inner.replace
        ? this.inner.replace(organisationId, attachmentId, content)
        : this.inner.save(organisationId, attachmentId, content));
      return true;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
}
