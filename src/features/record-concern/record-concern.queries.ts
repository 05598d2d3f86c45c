import { restrictionOnArrival } from '../../domain/restricted-concern.ts';
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { listAgencies, listServiceAreasInUse } from '../../concerns/organisation-lists.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { type Actor, holdsRole } from '../../domain/access-policy.ts';
import type { StepContext } from './concern-flow.ts';
import type { CompleteConcern, DraftPerson } from '../../concerns/draft.schema.ts';
import { writeConcernSearch } from '../../db/full-text-search.ts';
import { encryptField } from '../../field-encryption/field-encryption.ts';

type Trx = Transaction<Database>;

/**
 * The organisation's lists the question pages offer, and the reporter's own service area.
 * Retired categories, service areas and agencies are offered for no new concern (issue 8); a
 * draft that chose one is asked that question again.
 */
export async function loadStepContext(db: HavenDb, actor: Actor): Promise<StepContext> {
  const organisationId = actor.organisationId;
  const [categories, serviceAreas, agencies, reporter] = await Promise.all([
    db
      .selectFrom('categories')
      .select(['id', 'name', 'applies_to as appliesTo', 'code'])
      .where('organisation_id', '=', organisationId)
      .where('retired_at', 'is', null)
      .orderBy('sort_order')
      .execute(),
    listServiceAreasInUse(db, organisationId),
    listAgencies(db, organisationId),
    db.selectFrom('users').select('service_area_id').where('id', '=', actor.userId).executeTakeFirst(),
  ]);
  return {
    actorIsLineManager: holdsRole(actor, 'line_manager'),
    categories,
    serviceAreas,
    agencies,
    reporterServiceAreaId: reporter?.service_area_id ?? null,
  };
}

/** The reporter's line manager, when they have one whose account is active in the organisation. */
export async function findActiveLineManager(trx: HavenDb, actor: Actor) {
  return trx
    .selectFrom('users as reporter')
    .innerJoin('users as manager', 'manager.id', 'reporter.line_manager_id')
    .select(['manager.id', 'manager.display_name as displayName'])
    .where('reporter.id', '=', actor.userId)
    .where('reporter.organisation_id', '=', actor.organisationId)
    .where('manager.organisation_id', '=', actor.organisationId)
    .where('manager.deactivated_at', 'is', null)
    .executeTakeFirst();
}

/** Takes the next number in the organisation's yearly sequence; the row lock serialises writers. */
export async function takeNextReferenceNumber(trx: Trx, organisationId: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('reference_counters')
    .values({ organisation_id: organisationId, year, last_number: 1 })
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'year']).doUpdateSet({ last_number: sql`reference_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export type NewConcern = {
  id: string;
  reference: string;
  actor: Actor;
  createdAt: string;
  /** Set at receipt (policy 10.4), so later changes to closure days do not move it. */
  triageDeadlineAt: string;
  answers: CompleteConcern;
};

export async function insertConcern(trx: Trx, concern: NewConcern): Promise<void> {
  const { actor, answers } = concern;
  const organisation_id = actor.organisationId;
  const concern_id = concern.id;
  await trx
    .insertInto('concerns')
    .values({
      ...concernColumns(answers),
      id: concern_id,
      organisation_id,
      reference: concern.reference,
      reporter_id: actor.userId,
      status: 'awaiting_triage',
      created_at: concern.createdAt,
      triage_deadline_at: concern.triageDeadlineAt,
    })
    .execute();
  await trx
    .insertInto('concern_people')
    .values(answers.people.map((person, i) => ({ ...personColumns(person, i), organisation_id, concern_id })))
    .execute();
  await trx
    .insertInto('concern_categories')
    .values(answers.categoryIds.map((category_id) => ({ organisation_id, concern_id, category_id })))
    .execute();
  if (answers.childUrgentSigns?.length) {
    await trx
      .insertInto('concern_child_urgent_signs')
      .values(answers.childUrgentSigns.map((sign) => ({ organisation_id, concern_id, sign })))
      .execute();
  }
  if (answers.routesTaken.length) {
    await trx
      .insertInto('concern_routes')
      .values(
        answers.routesTaken.map((r) => ({ organisation_id, concern_id, agency_id: r.agencyId, status: r.status })),
      )
      .execute();
  }
  // The search document from the plaintext in hand: the columns above hold ciphertext.
  await writeConcernSearch(trx, concern_id, {
    reference: concern.reference,
    names: answers.people.map((person) => person.name),
    account: [
      answers.whatHappened.description,
      answers.whatHappened.location,
      answers.whyAtRisk,
      answers.context.visitPurpose,
    ],
    added: [],
  });
}

function concernColumns(answers: CompleteConcern) {
  const restriction = restrictionOnArrival(answers.positionOfTrust);
  return {
    service_area_id: answers.serviceAreaId,
    what_happened: encryptField(answers.whatHappened.description),
    happened_on: answers.whatHappened.happenedOn,
    location: answers.whatHappened.location,
    why_at_risk: encryptField(answers.whyAtRisk),
    visit_purpose: encryptField(answers.context.visitPurpose),
    council_tenant: answers.context.councilTenant,
    known_to_other_departments: answers.context.knownToOtherDepartments,
    urgency: answers.urgency,
    s42_care_needs: answers.adultNeeds?.careAndSupportNeeds ?? null,
    s42_abuse_or_neglect: answers.adultNeeds?.abuseOrNeglect ?? null,
    s42_unable_to_protect: answers.adultNeeds?.unableToProtect ?? null,
    position_of_trust: answers.positionOfTrust,
    ...restriction,
    restriction_reason: encryptField(restriction.restriction_reason),
    consent: answers.consent.answer,
    consent_reason: encryptField(answers.consent.reason),
    on_behalf_of_name: answers.onBehalfOf?.name ?? null,
    on_behalf_of_role: answers.onBehalfOf?.role ?? null,
  };
}

// Fresh ids: the draft's person ids came through URLs, so they are never trusted as keys.
function personColumns(person: DraftPerson, sortOrder: number) {
  return {
    id: randomUUID(),
    name: person.name,
    age_group: person.ageGroup,
    role_in_concern: person.role,
    date_of_birth: person.age.kind === 'date_of_birth' ? person.age.dateOfBirth : null,
    approximate_age: person.age.kind === 'approximate' ? person.age.years : null,
    address: person.address,
    sort_order: sortOrder,
  };
}
