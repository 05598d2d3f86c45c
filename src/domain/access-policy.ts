// The one place that decides who may do what. Routes name a permission; concern-level
// checks (own concern, organisation) go through canViewConcern.

export const roles = [
  'reporter',
  'line_manager',
  'champion',
  'dso',
  'dsl',
  'head_of_business_improvement',
  'coordinator',
  'senior_leader',
  'administrator',
] as const;
export type Role = (typeof roles)[number];

export const roleNames: Record<Role, string> = {
  reporter: 'Reporter',
  line_manager: 'Line manager',
  champion: 'Safeguarding Champion',
  dso: 'Designated Safeguarding Officer',
  dsl: 'Designated Safeguarding Lead',
  head_of_business_improvement: 'Head of Business Improvement',
  coordinator: 'Safeguarding Coordinator',
  senior_leader: 'Senior leader',
  administrator: 'Administrator',
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export type Actor = Readonly<{ userId: string; organisationId: string; role: Role }>;

// Everyone who works for the council records concerns; senior leaders see aggregates only.
const recorders: readonly Role[] = roles.filter((role) => role !== 'senior_leader');
// The Head of Business Improvement receives allegations against staff (procedures 11.2), so
// works restricted concerns only; DSOs work the rest; DSLs work all.
const triagers: readonly Role[] = ['dso', 'dsl', 'head_of_business_improvement'];

const grants = {
  /** Record a new concern. Senior leaders see aggregates only (PRODUCT.md). */
  'concern:record': recorders,
  /** List the concerns one has recorded oneself. */
  'concern:list-own': recorders,
  /** Open one concern; which concern is decided by canViewConcern. */
  'concern:view': recorders,
  /** Add new information to a concern one recorded (procedures 14.13); decided by canAddInformation. */
  'concern:add-information': recorders,
  /** Work the triage queue (policy 10.4). */
  'triage:queue': triagers,
  /** Search concerns by reference, name or text; which concerns is decided by restrictionScope. */
  'concern:search': triagers,
  /** Triage, direct actions, record referrals, escalate, close and reopen (procedures 14.2–14.11). */
  'case:work': triagers,
  /** Attach a photo or letter; which concern is decided by canAddAttachment. */
  'attachment:add': recorders,
  /** The report of disclosures to the Home Office (Scrutiny recommendation 1, seed 003). */
  'sharing:report': ['coordinator', 'dsl'],
  /** Restrict a concern, or lift a restriction: DSLs only. */
  'concern:restrict': ['dsl'],
  /** Resolve an escalation: DSLs only (procedures 7.23, 9.32). */
  'escalation:resolve': ['dsl'],
  /** Mark an action done; which action is decided by canCompleteAction. */
  'action:complete': recorders,
  /**
   * Merge duplicate records in the person index, group people into households, and see who has
   * seen or changed a person (issue 4). Linking people and reading them is case work ('case:work').
   */
  'person:manage': ['dso', 'dsl'],
  /** See everyone's sessions in the organisation and end any of them (issue 8). */
  'sessions:manage': ['administrator'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;
export const permissions = Object.keys(grants) as Permission[];

/** Whether a role holds a permission at all. */
export function isAllowed(role: Role, permission: Permission): boolean {
  return (grants[permission] as readonly Role[]).includes(role);
}

/** Only the reporter adds information to their concern (procedures 14.13); case workers record theirs in case work. */
export function canAddInformation(actor: Actor, concern: ConcernAccessFacts): boolean {
  if (concern.organisationId !== actor.organisationId) return false;
  return isAllowed(actor.role, 'concern:add-information') && concern.reporterId === actor.userId;
}

export type ConcernAccessFacts = Readonly<{
  organisationId: string;
  reporterId: string;
  /** The case owner, once triaged. */
  ownerId?: string | null;
  /** People with an action on the concern, who need it to do their action. */
  assigneeIds?: readonly string[];
  /** Allegations against staff and concerns a DSL restricted (policy 14.4). */
  restricted?: boolean;
}>;

/** Which concerns a role's queues, searches and lists may include. */
export type RestrictionScope = 'all' | 'unrestricted-only' | 'restricted-only';

export function restrictionScope(role: Role): RestrictionScope {
  if (role === 'dsl') return 'all';
  if (role === 'head_of_business_improvement') return 'restricted-only';
  return 'unrestricted-only';
}

/** Whether a concern falls within a scope; db/restriction-scope.ts concernsInScope is its SQL. */
export function withinScope(scope: RestrictionScope, restricted: boolean): boolean {
  return scope === 'all' || restricted === (scope === 'restricted-only');
}

/**
 * Whether the actor may read this concern. A restricted concern is seen only by DSLs, the Head
 * of Business Improvement and the person who recorded it. Otherwise triagers see their
 * organisation's, and others the concerns they recorded, own, or hold an action on.
 */
export function canViewConcern(actor: Actor, concern: ConcernAccessFacts): boolean {
  if (concern.organisationId !== actor.organisationId) return false;
  if (!isAllowed(actor.role, 'concern:view')) return false;
  const involved =
    concern.reporterId === actor.userId ||
    concern.ownerId === actor.userId ||
    (concern.assigneeIds ?? []).includes(actor.userId);
  const scope = restrictionScope(actor.role);
  if (concern.restricted) return scope !== 'unrestricted-only' || concern.reporterId === actor.userId;
  if (isAllowed(actor.role, 'triage:queue') && scope !== 'restricted-only') return true;
  return involved;
}

/**
 * Whether the actor may see a person in the index, given the concerns the person is named on. A
 * person exists for a reader only through a concern within the reader's restriction scope, so
 * someone named only on a restricted allegation is not found by a DSO, not even by a search.
 * Queries use the same rule as SQL: db/restriction-scope.ts peopleInScope.
 */
export function personVisible(actor: Actor, namedOn: readonly ConcernAccessFacts[]): boolean {
  if (!isAllowed(actor.role, 'case:work')) return false;
  const scope = restrictionScope(actor.role);
  return namedOn.some(
    (concern) => concern.organisationId === actor.organisationId && withinScope(scope, Boolean(concern.restricted)),
  );
}

/** The reporter of a concern and those who work it may attach files to it. */
export function canAddAttachment(actor: Actor, concern: ConcernAccessFacts): boolean {
  if (!canViewConcern(actor, concern) || !isAllowed(actor.role, 'attachment:add')) return false;
  return concern.reporterId === actor.userId || isAllowed(actor.role, 'case:work');
}

/**
 * Whether the actor may mark this action done: its assignee, or someone who works the concern.
 * Either must still be able to see the concern, so a restriction added after the action was
 * directed, or a concern outside the role's scope, shuts them out (policy 14.4).
 */
export function canCompleteAction(
  actor: Actor,
  concern: ConcernAccessFacts,
  action: Readonly<{ assigneeId: string }>,
): boolean {
  if (!canViewConcern(actor, concern) || !isAllowed(actor.role, 'action:complete')) return false;
  return action.assigneeId === actor.userId || isAllowed(actor.role, 'case:work');
}

/**
 * Who is told about a concern awaiting triage. A restricted concern is announced only to those
 * who may open it (policy 14.4): DSLs and the Head of Business Improvement.
 */
export function triageRecipients(restricted: boolean, alert: 'new' | 'deadline'): Role[] {
  if (restricted) return ['dsl', 'head_of_business_improvement'];
  return alert === 'new' ? ['dso', 'dsl'] : ['dso'];
}
