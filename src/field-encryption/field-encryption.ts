import { type KeyObject, createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';

// Special-category free text is encrypted at rest with AES-256-GCM (issue 13). Each stored value
// is a self-describing envelope in its own column, `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url),
// so the key id travels with the value: rotation finds what is not under the current key with a
// prefix comparison, no second column to keep in step, and a value copied anywhere (a backup, an
// export) still says which key opens it. A value without the envelope is an error, never read as
// plaintext.

/** A named key; the first of a keyring encrypts, any decrypts. */
export type FieldKey = Readonly<{ id: string; key: Buffer }>;

/**
 * The keys this process holds. `plaintext` is the bench's switch alone (config refuses it in
 * production): values are written and read as they are, so the cost of encryption can be measured.
 */
export type FieldKeyring =
  | Readonly<{ mode: 'encrypt'; current: FieldKey; keys: ReadonlyMap<string, FieldKey> }>
  | Readonly<{ mode: 'plaintext' }>;

/** The key id and raw key used outside production when HAVEN_ENCRYPTION_KEYS is not set. Not secret. */
export const developmentKeyId = 'dev';
export const developmentKey = Buffer.from('haven-development-field-key-32by', 'utf8');

const envelopeVersion = 'v1';
const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

export class FieldEncryptionError extends Error {}

/** A value needs a key this process was not given: rotation stops, nothing is lost. */
export class MissingFieldKey extends FieldEncryptionError {
  readonly keyId: string;
  constructor(keyId: string) {
    super(`The encryption key "${keyId}" is not configured (HAVEN_ENCRYPTION_KEYS): values under it cannot be read`);
    this.keyId = keyId;
  }
}

export function isValidKeyId(id: string): boolean {
  return keyIdPattern.test(id);
}

export function makeKeyring(keys: readonly FieldKey[]): FieldKeyring {
  const [current] = keys;
  if (!current) throw new FieldEncryptionError('A keyring needs at least one key');
  for (const key of keys) {
    if (!isValidKeyId(key.id))
      throw new FieldEncryptionError(`Key id "${key.id}" must be 1-32 letters, digits, - or _`);
    if (key.key.length !== 32) throw new FieldEncryptionError(`Key "${key.id}" must be 32 bytes (AES-256)`);
  }
  return Object.freeze({ mode: 'encrypt', current, keys: new Map(keys.map((key) => [key.id, key])) });
}

export const developmentKeyring = makeKeyring([{ id: developmentKeyId, key: developmentKey }]);

// One keyring a process, installed by each composition root (main.ts, cli/haven.ts, the bench)
// from its configuration before the database is opened; until then, the development key, which
// the start-up check refuses on a database whose values are under any other key.
let installed: FieldKeyring = developmentKeyring;

export function installFieldKeyring(keyring: FieldKeyring): void {
  installed = keyring;
}

export function fieldKeyring(): FieldKeyring {
  return installed;
}

const b64 = (bytes: Buffer) => bytes.toString('base64url');

// Each key as a KeyObject, made once: given raw bytes, Node makes one per cipher (about 15 µs),
// half the cost of sealing a value (a 100,000-row history import seals 200,000) and most of
// opening a person's chronology (a hundred or more values).
const keyObjects = new WeakMap<FieldKey, KeyObject>();

function keyObject(key: FieldKey): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = createSecretKey(key.key);
    keyObjects.set(key, object);
  }
  return object;
}

// IVs are drawn from the CSPRNG a few thousand at a time and each 12 bytes used once: one call
// to the generator per value cost as much again as the cipher.
const ivLength = 12;
const ivsPerDraw = 4_096;
let ivPool = Buffer.alloc(0);
let ivNext = 0;

function freshIv(): Buffer {
  if (ivNext + ivLength > ivPool.length) {
    ivPool = randomBytes(ivLength * ivsPerDraw);
    ivNext = 0;
  }
  const iv = ivPool.subarray(ivNext, ivNext + ivLength);
  ivNext += ivLength;
  return iv;
}

/** The envelope of a value under the current key; null stays null (an unanswered question). */
export function encryptField(value: string): string;
export function encryptField(value: string | null): string | null;
export function encryptField(value: string | null): string | null {
  return value === null ? null : sealValue(installed, value);
}

export function sealValue(keyring: FieldKeyring, value: string): string {
  if (keyring.mode === 'plaintext') return value;
  return sealWith(keyring.current, value);
}

function sealWith(key: FieldKey, value: string): string {
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', keyObject(key), iv);
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `${envelopeVersion}:${key.id}:${b64(iv)}:${b64(cipher.getAuthTag())}:${b64(ciphertext)}`;
}

/** The key id of an envelope, or null when the value is not one. */
export function envelopeKeyId(stored: string): string | null {
  const parts = stored.split(':');
  return parts.length === 5 && parts[0] === envelopeVersion && isValidKeyId(parts[1]!) ? parts[1]! : null;
}

/** The plaintext of an envelope. A value that is not one, or fails its tag, is an error. */
export function decryptField(stored: string): string;
export function decryptField(stored: string | null): string | null;
export function decryptField(stored: string | null): string | null {
  return stored === null ? null : openValue(installed, stored);
}

export function openValue(keyring: FieldKeyring, stored: string): string {
  if (keyring.mode === 'plaintext') return stored;
  const parts = stored.split(':');
  const keyId = envelopeKeyId(stored);
  if (keyId === null) throw new FieldEncryptionError('A stored value is not encrypted where ciphertext is expected');
  const key = keyring.keys.get(keyId);
  if (!key) throw new MissingFieldKey(keyId);
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyObject(key), Buffer.from(parts[2]!, 'base64url'));
    decipher.setAuthTag(Buffer.from(parts[3]!, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parts[4]!, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new FieldEncryptionError(`A value under key "${keyId}" does not decrypt: wrong key or changed ciphertext`);
  }
}

/** Whether a stored value is already under the current key (rotation skips it). */
export function isUnderCurrentKey(stored: string, keyring: FieldKeyring = installed): boolean {
  return keyring.mode === 'plaintext' || envelopeKeyId(stored) === keyring.current.id;
}

/** JSON kept encrypted (timeline details, drafts' answers): the envelope of its text. */
export function encryptJson(value: unknown): string {
  return encryptField(JSON.stringify(value));
}

export function decryptJson<T = unknown>(stored: string): T {
  return JSON.parse(decryptField(stored)) as T;
}

/**
 * The check value a database keeps per key id (field_encryption_keys): a known token sealed under
 * the key, so a start with a different key under the same id is caught before anything is read.
 */
const checkToken = 'haven-field-encryption-check';

export function keyCheckValue(key: FieldKey): string {
  return sealWith(key, checkToken);
}

export function keyChecks(key: FieldKey, checkValue: string): boolean {
  try {
    return openValue(makeKeyring([key]), checkValue) === checkToken;
  } catch {
    return false;
  }
}
