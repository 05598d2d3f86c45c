import type { FastifyInstance } from 'fastify';
import { registerCaseForm } from '../../concerns/case-form.ts';
import { listAgencies, listReferralOutcomes } from '../../concerns/organisation-lists.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import { lawfulBases } from '../../domain/lawful-basis.ts';
import { HavenError } from '../../errors.ts';
import { findReferral } from './case-work.queries.ts';
import { parseOutcome, parseReferral } from './case-work.schema.ts';
import { recordReferral, recordReferralOutcome } from './referrals.ts';

const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);

/** Referrals (procedures 14.9–14.10): who, when, their reference, who was spoken to, consent, outcome. */
export function registerReferralRoutes(app: FastifyInstance, db: HavenDb): void {
  registerCaseForm(app, db, {
    path: 'referrals/new',
    access: 'case:work',
    template: 'case-work/views/referral.njk',
    title: 'Record a referral',
    choices: async (db, actor) => ({ agencies: await listAgencies(db, actor.organisationId), lawfulBases }),
    parse: (body, { agencies }) => parseReferral(body, ids(agencies)),
    save: recordReferral,
  });

  registerCaseForm(app, db, {
    path: 'referrals/:referralId/outcome',
    access: 'case:work',
    template: 'case-work/views/referral-outcome.njk',
    title: 'Record the outcome of a referral',
    choices: async (db, actor, params) => {
      const referral = await findReferral(db, actor, params.concernId, params.referralId ?? '');
      if (!referral) throw new HavenError('not-found');
      return { referral, outcomes: await listReferralOutcomes(db, actor.organisationId) };
    },
    parse: (body, { outcomes, referral }) => parseOutcome(body, ids(outcomes), referral.referredOn),
    save: recordReferralOutcome,
  });
}
