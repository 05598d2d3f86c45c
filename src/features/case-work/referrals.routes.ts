import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { lawfulBases } from '../../domain/lawful-basis.ts';
import { HavenError } from '../../errors.ts';
import { insertDisclosure } from '../information-sharing/information-sharing.queries.ts';
import { registerCaseForm } from './case-form.ts';
import { listAgencies, listReferralOutcomes } from './case-work.queries.ts';
import { parseOutcome, parseReferral } from './case-work.schema.ts';
import { CaseStepRefused, changeCase } from './change-case.ts';

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
    save: async ({ db, actor, concern, version, input, requestId }) => {
      if (concern.status === 'closed') throw new CaseStepRefused('Reopen the concern before recording a referral.');
      const referralId = randomUUID();
      await changeCase(
        db,
        actor,
        { concernId: concern.id, version, requestId },
        {
          event: {
            kind: 'referral_made',
            details: { referralId, agencyId: input.agencyId, referredOn: input.referredOn, consent: input.consent },
          },
          apply: async (trx) => {
            await trx
              .insertInto('referrals')
              .values({
                id: referralId,
                organisation_id: actor.organisationId,
                concern_id: concern.id,
                agency_id: input.agencyId,
                referred_on: input.referredOn,
                external_reference: input.externalReference,
                professional: input.professional,
                consent: input.consent,
                no_consent_reason: input.consent === 'yes' ? null : input.noConsentReason,
                created_by: actor.userId,
                created_at: new Date().toISOString(),
              })
              .execute();
            // A referral is a disclosure: the sharing log records it with its basis and consent.
            await insertDisclosure(trx, actor, {
              concernId: concern.id,
              referralId,
              sharedOn: input.referredOn,
              what: 'Referral: the details of this concern',
              agencyId: input.agencyId,
              recipient: input.professional,
              lawfulBasis: input.lawfulBasis,
              consent: input.consent,
              noConsentReason: input.noConsentReason,
            });
          },
        },
      );
    },
  });

  registerCaseForm(app, db, {
    path: 'referrals/:referralId/outcome',
    access: 'case:work',
    template: 'case-work/views/referral-outcome.njk',
    title: 'Record the outcome of a referral',
    choices: async (db, actor, params) => {
      const referral = await db
        .selectFrom('referrals')
        .innerJoin('agencies', 'agencies.id', 'referrals.agency_id')
        .select(['referrals.id', 'referrals.referred_on as referredOn', 'agencies.name as agency'])
        .where('referrals.organisation_id', '=', actor.organisationId)
        .where('referrals.concern_id', '=', params.concernId)
        .where('referrals.id', '=', params.referralId ?? '')
        .executeTakeFirst();
      if (!referral) throw new HavenError('not-found');
      return { referral, outcomes: await listReferralOutcomes(db, actor.organisationId) };
    },
    parse: (body, { outcomes, referral }) => parseOutcome(body, ids(outcomes), referral.referredOn),
    save: async ({ db, actor, concern, params, version, input, requestId }) => {
      const referralId = params.referralId ?? '';
      await changeCase(
        db,
        actor,
        { concernId: concern.id, version, requestId },
        {
          event: { kind: 'referral_outcome', details: { referralId, ...input } },
          apply: async (trx) => {
            await trx
              .updateTable('referrals')
              .set({ outcome_id: input.outcomeId, outcome_on: input.outcomeOn })
              .where('organisation_id', '=', actor.organisationId)
              .where('id', '=', referralId)
              .execute();
          },
        },
      );
    },
  });
}
