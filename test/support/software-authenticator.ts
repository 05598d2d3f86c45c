import { type KeyObject, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

// A passkey authenticator in software, as WebAuthn level 2 describes one: an ES256 key pair per
// passkey, "none" attestation, user presence and verification flags, a signature counter. Tests
// make real registration and sign-in answers with it, and wrong ones on purpose, so Haven's
// checks run against the bytes a device would send (no mock of the library or of Haven).

type Passkey = { privateKey: KeyObject; userHandle: string; counter: number };
type CreationOptions = { challenge: string; rp: { id?: string }; user: { id: string } };
type RequestOptions = { challenge: string; allowCredentials?: Array<{ id: string }> };
/** What a test may change to forge an answer: another origin, challenge, counter or user handle. */
type Tamper = { origin?: string; challenge?: string; counter?: number; userHandle?: string; userVerified?: boolean };

export type AttestationJson = {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
  clientExtensionResults: Record<string, never>;
  authenticatorAttachment: 'platform';
};

export type AssertionJson = {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string };
  clientExtensionResults: Record<string, never>;
  authenticatorAttachment: 'platform';
};

export class SoftwareAuthenticator {
  readonly passkeys = new Map<string, Passkey>();
  private readonly origin: string;
  private readonly rpId: string;

  constructor(origin = 'http://localhost:3000', rpId = new URL(origin).hostname) {
    this.origin = origin;
    this.rpId = rpId;
  }

  /** navigator.credentials.create(): a new passkey for the options' user, and its attestation. */
  create(options: CreationOptions, tamper: Tamper = {}): AttestationJson {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const coseKey = cbor(
      new Map<number, unknown>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const credentialId = randomBytes(16);
    const id = credentialId.toString('base64url');
    const attested = Buffer.concat([Buffer.alloc(16), uint16(credentialId.length), credentialId, coseKey]);
    const authData = this.authenticatorData(0x40, 0, tamper, attested);
    const attestationObject = cbor(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    this.passkeys.set(id, { privateKey, userHandle: options.user.id, counter: 0 });
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: this.clientData('webauthn.create', options.challenge, tamper),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get(): an assertion from the allowed (or given) passkey, counter moved on. */
  get(options: RequestOptions, credentialId?: string, tamper: Tamper = {}): AssertionJson {
    const id =
      credentialId ??
      options.allowCredentials?.find((allowed) => this.passkeys.has(allowed.id))?.id ??
      [...this.passkeys.keys()][0];
    const passkey = id ? this.passkeys.get(id) : undefined;
    if (!id || !passkey) throw new Error('this authenticator holds no such passkey');
    passkey.counter = tamper.counter ?? passkey.counter + 1;
    const authData = this.authenticatorData(0, passkey.counter, tamper);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, tamper);
    const clientDataHash = createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest();
    // ES256 signatures in WebAuthn are DER-encoded, node:crypto's default for EC keys.
    const signature = sign('sha256', Buffer.concat([authData, clientDataHash]), passkey.privateKey);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON,
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: tamper.userHandle ?? passkey.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  private clientData(type: string, challenge: string, tamper: Tamper): string {
    const data = {
      type,
      challenge: tamper.challenge ?? challenge,
      origin: tamper.origin ?? this.origin,
      crossOrigin: false,
    };
    return Buffer.from(JSON.stringify(data)).toString('base64url');
  }

  /** rpIdHash, flags (user present, user verified unless told otherwise, plus `extraFlags`), counter. */
  private authenticatorData(extraFlags: number, counter: number, tamper: Tamper, attested = Buffer.alloc(0)): Buffer {
    const rpIdHash = createHash('sha256').update(this.rpId).digest();
    const flags = 0x01 | (tamper.userVerified === false ? 0 : 0x04) | extraFlags;
    const signCount = Buffer.alloc(4);
    signCount.writeUInt32BE(counter);
    return Buffer.concat([rpIdHash, Buffer.from([flags]), signCount, attested]);
  }
}

function uint16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

/** The few CBOR types (RFC 8949) an attestation needs: integers, byte and text strings, maps. */
export function cbor(value: unknown): Buffer {
  if (typeof value === 'number') {
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, text.length), text]);
  }
  if (value instanceof Map) {
    const entries = [...value].flatMap(([key, item]) => [cbor(key), cbor(item)]);
    return Buffer.concat([head(5, value.size), ...entries]);
  }
  throw new Error(`cbor: cannot encode ${typeof value}`);
}

function head(major: number, length: number): Buffer {
  const type = major << 5;
  if (length < 24) return Buffer.from([type | length]);
  if (length < 0x100) return Buffer.from([type | 24, length]);
  if (length < 0x10000) return Buffer.from([type | 25, length >> 8, length & 0xff]);
  const bytes = Buffer.alloc(5);
  bytes[0] = type | 26;
  bytes.writeUInt32BE(length, 1);
  return bytes;
}
