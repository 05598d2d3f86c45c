import { randomUUID } from 'node:crypto';
import { recordAdministrationChange } from '../../accounts/administration-change.ts';
import { addPlanAction } from '../../assurance/action-plan.queries.ts';
import { updateAtVersion } from '../../assurance/update-at-version.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { ActionPlanStatus } from '../../db/schema.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { refusalAsValue } from '../../errors.ts';
import type { ActionChangeForm, DocumentControlForm, NewActionForm } from './action-plan.forms.ts';

// The action plan's steps, each one transaction: a stale version is refused inside it
// (updateAtVersion), so the second of two editors is told and nothing of theirs is written.

/** Raises an action in the year's plan through the kernel (the one way into the plan). */
export async function raisePlanAction(db: HavenDb, actor: Actor, form: NewActionForm, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const id = await addPlanAction(
      trx,
      {
        organisationId: actor.organisationId,
        yearLabel: form.year,
        action: form.action,
        leadName: form.leadName,
        leadUserId: form.leadUserId,
        dueOn: form.dueOn,
        timescale: form.timescale,
        standardArea: form.standardArea,
        objective: form.objective,
        input: form.input,
        desiredOutcome: form.desiredOutcome,
        createdBy: actor.userId,
      },
      now,
    );
    await recordAdministrationChange(trx, actor, {
      subjectType: 'plan-action',
      subjectId: id,
      action: 'raised',
      before: null,
      after: { name: summary(form.action), year: form.year, dueOn: form.dueOn, leadUserId: form.leadUserId },
    });
    return id;
  });
}

/**
 * Changes an action's text, objective, input, desired outcome, lead or timing. A new due date
 * makes a new overdue reminder possible (the reminder is once per due date).
 */
export async function changePlanAction(
  db: HavenDb,
  actor: Actor,
  actionId: string,
  form: ActionChangeForm,
  now = new Date(),
) {
  return refusalAsValue(() =>
    db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('action_plan_actions')
        .select(['action', 'due_on', 'timescale', 'lead_user_id'])
        .where('id', '=', actionId)
        .where('organisation_id', '=', actor.organisationId)
        .executeTakeFirst();
      const action = { id: actionId, organisation_id: actor.organisationId };
      await updateAtVersion(trx, 'action_plan_actions', action, form.version, {
        action: form.action,
        objective: form.objective,
        input: form.input,
        desired_outcome: form.desiredOutcome,
        lead_name: form.leadName,
        lead_user_id: form.leadUserId,
        due_on: form.dueOn,
        timescale: form.timescale,
        updated_at: now.toISOString(),
      });
      // The lead's name is a person's name: the history keeps their account id, as when raised.
      await recordAdministrationChange(trx, actor, {
        subjectType: 'plan-action',
        subjectId: actionId,
        action: 'changed',
        before: before
          ? {
              name: summary(before.action),
              dueOn: before.due_on,
              timescale: before.timescale,
              leadUserId: before.lead_user_id,
            }
          : null,
        after: {
          name: summary(form.action),
          dueOn: form.dueOn,
          timescale: form.timescale,
          leadUserId: form.leadUserId,
        },
      });
      return 'changed' as const;
    }),
  );
}

/** An action's words as the history names it: enough to know it, not the whole text. */
function summary(text: string): string {
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** A dated update on an action; never overwrites an earlier one. */
export async function addPlanUpdate(
  db: HavenDb,
  actor: Actor,
  actionId: string,
  update: { writtenOn: string; body: string },
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('action_plan_updates')
      .values({
        id: randomUUID(),
        action_id: actionId,
        written_on: update.writtenOn,
        body: update.body,
        written_by: actor.userId,
        created_at: now.toISOString(),
      })
      .execute();
    await trx
      .updateTable('action_plan_actions')
      .set({ updated_at: now.toISOString() })
      .where('id', '=', actionId)
      .where('organisation_id', '=', actor.organisationId)
      .execute();
    await recordAdministrationChange(trx, actor, {
      subjectType: 'plan-action',
      subjectId: actionId,
      action: 'update added',
      before: null,
      after: { updateWrittenOn: update.writtenOn },
    });
  });
}

/** Moves an action on; completing it dates it and puts it in the year's completed list. */
export async function changeActionStatus(
  db: HavenDb,
  actor: Actor,
  actionId: string,
  change: { status: ActionPlanStatus; version: number },
  now = new Date(),
) {
  return refusalAsValue(() =>
    db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('action_plan_actions')
        .select('status')
        .where('id', '=', actionId)
        .where('organisation_id', '=', actor.organisationId)
        .executeTakeFirst();
      const action = { id: actionId, organisation_id: actor.organisationId };
      await updateAtVersion(trx, 'action_plan_actions', action, change.version, {
        status: change.status,
        completed_on: change.status === 'completed' ? todayInLondon(now) : null,
        updated_at: now.toISOString(),
      });
      await recordAdministrationChange(trx, actor, {
        subjectType: 'plan-action',
        subjectId: actionId,
        action: 'status changed',
        before: { status: before?.status ?? null },
        after: { status: change.status },
      });
      return 'changed' as const;
    }),
  );
}

export async function changeDocumentControl(db: HavenDb, actor: Actor, planId: string, form: DocumentControlForm) {
  return refusalAsValue(() =>
    db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('action_plans')
        .select(['last_reviewed_on', 'next_review_on', 'document_version'])
        .where('id', '=', planId)
        .where('organisation_id', '=', actor.organisationId)
        .executeTakeFirst();
      const plan = { id: planId, organisation_id: actor.organisationId };
      await updateAtVersion(trx, 'action_plans', plan, form.version, {
        owner: form.owner,
        author: form.author,
        last_reviewed_on: form.lastReviewedOn,
        next_review_on: form.nextReviewOn,
        document_version: form.documentVersion,
      });
      // Owner and author are people's names: the history records the dates and version only.
      await recordAdministrationChange(trx, actor, {
        subjectType: 'action-plan',
        subjectId: planId,
        action: 'document control changed',
        before: before
          ? {
              lastReviewedOn: before.last_reviewed_on,
              nextReviewOn: before.next_review_on,
              documentVersion: before.document_version,
            }
          : null,
        after: {
          lastReviewedOn: form.lastReviewedOn,
          nextReviewOn: form.nextReviewOn,
          documentVersion: form.documentVersion,
        },
      });
      return 'changed' as const;
    }),
  );
}
