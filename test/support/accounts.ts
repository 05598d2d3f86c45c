import { deactivateAccount } from '../../src/accounts/account-administration.ts';
import { inviteAccount, issueInvitationToken } from '../../src/accounts/invitations.ts';
import type { TestApp } from './app.ts';
import { actorFor, buildUser } from './builders.ts';
import type { WebClient } from './web-client.ts';

/**
 * Accounts for the administrator's pages: an active one, a deactivated one, and an invited one
 * with the token its email would carry.
 */
export async function buildAccountsToAdminister(t: TestApp) {
  const admin = await actorFor(t.db, 'admin@city.example');
  const active = await actorFor(t.db, await buildUser(t.db, 'admin@city.example', ['reporter']));
  const deactivated = await actorFor(t.db, await buildUser(t.db, 'admin@city.example', ['reporter']));
  const invited = await actorFor(t.db, await buildUser(t.db, 'admin@city.example', ['reporter']));
  const now = new Date();
  await t.db.transaction().execute(async (trx) => {
    await deactivateAccount(trx, admin, deactivated.userId, now);
    await inviteAccount(trx, admin, invited.userId, now);
  });
  const invitation = await t.db
    .selectFrom('account_invitations')
    .select('id')
    .where('user_id', '=', invited.userId)
    .executeTakeFirstOrThrow();
  const issued = await issueInvitationToken(t.db, admin.organisationId, invitation.id, now);
  return { activeId: active.userId, deactivatedId: deactivated.userId, invitationToken: issued!.token };
}

/** Uploads a small HR export and chooses its columns, so the preview and its confirmation can be reached. */
export async function startAccountImport(admin: WebClient): Promise<void> {
  await admin.get('/accounts/import');
  const file = Buffer.from('Employee number,Name,Email\nE900,Lou Import,lou.import@city.example\n');
  await admin.postFile('/accounts/import', {}, { name: 'hr.csv', type: 'text/csv', bytes: file });
  await admin.get('/accounts/import/columns');
  await admin.post('/accounts/import/columns', { employeeNumber: '0', name: '1', email: '2' });
}
