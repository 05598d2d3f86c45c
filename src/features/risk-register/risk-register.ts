import { randomUUID } from 'node:crypto';
import { recordAdministrationChange } from '../../accounts/administration-change.ts';
import { updateAtVersion } from '../../assurance/update-at-version.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { Refusal, refusalAsValue } from '../../errors.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import type { ControlForm, RescoreForm, RiskChangeForm, RiskForm } from './risk-register.forms.ts';

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
      await updateAtVersion(
        trx,
        'risks',
        { id: riskId, organisation_id: actor.organisationId },
        form.version,
        {
          current_impact: form.currentImpact,
          current_probability: form.currentProbability,
          comments: form.comments,
          review_on: form.reviewOn,
          updated_at: now.toISOString(),
        },
        new Refusal('person-changed', 'Someone else reviewed this risk since you opened it. Check it, then try again.'),
      );
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
      after: controlFacts(form),
    });
  });
}

const changedMeanwhile =
  'Someone else changed this risk since you opened it, or it is closed. Check it, then try again.';

/**
 * Moves an open risk to its next version if it is still at the version the form was shown with;
 * throws the refusal otherwise, so nothing else in the transaction is written.
 */
async function claimVersion(trx: HavenDb, actor: Actor, riskId: string, version: number, now: Date) {
  const openRisk = { id: riskId, organisation_id: actor.organisationId, closed_on: null };
  const refusal = new Refusal('person-changed', changedMeanwhile);
  await updateAtVersion(trx, 'risks', openRisk, version, { updated_at: now.toISOString() }, refusal);
}

/** Changes what a risk is, its owner and its gross and residual scores (the current score is reviewed). */
export async function changeRisk(db: HavenDb, actor: Actor, riskId: string, form: RiskChangeForm, now = new Date()) {
  return refusalAsValue(() =>
    db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('risks')
        .select([
          'title',
          'description',
          'gross_impact',
          'gross_probability',
          'residual_impact',
          'residual_probability',
        ])
        .where('id', '=', riskId)
        .where('organisation_id', '=', actor.organisationId)
        .executeTakeFirst();
      await claimVersion(trx, actor, riskId, form.version, now);
      await trx
        .updateTable('risks')
        .set({
          title: form.title,
          description: form.description,
          kind: form.kind,
          cause: form.cause,
          consequence: form.consequence,
          owner_name: form.ownerName,
          gross_impact: form.grossImpact,
          gross_probability: form.grossProbability,
          residual_impact: form.residualImpact,
          residual_probability: form.residualProbability,
        })
        .where('id', '=', riskId)
        .execute();
      // The owner is a person's name: the history keeps the risk's name and scores, as when raised.
      await recordAdministrationChange(trx, actor, {
        subjectType: 'risk',
        subjectId: riskId,
        action: 'changed',
        before: before
          ? {
              name: `${before.title}: ${before.description}`.slice(0, 120),
              grossImpact: before.gross_impact,
              grossProbability: before.gross_probability,
              residualImpact: before.residual_impact,
              residualProbability: before.residual_probability,
            }
          : null,
        after: {
          name: `${form.title}: ${form.description}`.slice(0, 120),
          grossImpact: form.grossImpact,
          grossProbability: form.grossProbability,
          residualImpact: form.residualImpact,
          residualProbability: form.residualProbability,
        },
      });
      return 'changed' as const;
    }),
  );
}

/** Closes a risk today: it leaves the open list and the heat map for the closed list. */
export async function closeRisk(db: HavenDb, actor: Actor, riskId: string, version: number, now = new Date()) {
  return refusalAsValue(() =>
    db.transaction().execute(async (trx) => {
      await claimVersion(trx, actor, riskId, version, now);
      const closedOn = todayInLondon(now);
      await trx.updateTable('risks').set({ closed_on: closedOn }).where('id', '=', riskId).execute();
      await recordAdministrationChange(trx, actor, {
        subjectType: 'risk',
        subjectId: riskId,
        action: 'closed',
        before: { closedOn: null },
        after: { closedOn },
      });
      return 'changed' as const;
    }),
  );
}

/** A control as the administration history names it: enough to know it, not the whole text. */
function controlFacts(control: { description: string; dueOn: string | null; status: string }) {
  return { control: control.description.slice(0, 120), dueOn: control.dueOn, status: control.status };
}

/** The control as it was before a change, for the history; null if it is not the risk's. */
async function controlAsRecorded(trx: HavenDb, riskId: string, controlId: string) {
  const control = await trx
    .selectFrom('risk_controls')
    .select(['description', 'due_on as dueOn', 'status'])
    .where('id', '=', controlId)
    .where('risk_id', '=', riskId)
    .executeTakeFirst();
  return control ? controlFacts(control) : null;
}

/** Changes one of a risk's controls; the risk's version guards against two people at once. */
export async function changeControl(
  db: HavenDb,
  actor: Actor,
  riskId: string,
  controlId: string,
  form: ControlForm & { version: number },
  now = new Date(),
) {
  return refusalAsValue(() =>
    db.transaction().execute(async (trx) => {
      const before = await controlAsRecorded(trx, riskId, controlId);
      await claimVersion(trx, actor, riskId, form.version, now);
      await trx
        .updateTable('risk_controls')
        .set({
          description: form.description,
          due_on: form.dueOn,
          status: form.status,
          progress_percent: form.progress,
          action_owner: form.actionOwner,
        })
        .where('id', '=', controlId)
        .where('risk_id', '=', riskId)
        .execute();
      await recordAdministrationChange(trx, actor, {
        subjectType: 'risk',
        subjectId: riskId,
        action: 'control changed',
        before,
        after: controlFacts(form),
      });
      return 'changed' as const;
    }),
  );
}

/** Removes a control from a risk, kept in the administration history by its description. */
export async function removeControl(
  db: HavenDb,
  actor: Actor,
  riskId: string,
  controlId: string,
  version: number,
  now = new Date(),
) {
  return refusalAsValue(() =>
    db.transaction().execute(async (trx) => {
      const before = await controlAsRecorded(trx, riskId, controlId);
      await claimVersion(trx, actor, riskId, version, now);
      await trx.deleteFrom('risk_controls').where('id', '=', controlId).where('risk_id', '=', riskId).execute();
      await recordAdministrationChange(trx, actor, {
        subjectType: 'risk',
        subjectId: riskId,
        action: 'control removed',
        before,
        after: null,
      });
      return 'changed' as const;
    }),
  );
}
