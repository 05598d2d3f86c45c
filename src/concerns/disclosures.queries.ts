import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../db/connect.ts';
import type { Actor } from '../domain/access-policy.ts';
import type { LawfulBasis } from '../domain/lawful-basis.ts';
import { decryptField, encryptField } from '../field-encryption/field-encryption.ts';

// The information sharing log of a concern: written by referrals and disclosures, read on the case record.

export type NewDisclosure = {
  concernId: string;
  referralId?: string | null;
  sharedOn: string;
  what: string;
  agencyId: string;
  recipient: string;
  lawfulBasis: LawfulBasis;
  consent: string;
  noConsentReason: string | null;
};

/** Logs one disclosure; Home Office disclosures are flagged from the agency's configuration. */
export async function insertDisclosure(trx: HavenDb, actor: Actor, disclosure: NewDisclosure): Promise<void> {
  const agency = await trx
    .selectFrom('agencies')
    .select('home_office')
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', disclosure.agencyId)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('disclosures')
    .values({
      id: randomUUID(),
      organisation_id: actor.organisationId,
      concern_id: disclosure.concernId,
      referral_id: disclosure.referralId ?? null,
      shared_on: disclosure.sharedOn,
      what: encryptField(disclosure.what),
      agency_id: disclosure.agencyId,
      recipient: disclosure.recipient,
      lawful_basis: disclosure.lawfulBasis,
      consent: disclosure.consent,
      no_consent_reason: disclosure.consent === 'yes' ? null : encryptField(disclosure.noConsentReason),
      home_office: agency.home_office,
      recorded_by: actor.userId,
      recorded_at: new Date().toISOString(),
    })
    .execute();
}

export async function listDisclosures(db: HavenDb, actor: Actor, concernId: string) {
  const rows = await db
    .selectFrom('disclosures')
    .innerJoin('agencies', 'agencies.id', 'disclosures.agency_id')
    .innerJoin('users', 'users.id', 'disclosures.recorded_by')
    .select([
      'disclosures.shared_on as sharedOn',
      'disclosures.what',
      'agencies.name as agency',
      'disclosures.recipient',
      'disclosures.lawful_basis as lawfulBasis',
      'disclosures.consent',
      'disclosures.no_consent_reason as noConsentReason',
      'disclosures.home_office as homeOffice',
      'users.display_name as recordedBy',
    ])
    .where('disclosures.organisation_id', '=', actor.organisationId)
    .where('disclosures.concern_id', '=', concernId)
    .orderBy('disclosures.shared_on')
    .execute();
  return rows.map((row) => ({
    ...row,
    what: decryptField(row.what),
    noConsentReason: decryptField(row.noConsentReason),
  }));
}
