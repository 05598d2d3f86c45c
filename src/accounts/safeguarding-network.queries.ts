import type { HavenDb } from '../db/connect.ts';
import type { Role } from '../domain/access-policy.ts';

// The safeguarding network staff may turn to (policy 11.4; procedures 6.3–6.4): the Champions of
// their own service area, the Designated Safeguarding Leads, the Designated Safeguarding
// Officers and the Safeguarding Coordinator. Their work contact details are meant for staff to
// use, so they are shown; only active accounts of the organisation are, so a leaver is never
// offered as someone to call. Read by "Who to talk to" and by the recording journey.

/** One person in the network, with the work contact details staff may use. */
export type NetworkMember = Readonly<{
  id: string;
  name: string;
  jobTitle: string | null;
  phone: string | null;
  email: string;
}>;

export type SafeguardingNetwork = Readonly<{
  /** The person's own line manager (procedures 6.1, step 1), when they have one with an active account. */
  lineManager: NetworkMember | null;
  /** The person's own service area; null when their account has none. */
  serviceArea: Readonly<{ id: string; name: string }> | null;
  /** The Champions of that service area: empty when it has none, or the person has no area. */
  champions: readonly NetworkMember[];
  /** DSLs, each marked when they hold the allegations-against-staff duty (policy 5.10–5.12). */
  leads: ReadonlyArray<NetworkMember & { allegationsLead: boolean }>;
  officers: readonly NetworkMember[];
  coordinators: readonly NetworkMember[];
}>;

const networkRoles: readonly Role[] = ['champion', 'dsl', 'head_of_business_improvement', 'dso', 'coordinator'];

/** The network as it stands for this person: their own area's Champions, and everyone else's leads. */
export async function findSafeguardingNetworkFor(
  db: HavenDb,
  person: Readonly<{ userId: string; organisationId: string }>,
): Promise<SafeguardingNetwork> {
  const [area, lineManager] = await Promise.all([
    db
      .selectFrom('users')
      .innerJoin('service_areas', 'service_areas.id', 'users.service_area_id')
      .select(['service_areas.id', 'service_areas.name'])
      .where('users.id', '=', person.userId)
      .where('users.organisation_id', '=', person.organisationId)
      .where('service_areas.organisation_id', '=', person.organisationId)
      .executeTakeFirst(),
    db
      .selectFrom('users as person')
      .innerJoin('users as manager', 'manager.id', 'person.line_manager_id')
      .select([
        'manager.id',
        'manager.display_name as name',
        'manager.job_title as jobTitle',
        'manager.phone',
        'manager.email',
      ])
      .where('person.id', '=', person.userId)
      .where('person.organisation_id', '=', person.organisationId)
      .where('manager.organisation_id', '=', person.organisationId)
      .where('manager.deactivated_at', 'is', null)
      .executeTakeFirst(),
  ]);
  return {
    ...(await findSafeguardingNetwork(db, person.organisationId, area ?? null)),
    lineManager: lineManager ?? null,
  };
}

/** The organisation's network, with the Champions of one service area (none when `serviceArea` is null). */
export async function findSafeguardingNetwork(
  db: HavenDb,
  organisationId: string,
  serviceArea: Readonly<{ id: string; name: string }> | null,
): Promise<Omit<SafeguardingNetwork, 'lineManager'>> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', (join) =>
      join.onRef('user_roles.user_id', '=', 'users.id').on('user_roles.organisation_id', '=', organisationId),
    )
    .select([
      'users.id',
      'users.display_name as name',
      'users.job_title as jobTitle',
      'users.phone',
      'users.email',
      'users.service_area_id as serviceAreaId',
      'user_roles.role',
    ])
    .where('users.organisation_id', '=', organisationId)
    .where('users.deactivated_at', 'is', null)
    .where('user_roles.role', 'in', networkRoles)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
  const holding = (...wanted: Role[]) => uniqueMembers(rows.filter((row) => wanted.includes(row.role as Role)));
  const allegationsLeads = new Set(
    rows.filter((row) => row.role === 'head_of_business_improvement').map((row) => row.id),
  );
  return {
    serviceArea,
    champions: serviceArea
      ? uniqueMembers(rows.filter((row) => row.role === 'champion' && row.serviceAreaId === serviceArea.id))
      : [],
    // The Head of Business Improvement is a DSL with the allegations duty, listed among the DSLs.
    leads: holding('dsl', 'head_of_business_improvement').map((member) => ({
      ...member,
      allegationsLead: allegationsLeads.has(member.id),
    })),
    officers: holding('dso'),
    coordinators: holding('coordinator'),
  };
}

/** One entry a person, in the rows' (name) order, with only the contact details. */
function uniqueMembers(rows: ReadonlyArray<NetworkMember & { role: string }>): NetworkMember[] {
  const seen = new Map<string, NetworkMember>();
  for (const { id, name, jobTitle, phone, email } of rows) {
    if (!seen.has(id)) seen.set(id, { id, name, jobTitle, phone, email });
  }
  return [...seen.values()];
}
