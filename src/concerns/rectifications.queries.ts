import type { HavenDb } from '../db/connect.ts';
import type { Actor } from '../domain/access-policy.ts';
import { decryptField } from '../field-encryption/field-encryption.ts';

// Corrections of a person's details or a concern's recorded answers (issue 13; UK GDPR Art. 16):
// written by subject-access/, read by the person and concern pages so the original stays visible.

export type RectificationSubject = 'person' | 'concern';

/** The fields a DSL may correct, with the words a page shows for each. */
export const rectifiableFields = {
  person: { name: 'Name', date_of_birth: 'Date of birth', address: 'Address' },
  concern: { what_happened: 'What happened', location: 'Where it happened', why_at_risk: 'Why they are at risk' },
} as const satisfies Record<RectificationSubject, Record<string, string>>;

/** Every correction of these subjects, newest first, with who made it. */
export async function listRectifications(
  db: HavenDb,
  actor: Pick<Actor, 'organisationId'>,
  subjectType: RectificationSubject,
  subjectIds: readonly string[],
) {
  if (subjectIds.length === 0) return [];
  const rows = await db
    .selectFrom('rectifications')
    .innerJoin('users', 'users.id', 'rectifications.actor_id')
    .select([
      'rectifications.id',
      'rectifications.subject_id as subjectId',
      'rectifications.field',
      'rectifications.before',
      'rectifications.after',
      'rectifications.reason',
      'rectifications.at',
      'users.display_name as by',
    ])
    .where('rectifications.organisation_id', '=', actor.organisationId)
    .where('rectifications.subject_type', '=', subjectType)
    .where('rectifications.subject_id', 'in', subjectIds)
    .orderBy('rectifications.at', 'desc')
    .execute();
  const labels: Record<string, string> = rectifiableFields[subjectType];
  return rows.map((row) => ({
    ...row,
    before: decryptField(row.before),
    after: decryptField(row.after),
    fieldText: labels[row.field] ?? row.field,
  }));
}
