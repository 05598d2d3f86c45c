import { z } from 'zod';
import { triageBreachMessage, triageWarningMessage } from '../mail/concern-messages.ts';
import { triageRecipients } from '../domain/access-policy.ts';
import { concernNotice } from './concern-notice.ts';
import { findConcernDeadlineFacts, listStaffEmails } from './concern-notice.queries.ts';
import type { JobKind } from './job-types.ts';
import { scheduleTriageBreachWarnings } from './schedule-triage-breach-warnings.ts';

// Policy 10.4: tell the organisation's DSOs when a concern nears, or misses, its triage deadline.

const payload = z.object({
  organisationId: z.string().min(1),
  concernId: z.string().min(1),
  alert: z.enum(['warning', 'breach']),
});

export const warnTriageBreach: JobKind = {
  kind: 'warn-triage-breach',
  schedule: scheduleTriageBreachWarnings,
  async run(stored, { db, mailer, baseUrl }) {
    const { organisationId, concernId, alert } = payload.parse(stored);
    const concern = await findConcernDeadlineFacts(db, organisationId, concernId);
    if (!concern) return 'concern-not-found';
    if (concern.status !== 'awaiting_triage') return 'already-triaged';
    const to = await listStaffEmails(db, organisationId, triageRecipients(concern.restricted === 1, 'deadline'));
    if (to.length === 0) return 'no-recipients';
    const message = alert === 'breach' ? triageBreachMessage : triageWarningMessage;
    await mailer.send({ to, ...message(concernNotice(concern), baseUrl) });
    return 'sent';
  },
};
