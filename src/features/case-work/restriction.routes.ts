import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { registerCaseForm } from './case-form.ts';
import { parseReason } from './case-work.schema.ts';
import { CaseStepRefused, changeCase } from './change-case.ts';

const none = async () => ({});

/** A DSL restricts any concern to DSLs and the Head of Business Improvement, or lifts it (policy 14.4). */
export function registerRestrictionRoutes(app: FastifyInstance, db: HavenDb): void {
  registerCaseForm(app, db, {
    path: 'restrict',
    access: 'concern:restrict',
    template: 'case-work/views/restrict.njk',
    title: 'Restrict this concern',
    choices: none,
    parse: (body) => parseReason(body, 'reason', 'Explain why this concern must be restricted'),
    save: async ({ db, actor, concern, version, input, requestId }) => {
      if (concern.restricted) throw new CaseStepRefused('This concern is already restricted.');
      await changeCase(
        db,
        actor,
        { concernId: concern.id, version, requestId },
        {
          concern: {
            restricted: 1,
            restriction_kind: 'dsl',
            restriction_reason: input.reason,
            restricted_by: actor.userId,
            restricted_at: new Date().toISOString(),
          },
          event: { kind: 'restricted', details: { reason: input.reason } },
        },
      );
    },
  });

  registerCaseForm(app, db, {
    path: 'lift-restriction',
    access: 'concern:restrict',
    template: 'case-work/views/lift-restriction.njk',
    title: 'Lift the restriction',
    choices: none,
    parse: (body) => parseReason(body, 'reason', 'Explain why the restriction can be lifted'),
    save: async ({ db, actor, concern, version, input, requestId }) => {
      if (!concern.restricted) throw new CaseStepRefused('This concern is not restricted.');
      await changeCase(
        db,
        actor,
        { concernId: concern.id, version, requestId },
        {
          concern: {
            restricted: 0,
            restriction_kind: null,
            restriction_reason: null,
            restricted_by: null,
            restricted_at: null,
          },
          event: { kind: 'restriction_lifted', details: { reason: input.reason } },
        },
      );
    },
  });
}
