// Who must prove themself twice, and how recently (issue 8; policy section 9 on access to
// safeguarding records). The people who can open restricted or many people's concerns, or who
// manage accounts, must use a second factor; for everyone else it is a choice.
import type { Role } from './access-policy.ts';

const secondFactorRoles: ReadonlySet<Role> = new Set<Role>([
  'dsl',
  'coordinator',
  'administrator',
  'head_of_business_improvement',
]);

/** Whether someone holding these roles must have a second factor before Haven lets them in. */
export function requiresSecondFactor(roles: readonly Role[]): boolean {
  return roles.some((role) => secondFactorRoles.has(role));
}

/** Sensitive actions (lifting a restriction, changing roles, exporting) need proof this recent. */
export const recentAuthenticationMinutes = 15;

/** Whether the person last proved themself (password or second factor) recently enough. */
export function authenticatedRecently(lastProvedAt: number | undefined, now: Date): boolean {
  if (lastProvedAt === undefined || !Number.isFinite(lastProvedAt)) return false;
  const elapsed = now.getTime() - lastProvedAt;
  return elapsed >= 0 && elapsed <= recentAuthenticationMinutes * 60_000;
}
