import type { HavenDb } from './connect.ts';
import { seedSyntheticConcerns } from './synthetic-seed.ts';

// Two years of invented concerns for the demo council, so a new user's first look at the queue,
// search, people and every report shows a working system: every status (by age, as a working
// system has them), a few restricted, some linked to people in the index. A fixed seed makes the
// same mix every time. Only `npm start` adds it (main.ts); the tests' demo data stays without, so
// their hand-counted figures hold.

const demoOrganisation = 'Haven City Council';
const demoConcerns = 600;

export async function seedDemoHistory(db: HavenDb): Promise<void> {
  const organisation = await db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', demoOrganisation)
    .executeTakeFirst();
  if (!organisation) return;
  const existing = await db
    .selectFrom('concerns')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organisation_id', '=', organisation.id)
    .executeTakeFirst();
  if (Number(existing?.n ?? 0) > 0) return;
  await seedSyntheticConcerns(db, {
    organisation: demoOrganisation,
    concerns: demoConcerns,
    years: 2,
    seed: 2026,
    statusByAge: true,
  });
}
