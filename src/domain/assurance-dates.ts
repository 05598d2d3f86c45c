// When the assurance loop's dates fall due: plan actions, risk reviews and the policy's own
// reviews. Dates are ISO calendar dates ('YYYY-MM-DD'), compared as text (their order is time order).

/** The council's year, April to March, as the Boards write it: 2023-04-01 → '2023-24'. */
export function assuranceYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const start = month >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export function isYearLabel(text: string): boolean {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  return Boolean(match && (Number(match[1]) + 1) % 100 === Number(match[2]));
}

/** A plan action is overdue once its due date has passed and it is not completed; 'Ongoing' (no date) never is. */
export function isActionOverdue(action: { status: string; due_on: string | null }, today: string): boolean {
  return action.status !== 'completed' && action.due_on !== null && action.due_on < today;
}

/** A risk is past its review date when the date has gone by and the risk is still open. */
export function isRiskReviewPast(risk: { review_on: string | null; closed_on: string | null }, today: string): boolean {
  return risk.closed_on === null && risk.review_on !== null && risk.review_on < today;
}

/** The same day `years` later (29 February becomes 28 February in a common year). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

// Policy 17.5: reviewed annually. Policy 17.6: presented to Cabinet for approval every three years.
export const policyReviewYears = { annual: 1, cabinet: 3 } as const;
export type PolicyReviewKind = keyof typeof policyReviewYears;

export type PolicyReviewDates = Readonly<{ lastReviewedOn: string | null; lastApprovedOn: string | null }>;

export type PolicyReviewDue = Readonly<{ kind: PolicyReviewKind; dueOn: string; due: boolean }>;

/** The next annual review and Cabinet approval, and whether each has fallen due; unknown until a date is recorded. */
export function policyReviewsDue(dates: PolicyReviewDates, today: string): PolicyReviewDue[] {
  const next: Array<[PolicyReviewKind, string | null]> = [
    ['annual', dates.lastReviewedOn],
    ['cabinet', dates.lastApprovedOn],
  ];
  return next
    .filter((entry): entry is [PolicyReviewKind, string] => entry[1] !== null)
    .map(([kind, last]) => {
      const dueOn = addYears(last, policyReviewYears[kind]);
      return { kind, dueOn, due: dueOn <= today };
    });
}
