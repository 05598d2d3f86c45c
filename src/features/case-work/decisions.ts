import { randomUUID } from 'node:crypto';
import { type CaseFormStep, changeCase, targetOf } from '../../concerns/change-case.ts';
import { closureBlockerText, closureBlockers } from '../../domain/case-closure.ts';
import { Refusal } from '../../errors.ts';
import { findCaseFacts, insertEscalation, resolveEscalation } from './case-work.queries.ts';

type Reason = { reason: string };

/** No referral required (procedures 14.11), with the reason. */
export const recordNoReferral: CaseFormStep<Reason> = async (context) => {
  const { db, actor, input } = context;
  await changeCase(db, actor, targetOf(context), {
    step: 'record-no-referral',
    concern: { no_referral_reason: input.reason },
    event: { kind: 'no_referral_required', details: { reason: input.reason } },
  });
};

/** Escalation to a Designated Safeguarding Lead (7.23, 9.32). */
export const escalateConcern: CaseFormStep<Reason> = async (context) => {
  const { db, actor, concern, input } = context;
  const escalationId = randomUUID();
  await changeCase(db, actor, targetOf(context), {
    step: 'escalate',
    event: { kind: 'escalated', details: { escalationId, reason: input.reason } },
    apply: (trx) =>
      insertEscalation(trx, actor, {
        id: escalationId,
        concern_id: concern.id,
        reason: input.reason,
        escalated_by: actor.userId,
        escalated_at: new Date().toISOString(),
      }),
  });
};

/** A DSL's resolution of an escalation. */
export const resolveConcernEscalation: CaseFormStep<Reason> = async (context) => {
  const { db, actor, params, input } = context;
  const escalationId = params.escalationId ?? '';
  await changeCase(db, actor, targetOf(context), {
    step: 'resolve-escalation',
    event: { kind: 'escalation_resolved', details: { escalationId, resolution: input.reason } },
    apply: (trx) => resolveEscalation(trx, actor, escalationId, input.reason),
  });
};

/** Closes the concern once nothing is left open (the closure rule, read inside the transaction). */
export const closeConcern: CaseFormStep<{ note: string }> = async (context) => {
  const { db, actor, concern, input } = context;
  await changeCase(db, actor, targetOf(context), {
    step: 'close',
    concern: { closed_at: new Date().toISOString() },
    event: { kind: 'closed', details: { note: input.note } },
    check: async (trx) => {
      const blockers = closureBlockers(await findCaseFacts(trx, actor, concern.id));
      if (blockers.length) throw new Refusal('step-not-allowed', blockers.map((b) => closureBlockerText[b]).join('. '));
    },
  });
};

/** Reopens a closed concern, with the reason. */
export const reopenConcern: CaseFormStep<Reason> = async (context) => {
  const { db, actor, input } = context;
  await changeCase(db, actor, targetOf(context), {
    step: 'reopen',
    concern: { closed_at: null },
    event: { kind: 'reopened', details: { reason: input.reason } },
  });
};
