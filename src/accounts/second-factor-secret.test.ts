import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decryptSecret, encryptSecret, secondFactorKey } from './second-factor-secret.ts';

describe('authenticator secrets at rest', () => {
  const key = secondFactorKey('a-key-of-at-least-thirty-two-characters');
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  it('decrypts what it encrypted, for the same account only', () => {
    const stored = encryptSecret(key, 'user-1', secret);
    assert.ok(!stored.includes(secret));
    assert.notEqual(encryptSecret(key, 'user-1', secret), stored, 'a fresh IV each time');
    assert.equal(decryptSecret(key, 'user-1', stored), secret);
    assert.equal(decryptSecret(key, 'user-2', stored), null, 'copied onto another account');
    assert.equal(decryptSecret(secondFactorKey('another-key-of-thirty-two-characters'), 'user-1', stored), null);
  });

  it('refuses a tampered, truncated or malformed value rather than throw', () => {
    const stored = encryptSecret(key, 'user-1', secret);
    const [version, iv, tag, ciphertext] = stored.split('.') as [string, string, string, string];
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    const cases = [
      [version, iv, tag, flipped.toString('base64url')].join('.'),
      [version, iv, Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url'), ciphertext].join('.'),
      ['v2', iv, tag, ciphertext].join('.'),
      `${stored}.extra`,
      '',
      'not-encrypted',
    ];
    for (const value of cases) assert.equal(decryptSecret(key, 'user-1', value), null, value);
  });
});
