import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

// Codes as authenticator apps make them by default (RFC 6238: SHA-1, 6 digits, 30 seconds).
const period = 30;
const issuer = 'Haven';

/** A new random secret (160 bits, as RFC 4226 recommends), in the base32 people type into apps. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label = 'Haven'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period, secret: Secret.fromBase32(secret) });
}

/**
 * The time-step of the code, if it is right now or one step either side (a clock a little
 * out); null otherwise. The caller refuses a step already used, so each code works once.
 */
export function matchingStep(secret: string, code: string, now: Date): number | null {
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return TOTP.counter({ period, timestamp: now.getTime() }) + delta;
}

/** The QR code an authenticator app scans, as an SVG drawn on the server (it needs no JavaScript). */
export async function enrolmentQrCode(secret: string, accountLabel: string): Promise<string> {
  const uri = totpFor(secret, accountLabel).toString();
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}
