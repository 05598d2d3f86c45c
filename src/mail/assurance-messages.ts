import type { MailContent } from './mailer.ts';

// Assurance reminders carry a due date and a link only: never the action's words, its lead's
// name or anything else from the plan, which stays behind Haven's sign-in.

const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const formatIsoDay = (date: string) => day.format(new Date(`${date}T00:00:00Z`));

function withLink(subject: string, link: string): MailContent {
  return {
    subject,
    text: [`${subject}.`, '', `Open it in Haven: ${link}`, '', 'Sign in to Haven to read the details.'].join('\n'),
  };
}

/** To an action's lead: an action they lead in the safeguarding action plan is overdue. */
export function overduePlanActionMessage(notice: { actionId: string; dueOn: string }, baseUrl: string): MailContent {
  return withLink(
    `Overdue: an action you lead in the safeguarding action plan was due ${formatIsoDay(notice.dueOn)}`,
    `${baseUrl}/action-plan/actions/${encodeURIComponent(notice.actionId)}`,
  );
}

/** To the coordinator: the safeguarding policy's annual review or Cabinet approval has fallen due. */
export function policyReviewMessage(
  notice: { kind: 'annual' | 'cabinet'; dueOn: string },
  baseUrl: string,
): MailContent {
  const what =
    notice.kind === 'annual'
      ? 'The safeguarding policy’s annual review'
      : 'Cabinet approval of the safeguarding policy';
  return withLink(`${what} was due ${formatIsoDay(notice.dueOn)}`, `${baseUrl}/safeguarding-policy`);
}
