import type { FastifyInstance } from 'fastify';
import { registerCaseForm } from '../../concerns/case-form.ts';
import type { HavenDb } from '../../db/connect.ts';
import { closureBlockerText, closureBlockers } from '../../domain/case-closure.ts';
import { HavenError } from '../../errors.ts';
import { findCaseFacts, findOpenEscalation } from './case-work.queries.ts';
import { parseClosingNote, parseReason } from './case-work.schema.ts';
import {
  closeConcern,
  escalateConcern,
  recordNoReferral,
  reopenConcern,
  resolveConcernEscalation,
} from './decisions.ts';

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
    save: recordNoReferral,
  });

  registerCaseForm(app, db, {
    path: 'escalate',
    access: 'case:work',
    template: 'case-work/views/escalate.njk',
    title: 'Escalate to a Designated Safeguarding Lead',
    choices: none,
    parse: (body) => parseReason(body, 'reason', 'Explain why you are escalating this concern'),
    save: escalateConcern,
  });

  registerCaseForm(app, db, {
    path: 'escalations/:escalationId/resolve',
    access: 'escalation:resolve',
    template: 'case-work/views/resolve-escalation.njk',
    title: 'Resolve the escalation',
    choices: async (db, actor, params) => {
      const escalation = await findOpenEscalation(db, actor, params.concernId, params.escalationId ?? '');
      if (!escalation) throw new HavenError('not-found');
      return { escalation };
    },
    parse: (body) => parseReason(body, 'resolution', 'Describe how the escalation was resolved'),
    save: resolveConcernEscalation,
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
    save: closeConcern,
  });

  registerCaseForm(app, db, {
    path: 'reopen',
    access: 'case:work',
    template: 'case-work/views/reopen.njk',
    title: 'Reopen this concern',
    choices: none,
    parse: (body) => parseReason(body, 'reason', 'Explain why you are reopening this concern'),
    save: reopenConcern,
  });
}
