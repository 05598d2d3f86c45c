// The one place that decides who may do what. Routes name a permission; concern-level
// checks (own concern, organisation) go through canViewConcern.

export const roles = ['reporter', 'line_manager', 'champion', 'dso', 'dsl', 'coordinator', 'senior_leader'] as const;
export type Role = (typeof roles)[number];

export const roleNames: Record<Role, string> = {
  reporter: 'Reporter',
  line_manager: 'Line manager',
  champion: 'Safeguarding Champion',
  dso: 'Designated Safeguarding Officer',
  dsl: 'Designated Safeguarding Lead',
  coordinator: 'Safeguarding Coordinator',
  senior_leader: 'Senior leader',
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export type Actor = Readonly<{ userId: string; organisationId: string; role: Role }>;

const recorders: readonly Role[] = ['reporter', 'line_manager', 'champion', 'dso', 'dsl', 'coordinator'];
const triagers: readonly Role[] = ['dso', 'dsl'];

const grants = {
  /** Record a new concern. Senior leaders see aggregates only (PRODUCT.md). */
  'concern:record': recorders,
  /** List the concerns one has recorded oneself. */
  'concern:list-own': recorders,
  /** Open one concern; which concern is decided by canViewConcern. */
  'concern:view': recorders,
  /** Work the triage queue (policy 10.4). */
  'triage:queue': triagers,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;
export const permissions = Object.keys(grants) as Permission[];

/** Whether a role holds a permission at all. */
export function isAllowed(role: Role, permission: Permission): boolean {
  return (grants[permission] as readonly Role[]).includes(role);
}

export type ConcernAccessFacts = Readonly<{ organisationId: string; reporterId: string }>;

/** Whether the actor may read this concern: triagers see their organisation's, others their own. */
export function canViewConcern(actor: Actor, concern: ConcernAccessFacts): boolean {
  if (concern.organisationId !== actor.organisationId) return false;
  if (isAllowed(actor.role, 'triage:queue')) return true;
  return isAllowed(actor.role, 'concern:view') && concern.reporterId === actor.userId;
}
