import { randomUUID } from 'node:crypto';
import { recordAdministrationChange } from '../../accounts/administration-change.ts';
import { addPlanAction } from '../../assurance/action-plan.queries.ts';
import { changedMeanwhile, updateAtVersion } from '../../assurance/update-at-version.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { assuranceYearOf } from '../../domain/assurance-dates.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { Refusal, refusalAsValue } from '../../errors.ts';
import type { FollowUpForm, PolicyReviewForm, RecommendationForm, ResponseForm } from './scrutiny.forms.ts';

export async function recordRecommendation(db: HavenDb, actor: Actor, form: RecommendationForm, now = new Date()) {
  const id = randomUUID();
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('scrutiny_recommendations')
      .values({
        id,
        organisation_id: actor.organisationId,
        number: form.number,
        recommendation: form.recommendation,
        made_on: form.madeOn,
        committee: form.committee,
        report_title: form.reportTitle,
        response: null,
        response_comment: null,
        responsible_member: null,
        responded_on: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await recordAdministrationChange(trx, actor, {
      subjectType: 'scrutiny-recommendation',
      subjectId: id,
      action: 'recorded',
      before: null,
      after: { name: `Recommendation ${form.number}: ${form.reportTitle}`.slice(0, 160), madeOn: form.madeOn },
    });
  });
  return id;
}

/** Records (or corrects) Cabinet's response; a stale version is refused. */
export async function recordCabinetResponse(
  db: HavenDb,
  actor: Actor,
  recommendationId: string,
  form: ResponseForm,
  now = new Date(),
) {
  return refusalAsValue(() =>
    db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('scrutiny_recommendations')
        .select(['response', 'responded_on'])
        .where('id', '=', recommendationId)
        .where('organisation_id', '=', actor.organisationId)
        .executeTakeFirst();
      const recommendation = { id: recommendationId, organisation_id: actor.organisationId };
      await updateAtVersion(trx, 'scrutiny_recommendations', recommendation, form.version, {
        response: form.response,
        response_comment: form.comment,
        responsible_member: form.responsibleMember,
        responded_on: form.respondedOn,
        updated_at: now.toISOString(),
      });
      await recordAdministrationChange(trx, actor, {
        subjectType: 'scrutiny-recommendation',
        subjectId: recommendationId,
        action: 'Cabinet response recorded',
        before: before ? { response: before.response, respondedOn: before.responded_on } : null,
        after: { response: form.response, respondedOn: form.respondedOn },
      });
      return 'recorded' as const;
    }),
  );
}

/** A follow-up action, added to this year's plan through the kernel and linked to its recommendation. */
export async function addFollowUpAction(
  db: HavenDb,
  actor: Actor,
  recommendation: { id: string; number: number; report_title: string },
  form: FollowUpForm,
  now = new Date(),
) {
  return db.transaction().execute(async (trx) => {
    const id = await addPlanAction(
      trx,
      {
        organisationId: actor.organisationId,
        yearLabel: assuranceYearOf(todayInLondon(now)),
        action: form.action,
        leadName: form.leadName,
        leadUserId: form.leadUserId,
        dueOn: form.dueOn,
        objective: `Scrutiny recommendation ${recommendation.number}: ${recommendation.report_title}`.slice(0, 1000),
        desiredOutcome: form.desiredOutcome,
        scrutinyRecommendationId: recommendation.id,
        createdBy: actor.userId,
      },
      now,
    );
    await recordAdministrationChange(trx, actor, {
      subjectType: 'plan-action',
      subjectId: id,
      action: 'raised from Scrutiny',
      before: null,
      after: {
        name: form.action.slice(0, 120),
        dueOn: form.dueOn,
        leadUserId: form.leadUserId,
        scrutinyRecommendation: recommendation.number,
      },
    });
    return id;
  });
}

/** The policy's review dates, one row an organisation; a stale version is refused. */
export async function recordPolicyReview(db: HavenDb, actor: Actor, form: PolicyReviewForm, now = new Date()) {
  return refusalAsValue(() =>
    db.transaction().execute(async (trx) => {
      const at = now.toISOString();
      const existing = await trx
        .selectFrom('safeguarding_policy_reviews')
        .select(['version', 'last_reviewed_on', 'last_approved_on'])
        .where('organisation_id', '=', actor.organisationId)
        .executeTakeFirst();
      const values = {
        last_reviewed_on: form.lastReviewedOn,
        last_approved_on: form.lastApprovedOn,
        updated_at: at,
        updated_by: actor.userId,
      };
      if (!existing) {
        if (form.version !== 1) throw new Refusal('person-changed', changedMeanwhile);
        await trx
          .insertInto('safeguarding_policy_reviews')
          // The form before any row showed version 1; the first save is version 2, so that form is stale now.
          .values({ organisation_id: actor.organisationId, ...values, version: 2 })
          .onConflict((oc) => oc.column('organisation_id').doNothing())
          .execute();
        // Two first saves at once: the one that lost wrote nothing, and is told.
        const mine = await trx
          .selectFrom('safeguarding_policy_reviews')
          .select('updated_at')
          .where('organisation_id', '=', actor.organisationId)
          .where('updated_by', '=', actor.userId)
          .where('updated_at', '=', at)
          .executeTakeFirst();
        if (!mine) throw new Refusal('person-changed', changedMeanwhile);
        await recordPolicyChange(trx, actor, null, form);
        return 'recorded' as const;
      }
      await updateAtVersion(
        trx,
        'safeguarding_policy_reviews',
        { organisation_id: actor.organisationId },
        form.version,
        values,
      );
      await recordPolicyChange(trx, actor, existing, form);
      return 'recorded' as const;
    }),
  );
}

async function recordPolicyChange(
  trx: HavenDb,
  actor: Actor,
  before: { last_reviewed_on: string | null; last_approved_on: string | null } | null,
  form: PolicyReviewForm,
) {
  await recordAdministrationChange(trx, actor, {
    subjectType: 'safeguarding-policy',
    subjectId: actor.organisationId,
    action: 'review dates recorded',
    before: before ? { lastReviewedOn: before.last_reviewed_on, lastApprovedOn: before.last_approved_on } : null,
    after: { lastReviewedOn: form.lastReviewedOn, lastApprovedOn: form.lastApprovedOn },
  });
}
