// The life of a concern (policy 10.4, procedures 14.2–14.11): it arrives awaiting triage, is
// triaged (open), and closes once nothing is left to do; a closed concern can be reopened.
// Restriction (policy 14.4) is not a status: a DSL may restrict or lift at any point.

export const concernStatuses = ['awaiting_triage', 'open', 'closed'] as const;
export type ConcernStatus = (typeof concernStatuses)[number];

/** Every step of case work that changes a concern. */
export type CaseStep =
  | 'triage'
  | 'direct-action'
  | 'refer'
  | 'record-referral-outcome'
  | 'record-no-referral'
  | 'escalate'
  | 'resolve-escalation'
  | 'share-information'
  | 'restrict'
  | 'lift-restriction'
  | 'close'
  | 'reopen';

export type ConcernState = Readonly<{ status: ConcernStatus; restricted: boolean }>;

/** A step allowed leaves the concern in `status`; a step refused says why, in Haven's words. */
export type StepDecision = { allowed: true; status: ConcernStatus } | { allowed: false; reason: string };

type Rule = (state: ConcernState) => string | null;

const notClosed =
  (reason: string): Rule =>
  ({ status }) =>
    status === 'closed' ? reason : null;

const rules: Record<CaseStep, Rule> = {
  triage: ({ status }) => (status === 'awaiting_triage' ? null : 'This concern has already been triaged.'),
  'direct-action': notClosed('Reopen the concern before adding an action.'),
  refer: notClosed('Reopen the concern before recording a referral.'),
  'record-referral-outcome': notClosed('Reopen the concern before recording the outcome of a referral.'),
  'record-no-referral': ({ status }) =>
    status === 'open' ? null : 'Only an open, triaged concern can record this decision.',
  escalate: notClosed('Reopen the concern before escalating it.'),
  'resolve-escalation': notClosed('Reopen the concern before resolving the escalation.'),
  // A disclosure may follow closure (a later request from the police, say): the log must take it.
  'share-information': () => null,
  restrict: ({ restricted }) => (restricted ? 'This concern is already restricted.' : null),
  'lift-restriction': ({ restricted }) => (restricted ? null : 'This concern is not restricted.'),
  close: ({ status }) =>
    status === 'awaiting_triage'
      ? 'The concern has not been triaged yet.'
      : status === 'closed'
        ? 'The concern is already closed.'
        : null,
  reopen: ({ status }) => (status === 'closed' ? null : 'The concern is not closed.'),
};

const statusAfter: Partial<Record<CaseStep, ConcernStatus>> = { triage: 'open', close: 'closed', reopen: 'open' };

/** Whether this step may be taken from the concern's state, and the status it leaves behind. */
export function decideStep(state: ConcernState, step: CaseStep): StepDecision {
  const reason = rules[step](state);
  return reason === null ? { allowed: true, status: statusAfter[step] ?? state.status } : { allowed: false, reason };
}
