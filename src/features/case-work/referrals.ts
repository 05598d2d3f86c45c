import { randomUUID } from 'node:crypto';
import { type CaseFormStep, changeCase, targetOf } from '../../concerns/change-case.ts';
import { insertDisclosure } from '../../concerns/disclosures.queries.ts';
import { insertReferral, setReferralOutcome } from './case-work.queries.ts';
import type { InputOf, parseOutcome, parseReferral } from './case-work.schema.ts';

/** A referral to an agency (procedures 14.9), logged as a disclosure with its basis and consent. */
export const recordReferral: CaseFormStep<InputOf<typeof parseReferral>> = async (context) => {
  const { db, actor, concern, input } = context;
  const referralId = randomUUID();
  await changeCase(db, actor, targetOf(context), {
    step: 'refer',
    event: {
      kind: 'referral_made',
      details: { referralId, agencyId: input.agencyId, referredOn: input.referredOn, consent: input.consent },
    },
    apply: async (trx) => {
      await insertReferral(trx, actor, {
        id: referralId,
        concern_id: concern.id,
        agency_id: input.agencyId,
        referred_on: input.referredOn,
        external_reference: input.externalReference,
        professional: input.professional,
        consent: input.consent,
        no_consent_reason: input.consent === 'yes' ? null : input.noConsentReason,
        created_by: actor.userId,
        created_at: new Date().toISOString(),
      });
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
  });
};

/** What came of a referral (procedures 14.10). */
export const recordReferralOutcome: CaseFormStep<InputOf<typeof parseOutcome>> = async (context) => {
  const { db, actor, params, input } = context;
  const referralId = params.referralId ?? '';
  await changeCase(db, actor, targetOf(context), {
    step: 'record-referral-outcome',
    event: { kind: 'referral_outcome', details: { referralId, ...input } },
    apply: (trx) => setReferralOutcome(trx, actor, referralId, input),
  });
};
