import { randomUUID } from 'node:crypto';
import type { Role } from '../domain/access-policy.ts';
import { hashPassword } from '../features/sign-in/password.ts';
import type { HavenDb } from './connect.ts';

/** Every demo account shares this password; demo data is refused in production by config. */
export const demoPassword = 'haven-demo-password';

// Service areas as the council's safeguarding report names them (report 46).
const cityServiceAreas = [
  'Housing Services',
  'Business Improvement',
  'Regulatory Services and Community Safety',
  'Community Services',
  'Financial Services',
  'Planning and Sustainable Development',
  'Corporate Policy, Partnership and Communications',
  'Welfare Reform',
  'Oxford Direct Services',
  'Councillors',
];

// Adult categories are the national Safeguarding Adults Collection types of abuse;
// the rest are the themes the council's reports and procedures name.
export const demoCategories: Array<[name: string, appliesTo: 'child' | 'adult' | 'both']> = [
  ['Physical abuse', 'both'],
  ['Domestic abuse', 'both'],
  ['Sexual abuse', 'both'],
  ['Psychological or emotional abuse', 'both'],
  ['Financial or material abuse', 'adult'],
  ['Modern slavery', 'both'],
  ['Discriminatory abuse', 'adult'],
  ['Organisational abuse', 'adult'],
  ['Neglect and acts of omission', 'both'],
  ['Self-neglect', 'adult'],
  ['Hoarding', 'adult'],
  ['Sexual exploitation', 'adult'],
  ['Child sexual exploitation', 'child'],
  ['Child criminal exploitation', 'child'],
  ['Cuckooing', 'adult'],
  ['Mental ill health', 'both'],
  ['Suicidal thoughts, threats or attempts', 'both'],
  ['Radicalisation', 'both'],
  ['Female genital mutilation', 'both'],
  ['Forced marriage', 'both'],
  ['Young carer', 'child'],
  ['Homelessness', 'both'],
];

type DemoUser = { email: string; name: string; role: Role; serviceArea: string };

// Invented people: no name from the seeds appears here.
const cityUsers: DemoUser[] = [
  { email: 'reporter@city.example', name: 'Robin Ashby', role: 'reporter', serviceArea: 'Housing Services' },
  { email: 'manager@city.example', name: 'Morgan Blake', role: 'line_manager', serviceArea: 'Oxford Direct Services' },
  { email: 'champion@city.example', name: 'Casey Dunmore', role: 'champion', serviceArea: 'Community Services' },
  { email: 'dso@city.example', name: 'Devi Okafor', role: 'dso', serviceArea: 'Business Improvement' },
  { email: 'dsl@city.example', name: 'Lee Hartwell', role: 'dsl', serviceArea: 'Business Improvement' },
  { email: 'coordinator@city.example', name: 'Sam Whitlow', role: 'coordinator', serviceArea: 'Business Improvement' },
  { email: 'leader@city.example', name: 'Jordan Pryce', role: 'senior_leader', serviceArea: 'Financial Services' },
];

const districtUsers: DemoUser[] = [
  { email: 'reporter@district.example', name: 'Alex Penrose', role: 'reporter', serviceArea: 'Housing' },
  { email: 'dso@district.example', name: 'Kit Marlowe-Evans', role: 'dso', serviceArea: 'Community Safety' },
];

export const demoOrganisations = [
  { name: 'Haven City Council', serviceAreas: cityServiceAreas, users: cityUsers },
  {
    name: 'Northbrook District Council',
    serviceAreas: ['Housing', 'Community Safety', 'Leisure'],
    users: districtUsers,
  },
];

/** Creates the demo organisations once; a second start finds them and changes nothing. */
export async function seedDemoData(db: HavenDb): Promise<void> {
  // One hash for every demo account: they share the password, and hashing is slow by design.
  const passwordHash = await hashPassword(demoPassword);
  for (const organisation of demoOrganisations) {
    await db.transaction().execute(async (trx) => {
      const exists = await trx
        .selectFrom('organisations')
        .select('id')
        .where('name', '=', organisation.name)
        .executeTakeFirst();
      if (exists) return;
      const organisationId = randomUUID();
      const now = new Date().toISOString();
      await trx
        .insertInto('organisations')
        .values({ id: organisationId, name: organisation.name, created_at: now })
        .execute();
      const areaIds = new Map(organisation.serviceAreas.map((name) => [name, randomUUID()]));
      await trx
        .insertInto('service_areas')
        .values(
          organisation.serviceAreas.map((name, i) => ({
            id: areaIds.get(name)!,
            organisation_id: organisationId,
            name,
            sort_order: i,
          })),
        )
        .execute();
      await trx
        .insertInto('categories')
        .values(
          demoCategories.map(([name, appliesTo], i) => ({
            id: randomUUID(),
            organisation_id: organisationId,
            name,
            applies_to: appliesTo,
            sort_order: i,
          })),
        )
        .execute();
      await trx
        .insertInto('users')
        .values(
          organisation.users.map((user) => ({
            id: randomUUID(),
            organisation_id: organisationId,
            email: user.email,
            display_name: user.name,
            role: user.role,
            service_area_id: areaIds.get(user.serviceArea) ?? null,
            password_hash: passwordHash,
            created_at: now,
          })),
        )
        .execute();
    });
  }
}

/** The sign-ins printed at start, so a new user can try every role. */
export function demoSignIns(): string {
  const lines = demoOrganisations.flatMap((organisation) => [
    `  ${organisation.name}`,
    ...organisation.users.map((user) => `    ${user.role.padEnd(14)} ${user.email}`),
  ]);
  return [`Demo sign-ins (password for all: ${demoPassword})`, ...lines].join('\n');
}
