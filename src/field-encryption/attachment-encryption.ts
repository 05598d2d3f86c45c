import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type FieldKeyring, FieldEncryptionError, MissingFieldKey, fieldKeyring } from './field-encryption.ts';

// Attachment bytes are encrypted as they stream (issue 13): a header naming the key, then frames
// of at most 64KB of plaintext, each sealed with AES-256-GCM under its own IV. Each frame's
// additional data binds the header, its index and whether it is the last, so frames cannot be
// reordered, dropped or cut off at the end without the read failing. A 10MB file is never held
// whole: one frame at a time is in memory each way.
//
//   header  "HVA1" | key id length (1 byte) | key id (ASCII)
//   frame   last (1 byte: 0 or 1) | plaintext length (4 bytes) | IV (12) | ciphertext | tag (16)

const magic = Buffer.from('HVA1', 'ascii');
const framePlaintextBytes = 64 * 1024;
const frameOverhead = 1 + 4 + 12 + 16;

function header(keyId: string): Buffer {
  const id = Buffer.from(keyId, 'ascii');
  return Buffer.concat([magic, Buffer.from([id.length]), id]);
}

function frameAad(headerBytes: Buffer, index: number, last: boolean): Buffer {
  const tail = Buffer.alloc(5);
  tail.writeUInt32BE(index, 0);
  tail[4] = last ? 1 : 0;
  return Buffer.concat([headerBytes, tail]);
}

/** The ciphertext of a stream of bytes, under the current key, frame by frame. */
export async function* encryptAttachment(
  content: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>,
  keyring: FieldKeyring = fieldKeyring(),
): AsyncGenerator<Buffer> {
  if (keyring.mode === 'plaintext') {
    for await (const piece of content) yield Buffer.from(piece);
    return;
  }
  const { current } = keyring;
  const head = header(current.id);
  yield head;
  let index = 0;
  let pending: Buffer = Buffer.alloc(0);
  const seal = (plain: Buffer, last: boolean): Buffer => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv);
    cipher.setAAD(frameAad(head, index, last));
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    const prefix = Buffer.alloc(5);
    prefix[0] = last ? 1 : 0;
    prefix.writeUInt32BE(plain.length, 1);
    index += 1;
    return Buffer.concat([prefix, iv, ciphertext, cipher.getAuthTag()]);
  };
  for await (const piece of content) {
    pending = pending.length ? Buffer.concat([pending, piece]) : Buffer.from(piece);
    // Keep at least one byte back, so the last frame is always the one marked last.
    while (pending.length > framePlaintextBytes) {
      yield seal(pending.subarray(0, framePlaintextBytes), false);
      pending = pending.subarray(framePlaintextBytes);
    }
  }
  yield seal(pending, true);
}

/** The key id an encrypted attachment's header names (rotation reads just this). */
export async function attachmentKeyId(content: AsyncIterable<Buffer | Uint8Array>): Promise<string> {
  const reader = new FrameReader(content);
  return (await reader.readHeader()).keyId;
}

/** The plaintext of an encrypted attachment, frame by frame; any tampering or truncation throws. */
export async function* decryptAttachment(
  content: AsyncIterable<Buffer | Uint8Array>,
  keyring: FieldKeyring = fieldKeyring(),
): AsyncGenerator<Buffer> {
  if (keyring.mode === 'plaintext') {
    for await (const piece of content) yield Buffer.from(piece);
    return;
  }
  const reader = new FrameReader(content);
  const { keyId, bytes: head } = await reader.readHeader();
  const key = keyring.keys.get(keyId);
  if (!key) throw new MissingFieldKey(keyId);
  for (let index = 0; ; index++) {
    const prefix = await reader.take(5);
    if (!prefix) throw new FieldEncryptionError('An encrypted attachment ends before its last frame');
    const last = prefix[0] === 1;
    const length = prefix.readUInt32BE(1);
    if (length > framePlaintextBytes) throw new FieldEncryptionError('An encrypted attachment has a malformed frame');
    const body = await reader.take(12 + length + 16);
    if (!body) throw new FieldEncryptionError('An encrypted attachment ends inside a frame');
    const decipher = createDecipheriv('aes-256-gcm', key.key, body.subarray(0, 12));
    decipher.setAAD(frameAad(head, index, last));
    decipher.setAuthTag(body.subarray(12 + length));
    try {
      yield Buffer.concat([decipher.update(body.subarray(12, 12 + length)), decipher.final()]);
    } catch {
      throw new FieldEncryptionError(`An attachment under key "${keyId}" does not decrypt: wrong key or changed bytes`);
    }
    if (last) {
      if (await reader.take(1))
        throw new FieldEncryptionError('An encrypted attachment has bytes after its last frame');
      return;
    }
  }
}

/** How many bytes an attachment of `plainBytes` takes encrypted under `keyId` (for checks and tests). */
export function encryptedSize(plainBytes: number, keyId: string): number {
  const frames = Math.max(1, Math.ceil(plainBytes / framePlaintextBytes));
  return magic.length + 1 + keyId.length + plainBytes + frames * frameOverhead;
}

class FrameReader {
  private readonly source: AsyncIterator<Buffer | Uint8Array>;
  private buffered: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(content: AsyncIterable<Buffer | Uint8Array>) {
    this.source = content[Symbol.asyncIterator]();
  }

  async readHeader(): Promise<{ keyId: string; bytes: Buffer }> {
    const start = await this.take(magic.length + 1);
    if (!start || !start.subarray(0, magic.length).equals(magic)) {
      throw new FieldEncryptionError('A stored attachment is not encrypted where ciphertext is expected');
    }
    const id = await this.take(start[magic.length]!);
    if (!id) throw new FieldEncryptionError('An encrypted attachment ends inside its header');
    return { keyId: id.toString('ascii'), bytes: Buffer.concat([start, id]) };
  }

  /** Exactly n bytes, or null when the stream ends first (with none left over) . */
  async take(n: number): Promise<Buffer | null> {
    while (this.buffered.length < n && !this.ended) {
      const next = await this.source.next();
      if (next.done) this.ended = true;
      else this.buffered = this.buffered.length ? Buffer.concat([this.buffered, next.value]) : Buffer.from(next.value);
    }
    if (this.buffered.length < n) {
      if (this.buffered.length > 0 && n > 0) throw new FieldEncryptionError('An encrypted attachment is cut short');
      return null;
    }
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return out;
  }
}
