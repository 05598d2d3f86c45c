// Procedures 14.2: a concern closes once its referrals are completed and no action is outstanding.
// Haven also asks that the case was triaged and has a decision: at least one referral, or a
// recorded reason why no referral was required (14.11).

export type CaseFacts = Readonly<{
  status: string;
  referralsWithoutOutcome: number;
  referrals: number;
  openActions: number;
  noReferralReason: string | null;
  openEscalations: number;
}>;

export type ClosureBlocker =
  'not-triaged' | 'already-closed' | 'referral-without-outcome' | 'action-not-done' | 'no-decision' | 'escalation-open';

export const closureBlockerText: Record<ClosureBlocker, string> = {
  'not-triaged': 'The concern has not been triaged yet',
  'already-closed': 'The concern is already closed',
  'referral-without-outcome': 'Every referral needs an outcome',
  'action-not-done': 'Every action must be done',
  'no-decision': 'Record a referral, or why no referral was required',
  'escalation-open': 'A DSL must resolve the open escalation',
};

/** What still stands in the way of closing the case; empty when it can close. */
export function closureBlockers(facts: CaseFacts): ClosureBlocker[] {
  if (facts.status === 'closed') return ['already-closed'];
  if (facts.status === 'awaiting_triage') return ['not-triaged'];
  const blockers: ClosureBlocker[] = [];
  if (facts.referralsWithoutOutcome > 0) blockers.push('referral-without-outcome');
  if (facts.openActions > 0) blockers.push('action-not-done');
  if (facts.referrals === 0 && !facts.noReferralReason) blockers.push('no-decision');
  if (facts.openEscalations > 0) blockers.push('escalation-open');
  return blockers;
}
