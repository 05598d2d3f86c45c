import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// TOTP secrets are encrypted at rest with AES-256-GCM: a copy of the database (a backup, a
// restored test copy) does not let anyone make codes. The key is derived with HKDF from
// TWO_FACTOR_KEY, or SESSION_SECRET when that is not set (config.ts); the user's id is the
// additional data, so a secret copied onto another account's row does not decrypt.
const algorithm = 'aes-256-gcm';
const scheme = 'v1';

export type SecretKey = Readonly<{ key: Buffer }>;

export function secondFactorKey(keyMaterial: string): SecretKey {
  const key = Buffer.from(hkdfSync('sha256', keyMaterial, 'haven', 'haven totp secret v1', 32));
  return Object.freeze({ key });
}

/** v1.iv.tag.ciphertext, each base64url. */
export function encryptSecret(secretKey: SecretKey, userId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(algorithm, secretKey.key, iv).setAAD(Buffer.from(userId));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [scheme, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
}

/** The secret, or null when the stored value is malformed, tampered with or for another account. */
export function decryptSecret(secretKey: SecretKey, userId: string, stored: string): string | null {
  const [version, iv, tag, ciphertext, ...rest] = stored.split('.');
  if (version !== scheme || !iv || !tag || !ciphertext || rest.length) return null;
  try {
    const decipher = createDecipheriv(algorithm, secretKey.key, Buffer.from(iv, 'base64url'), { authTagLength: 16 })
      .setAAD(Buffer.from(userId))
      .setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
