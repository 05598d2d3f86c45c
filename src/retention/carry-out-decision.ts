import { recordAuditEvents } from '../concerns/audit.queries.ts';
import type { AttachmentStore } from '../attachment-store/attachment-store.ts';
import type { HavenDb } from '../db/connect.ts';
import { holdsCovering } from './legal-holds.queries.ts';
import { encryptField } from '../field-encryption/field-encryption.ts';
import { writeConcernSearch } from '../db/full-text-search.ts';

export type CarriedOut = 'disposed' | 'anonymised' | 'already-done' | 'held' | 'not-found';

/**
 * Carries out a DSL's decision to dispose of or anonymise a concern, in one transaction. The
 * decision is claimed first with a conditional update (pending → done): a second worker, or a
 * retry, finds nothing to claim and does nothing; on PostgreSQL its update waits for the first
 * transaction's row lock and then sees the row already done. A hold placed after the decision
 * still wins: the decision is marked held and nothing is removed.
 *
 * Removing personal data keeps the concern's row as its stub (reference, dates, status, and
 * the decision row: kind, rule, who decided) and its categories (counted in reports, naming
 * no one). Disposal deletes everything else it holds; anonymisation keeps the shape of the case
 * work (referrals, disclosures, actions, escalations with their dates and agencies) without
 * free text or anyone's details.
 */
export async function carryOutRetentionDecision(
  db: HavenDb,
  organisationId: string,
  decisionId: string,
  attachments: AttachmentStore,
  now: Date,
): Promise<CarriedOut> {
  return db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const claimed = await trx
      .updateTable('retention_decisions')
      .set({ status: 'done', carried_out_at: at })
      .where('id', '=', decisionId)
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'pending')
      .where('decision', 'in', ['dispose', 'anonymise'])
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) {
      const exists = await trx
        .selectFrom('retention_decisions')
        .select('id')
        .where('id', '=', decisionId)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      return exists ? 'already-done' : 'not-found';
    }
    const decision = await trx
      .selectFrom('retention_decisions')
      .select(['concern_id', 'decision', 'decided_by'])
      .where('id', '=', decisionId)
      .executeTakeFirstOrThrow();
    const concernId = decision.concern_id;
    if ((await holdsCovering(trx, organisationId, concernId)).length > 0) {
      await trx
        .updateTable('retention_decisions')
        .set({ status: 'held', carried_out_at: null })
        .where('id', '=', decisionId)
        .execute();
      return 'held';
    }
    const scope = { trx, organisationId, concernId };
    await removeAttachments(scope, attachments);
    await removePeople(scope, decision.decision === 'dispose');
    if (decision.decision === 'dispose') await removeCaseWork(scope);
    else await blankCaseWork(scope);
    await blankConcern(scope, at);
    const action = decision.decision === 'dispose' ? 'concern.disposed' : 'concern.anonymised';
    await recordAuditEvents(trx, { userId: decision.decided_by, organisationId }, action, [concernId], null);
    return decision.decision === 'dispose' ? 'disposed' : 'anonymised';
  });
}

type Scope = Readonly<{ trx: HavenDb; organisationId: string; concernId: string }>;

/** Rows go in the transaction; bytes go after the claim, so a retry after a crash finds them gone already. */
async function removeAttachments({ trx, organisationId, concernId }: Scope, store: AttachmentStore) {
  const attachments = await trx
    .selectFrom('attachments')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('concern_id', '=', concernId)
    .execute();
  await trx
    .deleteFrom('attachments')
    .where('organisation_id', '=', organisationId)
    .where('concern_id', '=', concernId)
    .execute();
  // The one place disposal removes bytes, from whichever store holds them (a file, or the database's chunks).
  for (const { id } of attachments) await store.discard(organisationId, id);
}

const personDetails = [
  ['name', 'name_from_concern_id'],
  ['date_of_birth', 'date_of_birth_from_concern_id'],
  ['approximate_age', 'approximate_age_from_concern_id'],
  ['address', 'address_from_concern_id'],
] as const;

/**
 * People named on the concern lose the concern's details and their link to it. A person in the
 * index keeps what other concerns recorded; one left with no concern keeps no details at all.
 */
async function removePeople({ trx, organisationId, concernId }: Scope, deleteRows: boolean) {
  const linked = await trx
    .selectFrom('concern_people')
    .select('person_id')
    .where('organisation_id', '=', organisationId)
    .where('concern_id', '=', concernId)
    .where('person_id', 'is not', null)
    .execute();
  if (deleteRows) {
    await trx
      .deleteFrom('concern_people')
      .where('organisation_id', '=', organisationId)
      .where('concern_id', '=', concernId)
      .execute();
  } else {
    await trx
      .updateTable('concern_people')
      .where('organisation_id', '=', organisationId)
      .where('concern_id', '=', concernId)
      .set({ name: null, date_of_birth: null, approximate_age: null, address: null, person_id: null })
      .execute();
  }
  await trx
    .deleteFrom('person_events')
    .where('organisation_id', '=', organisationId)
    .where('concern_id', '=', concernId)
    .execute();
  for (const [detail, source] of personDetails) {
    const cleared =
      detail === 'approximate_age' ? { approximate_age: null, approximate_age_on: null } : { [detail]: null };
    const derived = detail === 'name' ? { name_key: null } : detail === 'address' ? { postcode: null } : {};
    await trx
      .updateTable('people')
      .set({ ...cleared, ...derived, [source]: null })
      .where('organisation_id', '=', organisationId)
      .where(source, '=', concernId)
      .execute();
  }
  const personIds = [...new Set(linked.map((row) => row.person_id!))];
  for (const personId of personIds) await forgetIfUnlinked(trx, organisationId, personId);
}

async function forgetIfUnlinked(trx: HavenDb, organisationId: string, personId: string) {
  const stillNamed = await trx
    .selectFrom('concern_people')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (stillNamed) return;
  await trx
    .updateTable('people')
    .set({
      name: null,
      date_of_birth: null,
      approximate_age: null,
      approximate_age_on: null,
      address: null,
      name_key: null,
      postcode: null,
      household_id: null,
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', personId)
    .execute();
  await trx
    .deleteFrom('person_events')
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', personId)
    .execute();
}

const caseWorkTables = [
  'disclosures',
  'referrals',
  'escalations',
  'concern_actions',
  'concern_events',
  'concern_child_urgent_signs',
  'concern_routes',
] as const;

async function removeCaseWork({ trx, organisationId, concernId }: Scope) {
  // Disclosures first: they may name a referral.
  for (const table of caseWorkTables) {
    await trx
      .deleteFrom(table)
      .where('organisation_id', '=', organisationId)
      .where('concern_id', '=', concernId)
      .execute();
  }
}

async function blankCaseWork({ trx, organisationId, concernId }: Scope) {
  await trx
    .updateTable('disclosures')
    // An encrypted column never holds plaintext, not even an empty string (issue 13).
    .set({ what: encryptField(''), recipient: '', no_consent_reason: null })
    .where('organisation_id', '=', organisationId)
    .where('concern_id', '=', concernId)
    .execute();
  await trx
    .updateTable('referrals')
    .set({ professional: '', external_reference: '', no_consent_reason: null })
    .where('organisation_id', '=', organisationId)
    .where('concern_id', '=', concernId)
    .execute();
  await trx
    .updateTable('escalations')
    .set({ reason: encryptField(''), resolution: null })
    .where('organisation_id', '=', organisationId)
    .where('concern_id', '=', concernId)
    .execute();
  await trx
    .updateTable('concern_actions')
    .set({ description: encryptField('') })
    .where('organisation_id', '=', organisationId)
    .where('concern_id', '=', concernId)
    .execute();
  // Timeline entries carry free text in their details: none is kept.
  await trx
    .deleteFrom('concern_events')
    .where('organisation_id', '=', organisationId)
    .where('concern_id', '=', concernId)
    .execute();
}

async function blankConcern({ trx, organisationId, concernId }: Scope, at: string) {
  await trx
    .updateTable('concerns')
    .set({
      what_happened: encryptField(''),
      location: '',
      why_at_risk: null,
      visit_purpose: null,
      triage_notes: null,
      no_referral_reason: null,
      restriction_reason: null,
      consent_reason: null,
      on_behalf_of_name: null,
      on_behalf_of_role: null,
      disposed_at: at,
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', concernId)
    .execute();
  // Its search document keeps the reference alone: it is found by nothing it held.
  const { reference } = await trx
    .selectFrom('concerns')
    .select('reference')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', concernId)
    .executeTakeFirstOrThrow();
  await writeConcernSearch(trx, concernId, { reference, names: [], account: [], added: [] });
}
