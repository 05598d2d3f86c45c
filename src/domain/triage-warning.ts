// Policy 10.4: DSOs hear before a triage deadline passes, and again once it has.

export type TriageAlert = 'warning' | 'breach';

/**
 * Which alert a concern still awaiting triage is due: a warning within `warningHours` of its
 * deadline, a breach once the deadline has passed. Only the breach, when the warning window
 * was missed altogether (say Haven was down): a late "due soon" would only confuse.
 */
export function triageAlertDue(deadline: Date, now: Date, warningHours: number): TriageAlert | null {
  if (now.getTime() > deadline.getTime()) return 'breach';
  if (now.getTime() >= deadline.getTime() - warningHours * 3_600_000) return 'warning';
  return null;
}
