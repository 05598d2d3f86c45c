import type { MailContent } from './mailer.ts';

// Email is not a safe place for safeguarding details: it is forwarded, kept in inboxes and read
// on shared screens. So a message carries only the concern's reference, its triage deadline
// and a link; the details stay behind Haven's sign-in. The input type holds nothing else.

/** What a concern notification may say. Nothing here identifies a person. */
export type ConcernNotice = Readonly<{ concernId: string; reference: string; triageDeadline: Date }>;

export function concernLink(baseUrl: string, concernId: string): string {
  return `${baseUrl}/concerns/${encodeURIComponent(concernId)}`;
}

export function newConcernMessage(notice: ConcernNotice, baseUrl: string): MailContent {
  return withLink(
    `New safeguarding concern ${notice.reference} to triage by ${formatDeadline(notice.triageDeadline)}`,
    notice,
    baseUrl,
  );
}

export function triageWarningMessage(notice: ConcernNotice, baseUrl: string): MailContent {
  return withLink(
    `Safeguarding concern ${notice.reference} still needs triage by ${formatDeadline(notice.triageDeadline)}`,
    notice,
    baseUrl,
  );
}

export function triageBreachMessage(notice: ConcernNotice, baseUrl: string): MailContent {
  return withLink(
    `Safeguarding concern ${notice.reference} missed its triage deadline of ${formatDeadline(notice.triageDeadline)}`,
    notice,
    baseUrl,
  );
}

function withLink(subject: string, notice: ConcernNotice, baseUrl: string): MailContent {
  const text = [
    `${subject}.`,
    '',
    `Open it in Haven: ${concernLink(baseUrl, notice.concernId)}`,
    '',
    'This email has no details of the concern. Sign in to Haven to read them.',
  ].join('\n');
  return { subject, text };
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

/** UK time, as people say it: "5:00pm on Tuesday 24 November 2026". */
export function formatDeadline(at: Date): string {
  const parts = Object.fromEntries(londonParts.formatToParts(at).map((part) => [part.type, part.value]));
  const hour = parts.hour === '0' ? '12' : parts.hour;
  const period = String(parts.dayPeriod).toLowerCase();
  return `${hour}:${parts.minute}${period} on ${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

/** What an action notification may say: the concern's reference and the due date, never the action's words. */
export type ActionNotice = Readonly<{ concernId: string; reference: string; dueOn: string }>;

const actionSubjects = {
  directed: (n: ActionNotice) =>
    `An action on safeguarding concern ${n.reference} is for you, due ${formatDay(n.dueOn)}`,
  due: (n: ActionNotice) => `Reminder: your action on safeguarding concern ${n.reference} is due ${formatDay(n.dueOn)}`,
  overdue: (n: ActionNotice) =>
    `Overdue: your action on safeguarding concern ${n.reference} was due ${formatDay(n.dueOn)}`,
} as const;

export type ActionAlert = keyof typeof actionSubjects;

export function actionMessage(alert: ActionAlert, notice: ActionNotice, baseUrl: string): MailContent {
  return withLink(actionSubjects[alert](notice), { ...notice, triageDeadline: new Date() }, baseUrl);
}

function formatDay(date: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'UTC',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    })
      .formatToParts(new Date(`${date}T00:00:00Z`))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

/**
 * What the reporter's line manager is told (procedures 6.1–6.2): that their team member sent a
 * concern, and its reference. Not who sent it, who it is about or what happened. `concernId` is
 * set only when the manager's own roles let them open the concern; otherwise the link is to
 * "Who to talk to", not a page that would turn them away.
 */
export type LineManagerNoticeMessage = Readonly<{ reference: string; concernId: string | null }>;

export function lineManagerMessage(notice: LineManagerNoticeMessage, baseUrl: string): MailContent {
  const subject = `Your team member sent safeguarding concern ${notice.reference}`;
  const link = notice.concernId
    ? `Open it in Haven: ${concernLink(baseUrl, notice.concernId)}`
    : `Who to talk to about safeguarding: ${baseUrl}/who-to-talk-to`;
  const text = [
    `A member of your team sent safeguarding concern ${notice.reference} in Haven.`,
    '',
    'The council’s safeguarding procedures ask staff to tell their line manager about a concern. A Designated Safeguarding Officer will look at it within one working day. Your team member can talk it through with you at your next one-to-one.',
    '',
    link,
    '',
    'This email has no details of the concern.',
  ].join('\n');
  return { subject, text };
}
