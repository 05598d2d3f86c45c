import { Secret, TOTP } from 'otpauth';
import { secondFactorKey, encryptSecret } from '../../src/accounts/second-factor-secret.ts';
import { saveEnrolment } from '../../src/features/two-factor/two-factor.queries.ts';
import { newTotpSecret } from '../../src/features/two-factor/totp.ts';
import type { TestApp } from './app.ts';

/**
 * Gives a demo account an authenticator app, as finishing the set-up page would (without
 * recovery codes), and returns its secret so a test can make the codes the app would show.
 */
export async function enrolAuthenticator(t: TestApp, email: string): Promise<string> {
  const user = await t.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const secret = newTotpSecret();
  const encryptedSecret = encryptSecret(secondFactorKey(t.config.twoFactor.keyMaterial), user.id, secret);
  await saveEnrolment(t.db, {
    userId: user.id,
    encryptedSecret,
    usedStep: 0,
    codeHashes: [],
    at: new Date().toISOString(),
  });
  return secret;
}

/** The code an authenticator app shows for this secret at this time. */
export function authenticatorCode(secret: string, at: Date = new Date()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });
}
