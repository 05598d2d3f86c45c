import { randomUUID } from 'node:crypto';
import { recordAdministrationChange } from '../../accounts/administration-change.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { Refusal, refusalAsValue } from '../../errors.ts';
import type { ControlForm, RescoreForm, RiskForm } from './risk-register.forms.ts';

// The risk register's steps, one transaction each; a review with a stale version is refused.

export async function raiseRisk(db: HavenDb, actor: Actor, form: RiskForm, now = new Date()): Promise<string> {
  const id = randomUUID();
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('risks')
      .values({
        id,
        organisation_id: actor.organisationId,
        reference: null,
        title: form.title,
        description: form.description,
        kind: form.kind,
        cause: form.cause,
        consequence: form.consequence,
        raised_on: form.raisedOn,
        owner_name: form.ownerName,
        gross_impact: form.grossImpact,
        gross_probability: form.grossProbability,
        current_impact: form.currentImpact,
        current_probability: form.currentProbability,
        residual_impact: form.residualImpact,
        residual_probability: form.residualProbability,
        comments: form.comments,
        review_on: form.reviewOn,
        closed_on: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await recordAdministrationChange(trx, actor, {
      subjectType: 'risk',
      subjectId: id,
      action: 'raised',
      before: null,
      after: { name: `${form.title}: ${form.description}`.slice(0, 120), ...scores(form) },
    });
  });
  return id;
}

function scores(form: { currentImpact: number; currentProbability: number }) {
  return { currentImpact: form.currentImpact, currentProbability: form.currentProbability };
}

export async function reviewRisk(db: HavenDb, actor: Actor, riskId: string, form: RescoreForm, now = new Date()) {
  return refusalAsValue(() =>
    db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('risks')
        .select(['current_impact', 'current_probability', 'review_on'])
        .where('id', '=', riskId)
        .where('organisation_id', '=', actor.organisationId)
        .executeTakeFirst();
      const result = await trx
        .updateTable('risks')
        .set((eb) => ({
          current_impact: form.currentImpact,
          current_probability: form.currentProbability,
          comments: form.comments,
          review_on: form.reviewOn,
          version: eb('version', '+', 1),
          updated_at: now.toISOString(),
        }))
        .where('id', '=', riskId)
        .where('organisation_id', '=', actor.organisationId)
        .where('version', '=', form.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        throw new Refusal(
          'person-changed',
          'Someone else reviewed this risk since you opened it. Check it, then try again.',
        );
      }
      await recordAdministrationChange(trx, actor, {
        subjectType: 'risk',
        subjectId: riskId,
        action: 'reviewed',
        before: before
          ? {
              currentImpact: before.current_impact,
              currentProbability: before.current_probability,
              reviewOn: before.review_on,
            }
          : null,
        after: { ...scores(form), reviewOn: form.reviewOn },
      });
      return 'reviewed' as const;
    }),
  );
}

export async function addControl(db: HavenDb, actor: Actor, riskId: string, form: ControlForm): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('risk_controls')
      .select(({ fn }) => fn.max<number>('position').as('position'))
      .where('risk_id', '=', riskId)
      .executeTakeFirst();
    await trx
      .insertInto('risk_controls')
      .values({
        id: randomUUID(),
        risk_id: riskId,
        position: Number(last?.position ?? 0) + 1,
        description: form.description,
        due_on: form.dueOn,
        status: form.status,
        progress_percent: form.progress,
        action_owner: form.actionOwner,
      })
      .execute();
    await recordAdministrationChange(trx, actor, {
      subjectType: 'risk',
      subjectId: riskId,
      action: 'control added',
      before: null,
      after: { control: form.description.slice(0, 120), dueOn: form.dueOn, status: form.status },
    });
  });
}
