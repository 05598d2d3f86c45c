import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { closureBlockerText, closureBlockers } from '../../domain/case-closure.ts';
import { HavenError } from '../../errors.ts';
import { registerCaseForm } from './case-form.ts';
import { findCaseFacts } from './case-work.queries.ts';
import { parseClosingNote, parseReason } from './case-work.schema.ts';
import { CaseStepRefused, changeCase } from './change-case.ts';

const none = async () => ({});

/** No referral required (14.11), escalation to a DSL (7.23, 9.32), closing and reopening. */
export function registerDecisionRoutes(app: FastifyInstance, db: HavenDb): void {
  registerCaseForm(app, db, {
    path: 'no-referral',
    access: 'case:work',
    template: 'case-work/views/no-referral.njk',
    title: 'No referral required',
    choices: none,
    parse: (body) => parseReason(body, 'reason', 'Explain why no referral is required'),
    save: async ({ db, actor, concern, version, input, requestId }) => {
      if (concern.status !== 'open')
        throw new CaseStepRefused('Only an open, triaged concern can record this decision.');
      await changeCase(
        db,
        actor,
        { concernId: concern.id, version, requestId },
        {
          concern: { no_referral_reason: input.reason },
          event: { kind: 'no_referral_required', details: { reason: input.reason } },
        },
      );
    },
  });

  registerCaseForm(app, db, {
    path: 'escalate',
    access: 'case:work',
    template: 'case-work/views/escalate.njk',
    title: 'Escalate to a Designated Safeguarding Lead',
    choices: none,
    parse: (body) => parseReason(body, 'reason', 'Explain why you are escalating this concern'),
    save: async ({ db, actor, concern, version, input, requestId }) => {
      const escalationId = randomUUID();
      await changeCase(
        db,
        actor,
        { concernId: concern.id, version, requestId },
        {
          event: { kind: 'escalated', details: { escalationId, reason: input.reason } },
          apply: async (trx) => {
            await trx
              .insertInto('escalations')
              .values({
                id: escalationId,
                organisation_id: actor.organisationId,
                concern_id: concern.id,
                reason: input.reason,
                escalated_by: actor.userId,
                escalated_at: new Date().toISOString(),
              })
              .execute();
          },
        },
      );
    },
  });

  registerCaseForm(app, db, {
    path: 'escalations/:escalationId/resolve',
    access: 'escalation:resolve',
    template: 'case-work/views/resolve-escalation.njk',
    title: 'Resolve the escalation',
    choices: async (db, actor, params) => {
      const escalation = await db
        .selectFrom('escalations')
        .select(['id', 'reason'])
        .where('organisation_id', '=', actor.organisationId)
        .where('concern_id', '=', params.concernId)
        .where('id', '=', params.escalationId ?? '')
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      if (!escalation) throw new HavenError('not-found');
      return { escalation };
    },
    parse: (body) => parseReason(body, 'resolution', 'Describe how the escalation was resolved'),
    save: async ({ db, actor, concern, params, version, input, requestId }) => {
      await changeCase(
        db,
        actor,
        { concernId: concern.id, version, requestId },
        {
          event: {
            kind: 'escalation_resolved',
            details: { escalationId: params.escalationId, resolution: input.reason },
          },
          apply: async (trx) => {
            await trx
              .updateTable('escalations')
              .set({ resolution: input.reason, resolved_by: actor.userId, resolved_at: new Date().toISOString() })
              .where('organisation_id', '=', actor.organisationId)
              .where('id', '=', params.escalationId ?? '')
              .execute();
          },
        },
      );
    },
  });

  registerCaseForm(app, db, {
    path: 'close',
    access: 'case:work',
    template: 'case-work/views/close.njk',
    title: 'Close this concern',
    choices: async (db, actor, params) => ({
      blockers: closureBlockers(await findCaseFacts(db, actor, params.concernId)).map((b) => closureBlockerText[b]),
    }),
    parse: (body) => parseClosingNote(body),
    save: async ({ db, actor, concern, version, input, requestId }) => {
      await changeCase(
        db,
        actor,
        { concernId: concern.id, version, requestId },
        {
          concern: { status: 'closed', closed_at: new Date().toISOString() },
          event: { kind: 'closed', details: { note: input.note } },
          check: async (trx) => {
            const blockers = closureBlockers(await findCaseFacts(trx, actor, concern.id));
            if (blockers.length) throw new CaseStepRefused(blockers.map((b) => closureBlockerText[b]).join('. '));
          },
        },
      );
    },
  });

  registerCaseForm(app, db, {
    path: 'reopen',
    access: 'case:work',
    template: 'case-work/views/reopen.njk',
    title: 'Reopen this concern',
    choices: none,
    parse: (body) => parseReason(body, 'reason', 'Explain why you are reopening this concern'),
    save: async ({ db, actor, concern, version, input, requestId }) => {
      if (concern.status !== 'closed') throw new CaseStepRefused('The concern is not closed.');
      await changeCase(
        db,
        actor,
        { concernId: concern.id, version, requestId },
        {
          concern: { status: 'open', closed_at: null },
          event: { kind: 'reopened', details: { reason: input.reason } },
        },
      );
    },
  });
}
