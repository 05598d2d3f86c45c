import { type CaseFormStep, changeCase, targetOf } from '../../concerns/change-case.ts';
import { insertDisclosure } from '../../concerns/disclosures.queries.ts';
import type { parseDisclosure } from './disclosure.schema.ts';

type Disclosure = Extract<ReturnType<typeof parseDisclosure>, { ok: true }>['input'];

/** Logs information shared about a concern, on its timeline and in the audit trail. */
export const recordDisclosure: CaseFormStep<Disclosure> = async (context) => {
  const { db, actor, concern, input } = context;
  await changeCase(db, actor, targetOf(context), {
    step: 'share-information',
    event: { kind: 'information_shared', details: { agencyId: input.agencyId, sharedOn: input.sharedOn } },
    apply: (trx) => insertDisclosure(trx, actor, { concernId: concern.id, ...input }),
  });
};
