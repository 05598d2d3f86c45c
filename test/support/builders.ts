import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../../src/db/connect.ts';
import { type Actor, type Role, roleSet } from '../../src/domain/access-policy.ts';
import { addInformation } from '../../src/features/add-information/add-information.ts';
import { authorizeConcern } from '../../src/concerns/concern-access.ts';
import { triageConcern } from '../../src/features/case-work/triage-and-actions.ts';
import { recordConcern } from '../../src/features/record-concern/record-concern.ts';
import type { ConcernDraft } from '../../src/concerns/draft.schema.ts';
import { createDraft } from '../../src/features/record-concern/drafts.queries.ts';

/** The demo user with this email, as the access policy sees them. */
export async function actorFor(db: HavenDb, email: string): Promise<Actor> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'organisation_id'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const held = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute();
  return { userId: user.id, organisationId: user.organisation_id, roles: roleSet(held.map((row) => row.role)) };
}

/** A new account in the organisation of `colleagueEmail`, holding exactly these roles; returns its email. */
export async function buildUser(db: HavenDb, colleagueEmail: string, roles: readonly Role[]): Promise<string> {
  const colleague = await db
    .selectFrom('users')
    .select(['organisation_id', 'password_hash'])
    .where('email', '=', colleagueEmail)
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  const email = `${roles.join('-')}-${id.slice(0, 8)}@test.example`;
  await db
    .insertInto('users')
    .values({
      id,
      organisation_id: colleague.organisation_id,
      email,
      display_name: `Test ${roles.join(' ')}`,
      role: roles[0] ?? 'reporter',
      service_area_id: null,
      password_hash: colleague.password_hash,
      created_at: new Date().toISOString(),
    })
    .execute();
  if (roles.length > 0)
    await db
      .insertInto('user_roles')
      .values(roles.map((role) => ({ user_id: id, role, organisation_id: colleague.organisation_id })))
      .execute();
  return email;
}

/** Overrides for a test concern; `person` is shorthand for one person at risk. */
export type ConcernOverrides = Partial<ConcernDraft> & {
  person?: { name: string | null; ageGroup: 'child' | 'adult' };
};

/** Every question answered, as a reporter could; any answer can be overridden. */
export async function completeDraft(
  db: HavenDb,
  actor: Actor,
  overrides: ConcernOverrides = {},
): Promise<ConcernDraft> {
  const { person, ...answers } = overrides;
  const [category, serviceArea] = await Promise.all([
    db
      .selectFrom('categories')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .where('applies_to', '=', 'both')
      .where('retired_at', 'is', null)
      .orderBy('sort_order')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('service_areas')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .where('retired_at', 'is', null)
      .orderBy('sort_order')
      .executeTakeFirstOrThrow(),
  ]);
  return {
    people: [
      {
        id: randomUUID(),
        role: 'person_at_risk',
        name: person ? person.name : 'Test Person',
        ageGroup: person?.ageGroup ?? 'adult',
        age: { kind: 'unknown' },
        address: null,
      },
    ],
    whatHappened: { description: 'Test description', happenedOn: '2026-01-05', location: 'Test Street' },
    whyAtRisk: 'Test reason',
    context: { visitPurpose: 'Test visit', councilTenant: 'unknown', knownToOtherDepartments: 'unknown' },
    categoryIds: [category.id],
    urgency: 'days',
    // Both sets of route questions: recording keeps only those that apply to the people at risk.
    adultNeeds: { careAndSupportNeeds: 'yes', abuseOrNeglect: 'yes', unableToProtect: 'yes' },
    childUrgentSigns: [],
    positionOfTrust: 'no',
    routesTaken: [],
    consent: { answer: 'yes', reason: null },
    onBehalfOf: null,
    serviceAreaId: serviceArea.id,
    ...answers,
  };
}

/** Saves a draft for this demo user, as if they had answered the pages; returns its id. */
export async function buildDraft(db: HavenDb, email: string, overrides: ConcernOverrides = {}): Promise<string> {
  const actor = await actorFor(db, email);
  return createDraft(db, actor, await completeDraft(db, actor, overrides));
}

/** Records a concern through the real use case; any answer can be overridden. */
export async function buildConcern(db: HavenDb, reporterEmail: string, overrides: ConcernOverrides = {}) {
  const actor = await actorFor(db, reporterEmail);
  const draftId = await createDraft(db, actor, await completeDraft(db, actor, overrides));
  const outcome = await recordConcern(db, actor, draftId, null);
  if (!('id' in outcome)) throw new Error(`builder draft not recorded: ${JSON.stringify(outcome)}`);
  return outcome;
}

/** The reporter adds information to their concern through the real use case (procedures 14.13). */
export async function buildAddedInformation(db: HavenDb, reporterEmail: string, concernId: string, text: string) {
  await addInformation(db, await actorFor(db, reporterEmail), concernId, text, null);
}

/**
 * Triages a concern through the real use case, as a DSO of its organisation would, so a test's
 * concern is only ever in a state Haven itself produces.
 */
export async function buildTriage(db: HavenDb, concernId: string): Promise<void> {
  const { organisation_id } = await db
    .selectFrom('concerns')
    .select('organisation_id')
    .where('id', '=', concernId)
    .executeTakeFirstOrThrow();
  const dso = await db
    .selectFrom('users')
    .select('email')
    .where('organisation_id', '=', organisation_id)
    .where('role', '=', 'dso')
    .executeTakeFirstOrThrow();
  const actor = await actorFor(db, dso.email);
  const concern = await authorizeConcern(db, actor, concernId);
  await triageConcern({
    db,
    actor,
    concern,
    params: { concernId },
    version: concern.version,
    input: { decision: 'Triaged by a test builder', riskLevel: 'medium', ownerId: actor.userId },
    requestId: 'test-builder',
  });
}
