/** Procedures 7.11, 9.18: sharing without consent needs a written reason, whatever else is wrong. */
export function missingConsentReason(body: Record<string, unknown>, message: string): Array<[string, string]> {
  const withoutConsent = body.consent === 'no' || body.consent === 'not-asked';
  const reason = typeof body.noConsentReason === 'string' ? body.noConsentReason.trim() : '';
  return withoutConsent && reason === '' ? [['noConsentReason', message]] : [];
}
