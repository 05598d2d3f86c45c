import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { type AuditAction, recordAuditEvents } from '../../concerns/audit.queries.ts';
import type { WebAuthnConfig } from '../../config.ts';
import type { HavenDb } from '../../db/connect.ts';
import {
  type PasskeyAccount,
  type StoredPasskey,
  claimPasskeyUse,
  passkeyDescriptors,
  readPasskey,
  readPasskeyAccount,
  savePasskey,
} from './passkeys.queries.ts';

// Passkeys (WebAuthn, @simplewebauthn/server). Every ceremony asks for user verification (the
// device's PIN or biometric): a passkey is then something the person has and something they
// are or know, so it stands for the password and the second factor together.

type Context = Readonly<{ db: HavenDb; webAuthn: WebAuthnConfig; now: Date; requestId: string }>;

/** How long a challenge may be answered: the browser's own prompt gives up at the same time. */
export const challengeMinutes = 5;
// EdDSA, ES256, RS256: what platform authenticators and security keys make.
const supportedAlgorithmIDs = [-8, -7, -257];

/** The opaque handle a device keeps with a discoverable passkey: the account's id, never its email. */
export const userHandleOf = (userId: string) => Buffer.from(userId, 'utf8').toString('base64url');

export async function registrationOptions(
  context: Context,
  account: PasskeyAccount,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await passkeyDescriptors(context.db, account.actor.userId);
  return generateRegistrationOptions({
    rpName: context.webAuthn.rpName,
    rpID: context.webAuthn.rpId,
    userName: account.email,
    userDisplayName: account.displayName,
    userID: Buffer.from(account.actor.userId, 'utf8'),
    attestationType: 'none',
    // The same device twice would be one factor counted twice.
    excludeCredentials: existing.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as AuthenticatorTransport[],
    })),
    // Discoverable, so "Sign in with a passkey" needs no email address first.
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs,
    timeout: challengeMinutes * 60_000,
  });
}

/** For one person's passkeys (second factor, re-authentication), or any of Haven's (userId null). */
export async function authenticationOptions(
  context: Context,
  userId: string | null,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowed = userId ? await passkeyDescriptors(context.db, userId) : [];
  return generateAuthenticationOptions({
    rpID: context.webAuthn.rpId,
    allowCredentials: allowed.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as AuthenticatorTransport[],
    })),
    userVerification: 'required',
    timeout: challengeMinutes * 60_000,
  });
}

export type PasskeyRefusal = 'unknown-passkey' | 'not-theirs' | 'deactivated' | 'not-verified' | 'replayed';
export type PasskeyProof = { outcome: 'proved'; userId: string } | { outcome: 'refused'; reason: PasskeyRefusal };

/**
 * Checks a device's answer (an assertion) to the session's challenge: signed by a passkey
 * Haven holds, for this site, with user verification, by the expected person if there is one,
 * whose account is not switched off, with a signature counter that has moved on. Each outcome
 * is audited against the account concerned; an unknown passkey names no account, so only the
 * log records it.
 */
export async function provePasskey(
  context: Context,
  expected: { challenge: string | null; userId: string | null },
  response: AuthenticationResponseJSON,
): Promise<PasskeyProof> {
  const passkey = await readPasskey(context.db, response.id);
  const refuse = async (reason: PasskeyRefusal, auditedUserId: string | null): Promise<PasskeyProof> => {
    const action: AuditAction =
      reason === 'deactivated' ? 'account.passkey-refused-deactivated' : 'account.passkey-failed';
    if (auditedUserId) await audit(context, auditedUserId, action);
    return { outcome: 'refused', reason };
  };
  if (!passkey) return refuse('unknown-passkey', expected.userId);
  if (expected.userId && passkey.userId !== expected.userId) return refuse('not-theirs', expected.userId);
  const owner = await readPasskeyAccount(context.db, passkey.userId);
  if (!owner) return refuse('unknown-passkey', null);
  if (owner.deactivated) return refuse('deactivated', passkey.userId);
  const userHandle = response.response.userHandle;
  if (userHandle !== undefined && userHandle !== userHandleOf(passkey.userId))
    return refuse('not-theirs', passkey.userId);

  const newCounter = await verifiedCounter(context, expected.challenge, response, passkey);
  if (newCounter === null) return refuse('not-verified', passkey.userId);
  if (!(await claimPasskeyUse(context.db, passkey, newCounter, context.now.toISOString())))
    return refuse('replayed', passkey.userId);
  await audit(context, passkey.userId, 'account.passkey-used');
  return { outcome: 'proved', userId: passkey.userId };
}

/** The device's new signature counter if its answer checks out; null for anything else. */
async function verifiedCounter(
  context: Context,
  challenge: string | null,
  response: AuthenticationResponseJSON,
  passkey: StoredPasskey,
): Promise<number | null> {
  // No challenge in the session (expired, used, never asked): nothing can match it.
  if (!challenge) return null;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: context.webAuthn.origin,
      expectedRPID: context.webAuthn.rpId,
      credential: {
        id: passkey.credentialId,
        publicKey: Buffer.from(passkey.publicKey, 'base64url'),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransport[],
      },
      requireUserVerification: true,
    });
    // The library refuses a counter that did not grow (a cloned or replayed authenticator),
    // except when the device keeps none (always 0), as synced passkeys do.
    return result.verified ? result.authenticationInfo.newCounter : null;
  } catch {
    return null;
  }
}

export type PasskeyRegistration =
  { outcome: 'registered' } | { outcome: 'refused'; reason: 'not-verified' | 'already-registered' | 'deactivated' };

/** Keeps a new passkey for the person once the device's answer (an attestation) checks out. */
export async function registerPasskey(
  context: Context,
  expected: { challenge: string | null; userId: string },
  response: RegistrationResponseJSON,
  name: string,
): Promise<PasskeyRegistration> {
  // Switched off between the password and this step: nothing is kept.
  if ((await readPasskeyAccount(context.db, expected.userId))?.deactivated !== false) {
    await audit(context, expected.userId, 'account.passkey-refused-deactivated');
    return { outcome: 'refused', reason: 'deactivated' };
  }
  const credential = await verifiedCredential(context, expected.challenge, response);
  if (!credential) {
    await audit(context, expected.userId, 'account.passkey-registration-failed');
    return { outcome: 'refused', reason: 'not-verified' };
  }
  if (await readPasskey(context.db, credential.id)) {
    await audit(context, expected.userId, 'account.passkey-registration-failed');
    return { outcome: 'refused', reason: 'already-registered' };
  }
  await savePasskey(context.db, {
    credentialId: credential.id,
    userId: expected.userId,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: credential.transports ?? [],
    name,
    at: context.now.toISOString(),
  });
  await audit(context, expected.userId, 'account.passkey-registered');
  return { outcome: 'registered' };
}

async function verifiedCredential(context: Context, challenge: string | null, response: RegistrationResponseJSON) {
  if (!challenge) return null;
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: context.webAuthn.origin,
      expectedRPID: context.webAuthn.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs,
    });
    return result.verified ? result.registrationInfo.credential : null;
  } catch {
    return null;
  }
}

export async function audit(context: Pick<Context, 'db' | 'requestId'>, userId: string, action: AuditAction) {
  const account = await readPasskeyAccount(context.db, userId);
  if (account) await recordAuditEvents(context.db, account.actor, action, [userId], context.requestId);
}
