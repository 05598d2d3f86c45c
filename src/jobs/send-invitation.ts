import { z } from 'zod';
import { issueInvitationToken, sendInvitationJob } from '../accounts/invitations.ts';
import { invitationLink, invitationMessage } from '../mail/account-messages.ts';
import type { JobKind } from './job-types.ts';

const payload = z.object({ organisationId: z.string().min(1), invitationId: z.string().min(1) });

/**
 * Emails an invitation's one-time link. The token is made here, at sending, and only its hash
 * is stored (accounts/invitations.ts); a retry after a failed send makes a new one.
 */
export const sendInvitation: JobKind = {
  kind: sendInvitationJob,
  async run(stored, { db, mailer, baseUrl, now }) {
    const { organisationId, invitationId } = payload.parse(stored);
    const issued = await issueInvitationToken(db, organisationId, invitationId, now);
    if (!issued) return 'no-longer-usable';
    const link = invitationLink(baseUrl, issued.token);
    await mailer.send({ to: [issued.email], ...invitationMessage(link, new Date(issued.expiresAt)) });
    return 'sent';
  },
};
