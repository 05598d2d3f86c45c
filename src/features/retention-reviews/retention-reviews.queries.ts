import type { HavenDb } from '../../db/connect.ts';
import { concernsInScope, peopleInScope } from '../../db/restriction-scope.ts';
import type { RestrictionScope } from '../../domain/access-policy.ts';
import type { RetentionFacts } from '../../domain/retention-schedule.ts';

export type ConcernRetentionFacts = RetentionFacts & Readonly<{ id: string; reference: string }>;

/**
 * The facts the retention rule needs for the organisation's concerns not yet disposed of, within
 * the reader's scope (or one concern). Dates of birth are read to count from, never shown.
 */
export async function listRetentionFacts(
  db: HavenDb,
  organisationId: string,
  scope: RestrictionScope,
  concernId?: string,
): Promise<ConcernRetentionFacts[]> {
  let concerns = db
    .selectFrom('concerns')
    .select(['id', 'reference', 'restriction_kind', 'happened_on', 'created_at', 'closed_at'])
    .where('organisation_id', '=', organisationId)
    .where('disposed_at', 'is', null)
    .where(concernsInScope(scope));
  if (concernId) concerns = concerns.where('id', '=', concernId);
  const rows = await concerns.orderBy('created_at').execute();
  if (rows.length === 0) return [];
  let people = db
    .selectFrom('concern_people')
    .innerJoin('concerns', 'concerns.id', 'concern_people.concern_id')
    .select([
      'concern_people.concern_id as concernId',
      'concern_people.age_group as ageGroup',
      'concern_people.role_in_concern as role',
      'concern_people.date_of_birth as dateOfBirth',
      'concern_people.approximate_age as approximateAge',
    ])
    .where('concern_people.organisation_id', '=', organisationId)
    .where('concerns.disposed_at', 'is', null)
    .where(concernsInScope(scope));
  if (concernId) people = people.where('concern_people.concern_id', '=', concernId);
  const named = Map.groupBy(await people.execute(), (person) => person.concernId);
  return rows.map((row) => {
    const recordedOn = row.created_at.slice(0, 10);
    return {
      id: row.id,
      reference: row.reference,
      allegation: row.restriction_kind === 'allegation',
      // An approximate age was given when the concern was recorded.
      people: (named.get(row.id) ?? []).map((person) => ({ ...person, approximateAgeOn: recordedOn })),
      happenedOn: row.happened_on,
      recordedOn,
      closedOn: row.closed_at?.slice(0, 10) ?? null,
    };
  });
}

/** Each concern's latest decision: a keep moves the review on; a pending or held one takes it off the queue. */
export async function listLatestDecisions(db: HavenDb, organisationId: string) {
  const rows = await db
    .selectFrom('retention_decisions')
    .select(['concern_id as concernId', 'decision', 'keep_until as keepUntil', 'status', 'decided_at as decidedAt'])
    .where('organisation_id', '=', organisationId)
    .orderBy('decided_at')
    .execute();
  return new Map(rows.map((row) => [row.concernId, row]));
}

/** The concerns held by an active hold on themselves, a person named on them, or a category. */
export async function listHeldConcernIds(db: HavenDb, organisationId: string): Promise<Set<string>> {
  const byConcern = db
    .selectFrom('legal_holds')
    .select('concern_id as id')
    .where('organisation_id', '=', organisationId)
    .where('lifted_at', 'is', null)
    .where('concern_id', 'is not', null);
  const byPerson = db
    .selectFrom('legal_holds')
    .innerJoin('concern_people', 'concern_people.person_id', 'legal_holds.person_id')
    .select('concern_people.concern_id as id')
    .where('legal_holds.organisation_id', '=', organisationId)
    .where('legal_holds.lifted_at', 'is', null);
  const byCategory = db
    .selectFrom('legal_holds')
    .innerJoin('concern_categories', 'concern_categories.category_id', 'legal_holds.category_id')
    .select('concern_categories.concern_id as id')
    .where('legal_holds.organisation_id', '=', organisationId)
    .where('legal_holds.lifted_at', 'is', null);
  const rows = await byConcern.union(byPerson).union(byCategory).execute();
  return new Set(rows.map((row) => row.id!));
}

export async function insertDecision(
  trx: HavenDb,
  row: {
    id: string;
    organisationId: string;
    concernId: string;
    decision: 'keep' | 'dispose' | 'anonymise';
    keepUntil: string | null;
    recordKind: string;
    basis: string;
    reviewOn: string;
    rule: string;
    decidedBy: string;
    decidedAt: string;
  },
) {
  await trx
    .insertInto('retention_decisions')
    .values({
      id: row.id,
      organisation_id: row.organisationId,
      concern_id: row.concernId,
      decision: row.decision,
      keep_until: row.keepUntil,
      record_kind: row.recordKind,
      basis: row.basis,
      review_on: row.reviewOn,
      rule: row.rule,
      decided_by: row.decidedBy,
      decided_at: row.decidedAt,
      status: row.decision === 'keep' ? 'done' : 'pending',
      carried_out_at: row.decision === 'keep' ? row.decidedAt : null,
    })
    .execute();
}

/** A concern by its reference, if it is within the reader's scope and not disposed of. */
export async function findConcernByReference(
  db: HavenDb,
  organisationId: string,
  scope: RestrictionScope,
  reference: string,
) {
  return db
    .selectFrom('concerns')
    .select(['id', 'reference'])
    .where('organisation_id', '=', organisationId)
    .where('reference', '=', reference)
    .where(concernsInScope(scope))
    .executeTakeFirst();
}

/** A person in the index the reader may see, with their name as recorded. */
export async function findPersonInScope(db: HavenDb, organisationId: string, scope: RestrictionScope, id: string) {
  return db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('merged_into_id', 'is', null)
    .where(peopleInScope(scope))
    .executeTakeFirst();
}

export async function listCategories(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('categories')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .orderBy('sort_order')
    .execute();
}

/** Active holds, newest first, each with what it covers by reference, category name or person's name. */
export async function listActiveHolds(db: HavenDb, organisationId: string, scope: RestrictionScope) {
  return db
    .selectFrom('legal_holds')
    .leftJoin('concerns', 'concerns.id', 'legal_holds.concern_id')
    .leftJoin('categories', 'categories.id', 'legal_holds.category_id')
    .leftJoin('people', 'people.id', 'legal_holds.person_id')
    .innerJoin('users', 'users.id', 'legal_holds.placed_by')
    .select([
      'legal_holds.id',
      'legal_holds.scope',
      'legal_holds.reason',
      'legal_holds.placed_at as placedAt',
      'users.display_name as placedBy',
      'concerns.id as concernId',
      'concerns.reference',
      'concerns.restricted',
      'categories.name as categoryName',
      'people.name as personName',
    ])
    .where('legal_holds.organisation_id', '=', organisationId)
    .where('legal_holds.lifted_at', 'is', null)
    .where((eb) =>
      scope === 'all' ? eb.lit(true) : eb.or([eb('concerns.id', 'is', null), eb('concerns.restricted', '=', 0)]),
    )
    .orderBy('legal_holds.placed_at', 'desc')
    .execute();
}

export async function insertHold(
  trx: HavenDb,
  row: {
    id: string;
    organisationId: string;
    scope: 'concern' | 'person' | 'category';
    targetId: string;
    reason: string;
    placedBy: string;
    placedAt: string;
  },
) {
  await trx
    .insertInto('legal_holds')
    .values({
      id: row.id,
      organisation_id: row.organisationId,
      scope: row.scope,
      concern_id: row.scope === 'concern' ? row.targetId : null,
      person_id: row.scope === 'person' ? row.targetId : null,
      category_id: row.scope === 'category' ? row.targetId : null,
      reason: row.reason,
      placed_by: row.placedBy,
      placed_at: row.placedAt,
    })
    .execute();
}

/** Lifts an active hold; false when there was none to lift (already lifted, another organisation's). */
export async function liftHold(trx: HavenDb, organisationId: string, holdId: string, liftedBy: string, at: string) {
  const result = await trx
    .updateTable('legal_holds')
    .set({ lifted_by: liftedBy, lifted_at: at })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', holdId)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
