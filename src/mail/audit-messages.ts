import type { MailContent } from './mailer.ts';

// An alert that the audit chain is broken goes to the organisation's DSLs. Like every Haven
// email it carries no personal data: a count, a sequence number and an event id, which mean
// nothing outside Haven, and what to do next.

/** What an audit chain alert may say. */
export type AuditChainNotice = Readonly<{
  breakCount: number;
  firstSeq: string;
  firstEventId: string;
  firstKind: string;
}>;

export function auditChainBrokenMessage(notice: AuditChainNotice, baseUrl: string): MailContent {
  const subject = 'Haven’s audit trail failed its integrity check';
  const event = notice.firstEventId ? `, event ${notice.firstEventId}` : '';
  const text = [
    `${subject}.`,
    '',
    `The scheduled check of your organisation's audit chain found ${notice.breakCount} ${notice.breakCount === 1 ? 'break' : 'breaks'}.`,
    `The first is at sequence ${notice.firstSeq}${event} (${notice.firstKind}).`,
    '',
    'An audit event was changed, removed, inserted or moved outside Haven. Ask whoever runs Haven',
    'for your organisation to run "haven audit verify", keep the database as it is, and compare',
    'it with your backups. You will not be sent this alert again for the same breaks.',
    '',
    `Haven: ${baseUrl}`,
  ].join('\n');
  return { subject, text };
}
