import type { MailContent } from './mailer.ts';

/** Where an invitation's link leads: the token is the only thing in it. */
export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl}/invitations/${encodeURIComponent(token)}`;
}

/** An invitation carries its link and when it stops working: no name, role or organisation detail. */
export function invitationMessage(link: string, expiresAt: Date): MailContent {
  const until = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(expiresAt);
  const subject = 'Set your password for Haven';
  const text = [
    'You have been given an account on Haven, the council’s safeguarding system.',
    '',
    `Set your password: ${link}`,
    '',
    `The link works once, until ${until}. If you did not expect this email, you can ignore it.`,
  ].join('\n');
  return { subject, text };
}
