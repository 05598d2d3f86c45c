import { randomUUID } from 'node:crypto';
import { type CaseFormStep, changeCase, targetOf } from '../../concerns/change-case.ts';
import { enqueueActionDirected } from '../../jobs/notify-action.ts';
import { insertAction } from './case-work.queries.ts';
import type { InputOf, parseAction, parseTriage } from './case-work.schema.ts';

/** Triage (policy 10.4, procedures 14.2): the risk, the decision and who owns the case. */
export const triageConcern: CaseFormStep<InputOf<typeof parseTriage>> = async (context) => {
  const { db, actor, input } = context;
  const now = new Date().toISOString();
  await changeCase(db, actor, targetOf(context), {
    step: 'triage',
    concern: {
      triaged_at: now,
      triaged_by: actor.userId,
      owner_id: input.ownerId,
      risk_level: input.riskLevel,
      triage_notes: input.decision,
    },
    event: {
      kind: 'triaged',
      details: { riskLevel: input.riskLevel, ownerId: input.ownerId, decision: input.decision },
    },
  });
};

/** An action a DSO directs to someone, who is emailed a link to it. */
export const directAction: CaseFormStep<InputOf<typeof parseAction>> = async (context) => {
  const { db, actor, concern, input } = context;
  const actionId = randomUUID();
  await changeCase(db, actor, targetOf(context), {
    step: 'direct-action',
    event: { kind: 'action_added', details: { actionId, ...input } },
    apply: async (trx) => {
      await insertAction(trx, actor, {
        id: actionId,
        concern_id: concern.id,
        description: input.description,
        assignee_id: input.assigneeId,
        due_on: input.dueOn,
        created_by: actor.userId,
        created_at: new Date().toISOString(),
      });
      await enqueueActionDirected(trx, { organisationId: actor.organisationId, actionId });
    },
  });
};
