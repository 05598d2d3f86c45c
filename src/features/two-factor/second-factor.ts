import { hashPassword, verifyPassword } from '../../accounts/password.ts';
import { type ThrottledProof, throttledProof } from '../../accounts/proof-throttle.ts';
import { type SecretKey, decryptSecret, encryptSecret } from '../../accounts/second-factor-secret.ts';
import { throttleKey } from '../../accounts/throttle-key.ts';
import { type AuditAction, recordAuditEvents } from '../../concerns/audit.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import { looksLikeRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.ts';
import { matchingStep, newTotpSecret } from './totp.ts';
import {
  claimTotpStep,
  readAccount,
  readPasswordHash,
  readTotpCredential,
  saveEnrolment,
  unusedRecoveryCodes,
  useRecoveryCode,
} from './two-factor.queries.ts';

export type TwoFactorSettings = Readonly<{ secretKey: SecretKey; throttleSecret: string }>;
type Context = Readonly<{ db: HavenDb; settings: TwoFactorSettings; userId: string; now: Date; requestId: string }>;

/** A secret for someone to put in their app, encrypted: it is held in the session until confirmed. */
export function beginEnrolment(settings: TwoFactorSettings, userId: string): string {
  return encryptSecret(settings.secretKey, userId, newTotpSecret());
}

export function pendingSecret(settings: TwoFactorSettings, userId: string, encrypted: string): string | null {
  return decryptSecret(settings.secretKey, userId, encrypted);
}

/**
 * Enrols the secret once the app shows it works (one right code), replacing any earlier one,
 * and returns ten new recovery codes: the only time they exist outside their hashes.
 */
export async function confirmEnrolment(
  context: Context,
  encryptedSecret: string,
  code: string,
): Promise<{ outcome: 'enrolled'; recoveryCodes: string[] } | { outcome: 'wrong' }> {
  const { db, settings, userId, now } = context;
  const secret = decryptSecret(settings.secretKey, userId, encryptedSecret);
  const step = secret ? matchingStep(secret, compact(code), now) : null;
  if (step === null) return { outcome: 'wrong' };
  const recoveryCodes = newRecoveryCodes();
  const codeHashes = await Promise.all(recoveryCodes.map((typed) => hashPassword(normaliseRecoveryCode(typed))));
  await saveEnrolment(db, { userId, encryptedSecret, usedStep: step, codeHashes, at: now.toISOString() });
  await audit(context, 'account.second-factor-enrolled');
  return { outcome: 'enrolled', recoveryCodes };
}

/** A code from the app, or an unused recovery code; throttled per account, each code good once. */
export async function proveSecondFactor(context: Context, typed: string): Promise<ThrottledProof> {
  let usedRecoveryCode = false;
  const result = await throttledProof(context.db, proofKey(context), context.now, async () => {
    if (/^\d{6}$/.test(compact(typed))) return acceptTotp(context, compact(typed));
    usedRecoveryCode = looksLikeRecoveryCode(typed) && (await acceptRecoveryCode(context, typed));
    return usedRecoveryCode;
  });
  await auditProof(context, result, usedRecoveryCode ? 'account.recovery-code-used' : null);
  return result;
}

/** The password again, for someone with no second factor, under the same per-account throttle. */
export async function provePassword(context: Context, password: string): Promise<ThrottledProof> {
  const result = await throttledProof(context.db, proofKey(context), context.now, async () => {
    const hash = await readPasswordHash(context.db, context.userId);
    return hash !== null && (await verifyPassword(password, hash));
  });
  await auditProof(context, result, null);
  return result;
}

async function acceptTotp(context: Context, code: string): Promise<boolean> {
  const credential = await readTotpCredential(context.db, context.userId);
  if (!credential) return false;
  const secret = decryptSecret(context.settings.secretKey, context.userId, credential.encryptedSecret);
  const step = secret ? matchingStep(secret, code, context.now) : null;
  return step !== null && (await claimTotpStep(context.db, context.userId, step));
}

async function acceptRecoveryCode(context: Context, typed: string): Promise<boolean> {
  const normalised = normaliseRecoveryCode(typed);
  for (const code of await unusedRecoveryCodes(context.db, context.userId)) {
    if (await verifyPassword(normalised, code.hash)) {
      return useRecoveryCode(context.db, code.id, context.now.toISOString());
    }
  }
  return false;
}

async function auditProof(context: Context, result: ThrottledProof, success: AuditAction | null) {
  const action: AuditAction | null =
    result.outcome === 'throttled'
      ? 'account.second-factor-throttled'
      : result.outcome === 'wrong'
        ? 'account.second-factor-failed'
        : success;
  if (action) await audit(context, action);
}

async function audit(context: Context, action: AuditAction) {
  const account = await readAccount(context.db, context.userId);
  if (account) await recordAuditEvents(context.db, account.actor, action, [context.userId], context.requestId);
}

/** One throttle for every proof an account gives after its password, keyed without its id in clear. */
function proofKey(context: Context): string {
  return throttleKey(context.settings.throttleSecret, 'second-factor', context.userId);
}

const compact = (typed: string) => typed.replace(/[\s-]/g, '');
