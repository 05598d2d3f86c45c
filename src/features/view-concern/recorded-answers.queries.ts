import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { decryptField } from '../../field-encryption/field-encryption.ts';

/** What the reporter answered when recording: the people, context, route decisions and consent. */
export async function findRecordedAnswers(db: HavenDb, actor: Actor, concernId: string) {
  const organisationId = actor.organisationId;
  const [concern, people, routes, signs] = await Promise.all([
    db
      .selectFrom('concerns')
      .select([
        'organisation_id as organisationId',
        'reporter_id as reporterId',
        'why_at_risk as whyAtRisk',
        'visit_purpose as visitPurpose',
        'council_tenant as councilTenant',
        'known_to_other_departments as knownToOtherDepartments',
        'urgency',
        's42_care_needs as careAndSupportNeeds',
        's42_abuse_or_neglect as abuseOrNeglect',
        's42_unable_to_protect as unableToProtect',
        'position_of_trust as positionOfTrust',
        'consent',
        'consent_reason as consentReason',
        'on_behalf_of_name as onBehalfOfName',
        'on_behalf_of_role as onBehalfOfRole',
      ])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', concernId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('concern_people')
      .select([
        'name',
        'age_group as ageGroup',
        'role_in_concern as role',
        'date_of_birth as dateOfBirth',
        'approximate_age as approximateAge',
        'address',
      ])
      .where('organisation_id', '=', organisationId)
      .where('concern_id', '=', concernId)
      .orderBy('sort_order')
      .execute(),
    db
      .selectFrom('concern_routes')
      .innerJoin('agencies', 'agencies.id', 'concern_routes.agency_id')
      .select(['agencies.name', 'concern_routes.status'])
      .where('concern_routes.organisation_id', '=', organisationId)
      .where('concern_routes.concern_id', '=', concernId)
      .orderBy('agencies.sort_order')
      .execute(),
    db
      .selectFrom('concern_child_urgent_signs')
      .select('sign')
      .where('organisation_id', '=', organisationId)
      .where('concern_id', '=', concernId)
      .execute(),
  ]);
  const text = {
    whyAtRisk: decryptField(concern.whyAtRisk),
    visitPurpose: decryptField(concern.visitPurpose),
    consentReason: decryptField(concern.consentReason),
  };
  return { concern: { ...concern, ...text }, people, routes, signs: signs.map((s) => s.sign) };
}

export type RecordedAnswers = Awaited<ReturnType<typeof findRecordedAnswers>>;
