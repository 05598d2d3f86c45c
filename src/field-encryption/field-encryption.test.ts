import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { loadConfig } from '../config.ts';
import { decryptAttachment, encryptAttachment } from './attachment-encryption.ts';
import {
  FieldEncryptionError,
  MissingFieldKey,
  developmentKeyId,
  envelopeKeyId,
  keyCheckValue,
  keyChecks,
  makeKeyring,
  openValue,
  sealValue,
} from './field-encryption.ts';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

async function collect(pieces: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const piece of pieces) out.push(piece);
  return Buffer.concat(out);
}

describe('field encryption (AES-256-GCM envelopes)', () => {
  it('round-trips text, with a fresh IV each time and the key id beside the value', () => {
    const keyring = makeKeyring([k1]);
    const stored = sealValue(keyring, 'She was left alone — Zoë, 7');
    assert.match(stored, /^v1:k1:[\w-]+:[\w-]+:[\w-]+$/);
    assert.ok(!stored.includes('alone'));
    assert.notEqual(sealValue(keyring, 'She was left alone — Zoë, 7'), stored);
    assert.equal(openValue(keyring, stored), 'She was left alone — Zoë, 7');
    assert.equal(openValue(keyring, sealValue(keyring, '')), '');
    assert.equal(envelopeKeyId(stored), 'k1');
  });

  it('refuses plaintext where ciphertext is expected, a changed value, and a missing key', () => {
    const keyring = makeKeyring([k1]);
    assert.throws(() => openValue(keyring, 'plain words'), FieldEncryptionError);
    const stored = sealValue(keyring, 'secret');
    const parts = stored.split(':');
    parts[4] = Buffer.from('xxxxxx').toString('base64url');
    assert.throws(() => openValue(keyring, parts.join(':')), FieldEncryptionError);
    assert.throws(() => openValue(makeKeyring([k2]), stored), MissingFieldKey);
    assert.equal(openValue(makeKeyring([k2, k1]), stored), 'secret', 'an older key still reads');
  });

  it('a check value tells the right key from a wrong one under the same id', () => {
    const check = keyCheckValue(k1);
    assert.ok(keyChecks(k1, check));
    assert.ok(!keyChecks({ id: 'k1', key: randomBytes(32) }, check));
  });

  it('streams attachments in frames: round trip, no plaintext, truncation and reordering refused', async () => {
    const keyring = makeKeyring([k1]);
    const plain = randomBytes(200_000);
    plain.write('MARKER-PLAINTEXT', 1000);
    const pieces = [plain.subarray(0, 7), plain.subarray(7, 150_001), plain.subarray(150_001)];
    const sealed = await collect(encryptAttachment(pieces, keyring));
    assert.equal(sealed.indexOf('MARKER-PLAINTEXT'), -1);
    const source = async function* (bytes: Buffer) {
      for (let at = 0; at < bytes.length; at += 1000) yield bytes.subarray(at, at + 1000);
    };
    assert.deepEqual(await collect(decryptAttachment(source(sealed), keyring)), plain, 'read in small pieces');
    await assert.rejects(collect(decryptAttachment(source(sealed.subarray(0, sealed.length - 70_000)), keyring)));
    await assert.rejects(collect(decryptAttachment(source(plain), keyring)), FieldEncryptionError);
    const [head, frame] = [7, 65_536 + 33];
    const swapped = Buffer.concat([
      sealed.subarray(0, head),
      sealed.subarray(head + frame, head + 2 * frame),
      sealed.subarray(head, head + frame),
      sealed.subarray(head + 2 * frame),
    ]);
    await assert.rejects(
      collect(decryptAttachment(source(swapped), keyring)),
      FieldEncryptionError,
      'frames reordered',
    );
    await assert.rejects(collect(decryptAttachment(source(sealed), makeKeyring([k2]))), MissingFieldKey);
    const empty = await collect(encryptAttachment([], keyring));
    assert.equal((await collect(decryptAttachment(source(empty), keyring))).length, 0);
  });
});

describe('encryption keys in configuration', () => {
  const key = (bytes = 32) => randomBytes(bytes).toString('base64');

  it('reads keys, the first current, and uses the development key outside production when none is given', () => {
    const config = loadConfig({ HAVEN_ENCRYPTION_KEYS: `k2:${key()}, k1:${key()}` });
    assert.equal(config.encryption.mode, 'encrypt');
    if (config.encryption.mode === 'encrypt') {
      assert.equal(config.encryption.current.id, 'k2');
      assert.deepEqual([...config.encryption.keys.keys()], ['k2', 'k1']);
    }
    const dev = loadConfig({});
    assert.ok(dev.encryption.mode === 'encrypt' && dev.encryption.current.id === developmentKeyId);
  });

  const production = {
    HAVEN_ENV: 'production',
    SESSION_SECRET: 'x'.repeat(32),
    SMTP_URL: 'smtp://mail.example',
    MAIL_FROM: 'haven@example.gov.uk',
    HAVEN_BASE_URL: 'https://haven.example.gov.uk',
  };

  it('requires a key in production, and refuses the bench switch there', () => {
    assert.throws(() => loadConfig(production), /HAVEN_ENCRYPTION_KEYS is required in production/);
    assert.throws(
      () => loadConfig({ ...production, HAVEN_ENCRYPTION_KEYS: `k1:${key()}`, HAVEN_BENCH_WITHOUT_ENCRYPTION: 'true' }),
      /HAVEN_BENCH_WITHOUT_ENCRYPTION must not be true in production/,
    );
    assert.equal(loadConfig({ ...production, HAVEN_ENCRYPTION_KEYS: `k1:${key()}` }).encryption.mode, 'encrypt');
  });

  it('names a bad key by its id and never prints the key', () => {
    const short = key(16);
    const error = (() => {
      try {
        loadConfig({ HAVEN_ENCRYPTION_KEYS: `k1:${short}` });
      } catch (caught) {
        return caught as Error;
      }
      return null;
    })();
    assert.match(error?.message ?? '', /key "k1" must be 32 bytes/);
    assert.ok(!error?.message.includes(short));
    assert.throws(() => loadConfig({ HAVEN_ENCRYPTION_KEYS: 'no-colon' }), /keyId:base64key/);
    assert.throws(() => loadConfig({ HAVEN_ENCRYPTION_KEYS: `k1:${key()},k1:${key()}` }), /named twice/);
  });
});
