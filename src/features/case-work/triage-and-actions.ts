import { randomUUID } from 'node:crypto';
import { type CaseStep, changeCase, targetOf } from '../../concerns/change-case.ts';
import { Refusal } from '../../errors.ts';
import { enqueueActionDirected } from '../../jobs/notify-action.ts';
import { insertAction } from './case-work.queries.ts';
import type { InputOf, parseAction, parseTriage } from './case-work.schema.ts';

/** Triage (policy 10.4, procedures 14.2): the risk, the decision and who owns the case. */
export const triageConcern: CaseStep<InputOf<typeof parseTriage>> = async (context) => {
  const { db, actor, concern, input } = context;
  if (concern.status !== 'awaiting_triage')
    throw new Refusal('step-not-allowed', 'This concern has already been triaged.');
  const now = new Date().toISOString();
  await changeCase(db, actor, targetOf(context), {
    concern: {
      status: 'open',
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
export const directAction: CaseStep<InputOf<typeof parseAction>> = async (context) => {
  const { db, actor, concern, input } = context;
  if (concern.status === 'closed') throw new Refusal('step-not-allowed', 'Reopen the concern before adding an action.');
  const actionId = randomUUID();
  await changeCase(db, actor, targetOf(context), {
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
