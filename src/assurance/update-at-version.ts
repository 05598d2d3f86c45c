import type { UpdateObject } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { Refusal } from '../errors.ts';

// The assurance forms carry the version of the record they were shown with. A save writes only
// if the record is still at that version, moving it on in the same statement; otherwise someone
// else saved first (or the record is not there) and the step is refused, so the second of two
// editors is told and nothing of theirs is written.

/** The assurance records edited through such forms. */
type VersionedRecord =
  | 'action_plans'
  | 'action_plan_actions'
  | 'risks'
  | 'scrutiny_recommendations'
  | 'safeguarding_policy_reviews'
  | 'self_assessment_answers'
  | 'self_assessment_challenges';

export const changedMeanwhile = 'Someone else changed this since you opened it. Check it, then try again.';

/**
 * Writes `changes` to the one row that matches `row` (column = value; null: is null) at `version`,
 * and moves its version on; returns the new version. Throws `refusal` if no row was written: call
 * it inside the step's transaction so the refusal rolls the step back.
 */
export async function updateAtVersion<Table extends VersionedRecord>(
  trx: HavenDb,
  table: Table,
  row: Partial<Record<keyof Database[Table] & string, string | null>>,
  version: number,
  changes: UpdateObject<Database, Table>,
  refusal: Refusal = new Refusal('person-changed', changedMeanwhile),
): Promise<number> {
  // Kysely cannot type one query over any of several tables, so one of them stands in: each has
  // the version column, and `row` and `changes` were checked against the real table at the call.
  const standIn = table as VersionedRecord as 'risks';
  let update = trx
    .updateTable(standIn)
    .set((eb) => ({ ...(changes as UpdateObject<Database, typeof standIn>), version: eb('version', '+', 1) }))
    .where('version', '=', version);
  for (const [column, value] of Object.entries(row)) {
    update = update.where(column as 'id', value === null ? 'is' : '=', value);
  }
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw refusal;
  return version + 1;
}
