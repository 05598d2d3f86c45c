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

/**
 * Who is acting. A person holds several roles at once (the seeds' DSLs are Heads of Service,
 * Champions are line managers, the coordinator may be a DSO): what they may do is the union of
 * their roles, and their restriction scope the widest their roles give.
 */
export type Actor = Readonly<{ userId: string; organisationId: string; roles: ReadonlySet<Role> }>;
/** Anything that holds roles: an actor, or a role set on its own. */
export type RoleHolder = Readonly<{ roles: ReadonlySet<Role> }>;

/** The roles among these strings, as a set: an unknown value (a stale or tampered row) grants nothing. */
export function roleSet(values: Iterable<string>): ReadonlySet<Role> {
  return new Set([...values].filter(isRole));
}

/** Whether the holder holds this role itself (for duties such as allegation notices, not for permissions). */
export function holdsRole(holder: RoleHolder, role: Role): boolean {
  return holder.roles.has(role);
}

// Everyone who works for the council records concerns: employees, councillors, volunteers and
// senior leaders (policy 1.3, 4.1). An administrator manages accounts and reads no concern; an
// administrator who also works with the public holds the reporter role as well.
const recorders: readonly Role[] = roles.filter((role) => role !== 'administrator');
// The Head of Business Improvement is a DSL with the extra duty of allegations against staff
// (policy 5.10–5.12, 14.4; procedures 11.2), so holds every DSL grant.
const leads: readonly Role[] = ['dsl', 'head_of_business_improvement'];
const triagers: readonly Role[] = ['dso', ...leads];

const grants = {
  /** Record a new concern (policy 1.3, 4.1). */
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
  'sharing:report': ['coordinator', ...leads],
  /** Restrict a concern, or lift a restriction: DSLs only. */
  'concern:restrict': leads,
  /** Resolve an escalation: DSLs only (procedures 7.23, 9.32). */
  'escalation:resolve': leads,
  /** Mark an action done; which action is decided by canCompleteAction. */
  'action:complete': recorders,
  /**
   * Merge duplicate records in the person index, group people into households, and see who has
   * seen or changed a person (issue 4). Linking people and reading them is case work ('case:work').
   */
  'person:manage': triagers,
  /**
   * The coordinator's daily oversight of the recording system (policy 5.18; self-assessment 1.7):
   * every open concern without names or narrative. Opening one still needs a DSO or DSL role.
   */
  'oversight:view': ['coordinator'],
  /** See everyone's sessions in the organisation and end any of them (issue 8). */
  'sessions:manage': ['administrator'],
  /** Create, invite, change and deactivate accounts, and import them from HR (issue 8). */
  'accounts:manage': ['administrator'],
  /**
   * Keep the organisation's settings: service areas, categories, agencies, referral outcomes and
   * closure days (issue 8). The coordinator owns the recording system (policy 5.18).
   */
  'settings:manage': ['coordinator'],
  /** Read who changed which account or setting, before and after (issue 8). */
  'administration:history': ['administrator', 'coordinator'],
  /**
   * Insight reports (issue 9; policy 17.3–17.4): every figure in full, for those who run the
   * safeguarding system and may see every concern's facts.
   */
  'reports:view': ['coordinator', ...leads],
  /**
   * The same reports as aggregates with the small-number rule always applied: senior leaders
   * (the Corporate Management Team, the Cabinet member, the Strategic Safeguarding Group) need
   * the picture, not counts that could point to a person. Holders of 'reports:view' have it too.
   */
  'reports:view-aggregate': ['coordinator', ...leads, 'senior_leader'],
  /** The safeguarding network: the reporter's Champions and the DSLs (policy 11.4; procedures 6.4). */
  'network:view': roles,
  /** Import concern history from the system Haven replaces, so reports reach back years (issue 9). */
  'reports:import': ['coordinator'],
  /**
   * The assurance loop (issue 10; policy 5.18, 17): the self-assessment, action plan, risk register,
   * Scrutiny recommendations, policy reviews and the annual report to Cabinet. The coordinator keeps them.
   */
  'assurance:manage': ['coordinator'],
  /** Read the assurance loop: DSLs and senior leaders follow progress and the ratings (policy 17). */
  'assurance:view': ['coordinator', ...leads, 'senior_leader'],
  /** Set how long each kind of record is kept, and the rule's source (issue 13; policy 16). */
  'retention:schedules': ['coordinator'],
  /** Place and lift legal holds, and decide what happens to records past their date (issue 13). */
  'retention:decide': leads,
  /** Prepare, redact and release subject access responses; rectify a person's records (issue 13). */
  'subject-access:manage': leads,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;
export const permissions = Object.keys(grants) as Permission[];

/** Whether one role, on its own, grants a permission. */
export function roleGrants(role: Role, permission: Permission): boolean {
  return (grants[permission] as readonly Role[]).includes(role);
}

/** Whether any of the holder's roles grants the permission. */
export function isAllowed(holder: RoleHolder, permission: Permission): boolean {
  for (const role of holder.roles) if (roleGrants(role, permission)) return true;
  return false;
}

/** Only the reporter adds information to their concern (procedures 14.13); case workers record theirs in case work. */
export function canAddInformation(actor: Actor, concern: ConcernAccessFacts): boolean {
  if (concern.organisationId !== actor.organisationId) return false;
  return isAllowed(actor, 'concern:add-information') && concern.reporterId === actor.userId;
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

/** Which concerns a holder's queues, searches and lists may include. */
export type RestrictionScope = 'all' | 'unrestricted-only';

/** The widest scope the holder's roles give: DSLs (the Head of Business Improvement among them) see all. */
export function restrictionScope(holder: RoleHolder): RestrictionScope {
  return leads.some((role) => holder.roles.has(role)) ? 'all' : 'unrestricted-only';
}

/** Whether a concern falls within a scope; db/restriction-scope.ts concernsInScope is its SQL. */
export function withinScope(scope: RestrictionScope, restricted: boolean): boolean {
  return scope === 'all' || !restricted;
}

/**
 * Whether the actor may read this concern. A restricted concern is seen only by DSLs (the Head
 * of Business Improvement is one) and the person who recorded it. Otherwise triagers see their
 * organisation's, and others the concerns they recorded, own, or hold an action on.
 */
export function canViewConcern(actor: Actor, concern: ConcernAccessFacts): boolean {
  if (concern.organisationId !== actor.organisationId) return false;
  if (!isAllowed(actor, 'concern:view')) return false;
  const involved =
    concern.reporterId === actor.userId ||
    concern.ownerId === actor.userId ||
    (concern.assigneeIds ?? []).includes(actor.userId);
  if (concern.restricted) return restrictionScope(actor) === 'all' || concern.reporterId === actor.userId;
  if (isAllowed(actor, 'triage:queue')) return true;
  return involved;
}

/**
 * Whether the actor may see a person in the index, given the concerns the person is named on. A
 * person exists for a reader only through a concern within the reader's restriction scope, so
 * someone named only on a restricted allegation is not found by a DSO, not even by a search.
 * Queries use the same rule as SQL: db/restriction-scope.ts peopleInScope.
 */
export function personVisible(actor: Actor, namedOn: readonly ConcernAccessFacts[]): boolean {
  if (!isAllowed(actor, 'case:work')) return false;
  const scope = restrictionScope(actor);
  return namedOn.some(
    (concern) => concern.organisationId === actor.organisationId && withinScope(scope, Boolean(concern.restricted)),
  );
}

/** The reporter of a concern and those who work it may attach files to it. */
export function canAddAttachment(actor: Actor, concern: ConcernAccessFacts): boolean {
  if (!canViewConcern(actor, concern) || !isAllowed(actor, 'attachment:add')) return false;
  return concern.reporterId === actor.userId || isAllowed(actor, 'case:work');
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
  if (!canViewConcern(actor, concern) || !isAllowed(actor, 'action:complete')) return false;
  return action.assigneeId === actor.userId || isAllowed(actor, 'case:work');
}

/**
 * Who is told about a concern awaiting triage. A restricted concern is announced only to those
 * who may open it (policy 14.4): the Head of Business Improvement, whose duty allegations are,
 * and the other DSLs who act in their absence.
 */
export function triageRecipients(restricted: boolean, alert: 'new' | 'deadline'): Role[] {
  if (restricted) return ['dsl', 'head_of_business_improvement'];
  return alert === 'new' ? ['dso', ...leads] : ['dso'];
}
