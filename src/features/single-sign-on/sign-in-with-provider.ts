import type { SingleSignOnConfig } from '../../config.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { VerifiedIdentity } from './identity-provider.ts';
import {
  type LinkedAccount,
  findAccountByEmail,
  findAccountBySubject,
  findOrganisationId,
  insertProvisionedReporter,
  isEmailTaken,
  linkSubject,
  recordSingleSignOnEvent,
} from './single-sign-on.queries.ts';

export type AccountRefusal =
  | 'no-account'
  | 'deactivated'
  | 'email-unverified'
  | 'email-missing'
  | 'email-taken'
  | 'subject-changed'
  | 'organisation-missing';

export type ProviderSignIn = { outcome: 'signed-in'; userId: string } | { outcome: 'refused'; reason: AccountRefusal };

type Settings = Pick<SingleSignOnConfig, 'matchClaim' | 'provisionInto'>;

/**
 * Finds the Haven account for a person the provider has vouched for, by the configured claim,
 * or makes them a reporter when provisioning is on. Haven has the last word: a switched-off
 * account is refused whatever the provider says. The outcome is audited with the account.
 */
export async function signInWithProvider(
  db: HavenDb,
  settings: Settings,
  identity: VerifiedIdentity,
  requestId: string,
  now: Date,
): Promise<ProviderSignIn> {
  return db.transaction().execute(async (trx) => {
    const result = await decide(trx, settings, identity, now);
    const userId = 'userId' in result ? (result.userId ?? null) : null;
    const outcome = result.outcome === 'refused' ? result.reason : result.provisioned ? 'provisioned' : 'signed-in';
    await recordSingleSignOnEvent(trx, { outcome, userId, requestId }, now);
    return result.outcome === 'refused' ? result : { outcome: 'signed-in', userId: result.userId };
  });
}

type Decision =
  | { outcome: 'signed-in'; userId: string; provisioned: boolean }
  | { outcome: 'refused'; reason: AccountRefusal; userId?: string };

async function decide(db: HavenDb, settings: Settings, identity: VerifiedIdentity, now: Date): Promise<Decision> {
  const email = identity.email?.trim().toLowerCase() || null;
  // A provider that says the address is unconfirmed could be vouching for anyone's address.
  if (settings.matchClaim === 'email' && identity.emailVerified === false) {
    return { outcome: 'refused', reason: 'email-unverified' };
  }
  const account = await findAccount(db, settings, identity.subject, email);
  if (account) return admit(db, account, identity.subject);
  if (!settings.provisionInto) return { outcome: 'refused', reason: 'no-account' };
  if (!email) return { outcome: 'refused', reason: 'email-missing' };
  if (await isEmailTaken(db, email)) return { outcome: 'refused', reason: 'email-taken' };
  const organisationId = await findOrganisationId(db, settings.provisionInto);
  if (!organisationId) return { outcome: 'refused', reason: 'organisation-missing' };
  const person = { organisationId, email, displayName: identity.name?.trim() || email, subject: identity.subject };
  return { outcome: 'signed-in', userId: await insertProvisionedReporter(db, person, now), provisioned: true };
}

async function findAccount(db: HavenDb, settings: Settings, subject: string, email: string | null) {
  if (settings.matchClaim === 'sub') return findAccountBySubject(db, subject);
  return email ? findAccountByEmail(db, email) : undefined;
}

async function admit(db: HavenDb, account: LinkedAccount, subject: string): Promise<Decision> {
  if (account.deactivated) return { outcome: 'refused', reason: 'deactivated', userId: account.userId };
  // The address now belongs to someone else at the provider (a leaver's address reissued).
  if (account.ssoSubject !== null && account.ssoSubject !== subject) {
    return { outcome: 'refused', reason: 'subject-changed', userId: account.userId };
  }
  if (account.ssoSubject === null) {
    // The provider's id is already another account's: two Haven accounts for one person.
    if (await findAccountBySubject(db, subject))
      return { outcome: 'refused', reason: 'subject-changed', userId: account.userId };
    await linkSubject(db, account.userId, subject);
  }
  return { outcome: 'signed-in', userId: account.userId, provisioned: false };
}
