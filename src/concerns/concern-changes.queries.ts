import { randomUUID } from 'node:crypto';
import { type Updateable, sql } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import type { ConcernTable } from '../db/schema.ts';
import type { Actor } from '../domain/access-policy.ts';
import { encryptField, encryptJson } from '../field-encryption/field-encryption.ts';
import { refreshConcernSearch } from './concern-search.queries.ts';

type ConcernChange = Pick<
  Updateable<ConcernTable>,
  | 'status'
  | 'triaged_at'
  | 'triaged_by'
  | 'owner_id'
  | 'risk_level'
  | 'triage_notes'
  | 'no_referral_reason'
  | 'closed_at'
  | 'restricted'
  | 'restriction_kind'
  | 'restriction_reason'
  | 'restricted_by'
  | 'restricted_at'
>;

/**
 * Applies a change only if nobody else changed the concern since the form was drawn (its
 * version), and moves the version on. False when the concern was changed meanwhile.
 */
export async function changeConcernIfCurrent(
  trx: HavenDb,
  actor: Actor,
  concernId: string,
  expectedVersion: number,
  change: ConcernChange,
): Promise<boolean> {
  const result = await trx
    .updateTable('concerns')
    .set({ ...encryptedChange(change), version: sql<number>`version + 1` })
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', concernId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Case notes and reasons are free text about people: encrypted at rest (issue 13). */
function encryptedChange(change: ConcernChange): ConcernChange {
  const encrypted = { ...change };
  for (const column of ['triage_notes', 'no_referral_reason', 'restriction_reason'] as const) {
    const value = change[column];
    if (typeof value === 'string') encrypted[column] = encryptField(value);
  }
  return encrypted;
}

/** A timeline entry; its details (notes, reasons, information added later) are kept encrypted. */
export async function recordConcernEvent(
  trx: HavenDb,
  actor: Actor,
  concernId: string,
  kind: string,
  details: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('concern_events')
    .values({
      id: randomUUID(),
      organisation_id: actor.organisationId,
      concern_id: concernId,
      kind,
      details: encryptJson(details),
      actor_id: actor.userId,
      at: new Date().toISOString(),
    })
    .execute();
  // Information added later is searched: its document is rebuilt here, where its text is written.
  if (kind === 'information_added') await refreshConcernSearch(trx, actor.organisationId, concernId);
}
