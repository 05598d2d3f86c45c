import type { HavenDb } from '../../src/db/connect.ts';
import { type Actor, isRole } from '../../src/domain/access-policy.ts';
import { recordConcern } from '../../src/features/record-concern/record-concern.ts';
import { saveDraft } from '../../src/features/record-concern/record-concern.queries.ts';
import type { ConcernDraft } from '../../src/features/record-concern/record-concern.schema.ts';

/** The demo user with this email, as the access policy sees them. */
export async function actorFor(db: HavenDb, email: string): Promise<Actor> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'role'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  if (!isRole(user.role)) throw new Error(`unknown role ${user.role}`);
  return { userId: user.id, organisationId: user.organisation_id, role: user.role };
}

/** Records a concern through the real use case; any answer can be overridden. */
export async function buildConcern(db: HavenDb, reporterEmail: string, overrides: Partial<ConcernDraft> = {}) {
  const actor = await actorFor(db, reporterEmail);
  const [category, serviceArea] = await Promise.all([
    db
      .selectFrom('categories')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .orderBy('sort_order')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('service_areas')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .orderBy('sort_order')
      .executeTakeFirstOrThrow(),
  ]);
  await saveDraft(db, actor, {
    person: { name: 'Test Person', ageGroup: 'adult' },
    whatHappened: { description: 'Test description', happenedOn: '2026-01-05', location: 'Test Street' },
    categoryIds: [category.id],
    serviceAreaId: serviceArea.id,
    ...overrides,
  });
  const outcome = await recordConcern(db, actor, null);
  if ('incomplete' in outcome) throw new Error(`builder draft incomplete at ${outcome.incomplete}`);
  return outcome;
}
