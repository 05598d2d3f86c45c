import { type CaseFormStep, changeCase, targetOf } from '../../concerns/change-case.ts';

type Reason = { reason: string };

/** A DSL restricts a concern to DSLs and the Head of Business Improvement (policy 14.4). */
export const restrictConcern: CaseFormStep<Reason> = async (context) => {
  const { db, actor, input } = context;
  await changeCase(db, actor, targetOf(context), {
    step: 'restrict',
    concern: {
      restricted: 1,
      restriction_kind: 'dsl',
      restriction_reason: input.reason,
      restricted_by: actor.userId,
      restricted_at: new Date().toISOString(),
    },
    event: { kind: 'restricted', details: { reason: input.reason } },
  });
};

/** A DSL lifts the restriction, with the reason. */
export const liftRestriction: CaseFormStep<Reason> = async (context) => {
  const { db, actor, input } = context;
  await changeCase(db, actor, targetOf(context), {
    step: 'lift-restriction',
    concern: {
      restricted: 0,
      restriction_kind: null,
      restriction_reason: null,
      restricted_by: null,
      restricted_at: null,
    },
    event: { kind: 'restriction_lifted', details: { reason: input.reason } },
  });
};
