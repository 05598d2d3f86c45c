import { z } from 'zod';
import { auditChainBrokenMessage } from '../mail/audit-messages.ts';
import { listStaffEmails } from './concern-notice.queries.ts';
import type { JobKind } from './job-types.ts';
import { alertAuditChainBreakJob } from './verify-audit-chain.ts';

const payload = z.object({
  organisationId: z.string().min(1),
  breakCount: z.coerce.number().int().positive(),
  firstSeq: z.string().min(1),
  firstEventId: z.string(),
  firstKind: z.string().min(1),
});

/** Tells the organisation's DSLs their audit chain is broken: where, never what it was about. */
export const alertAuditChainBreak: JobKind = {
  kind: alertAuditChainBreakJob,
  async run(stored, { db, mailer, baseUrl }) {
    const { organisationId, ...notice } = payload.parse(stored);
    const to = await listStaffEmails(db, organisationId, ['dsl']);
    if (to.length === 0) return 'no-recipients';
    await mailer.send({ to, ...auditChainBrokenMessage(notice, baseUrl) });
    return 'sent';
  },
};
