import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { nameKey, postcodeOf } from '../../domain/person-match.ts';
import { recordAuditEvents } from '../../concerns/audit.queries.ts';
import { authorizeConcern } from '../../concerns/concern-access.ts';
import { recordConcernChange } from '../../concerns/concern-event.ts';
import type { RectificationSubject } from '../../concerns/rectifications.queries.ts';
import { decryptField, encryptField } from '../../field-encryption/field-encryption.ts';
import { refreshConcernSearch } from '../../concerns/concern-search.queries.ts';

// Rectification (issue 13; UK GDPR Art. 16): a DSL corrects a person's detail in the index or a
// concern's recorded answer, with a reason. The value before and after is kept in rectifications,
// shown on the person and concern pages, so the original is never lost; the audit row and the
// timeline name the field only.

export type PersonField = 'name' | 'date_of_birth' | 'address';
export type ConcernField = 'what_happened' | 'location' | 'why_at_risk';

async function keepRectification(
  trx: HavenDb,
  actor: Actor,
  subject: { type: RectificationSubject; id: string; field: string },
  before: string | null,
  after: string,
  reason: string,
) {
  await trx
    .insertInto('rectifications')
    .values({
      id: randomUUID(),
      organisation_id: actor.organisationId,
      subject_type: subject.type,
      subject_id: subject.id,
      field: subject.field,
      // Before and after are what was recorded: kept encrypted as the answers are (issue 13).
      before: encryptField(before),
      after: encryptField(after),
      reason,
      actor_id: actor.userId,
      at: new Date().toISOString(),
    })
    .execute();
}

/** The value a person's detail holds now, unfiltered: for writing, never for display. */
export async function currentPersonValue(db: HavenDb, actor: Actor, personId: string, field: PersonField) {
  const row = await db
    .selectFrom('people')
    .select(['name', 'date_of_birth', 'address'])
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  return row[field];
}

/** Corrects a detail of a person the caller has authorised; the match keys follow the new value. */
export async function rectifyPerson(
  db: HavenDb,
  actor: Actor,
  personId: string,
  input: { field: PersonField; value: string; reason: string },
  requestId: string | null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await currentPersonValue(trx, actor, personId, input.field);
    const keys =
      input.field === 'name'
        ? { name_key: nameKey(input.value) }
        : input.field === 'address'
          ? { postcode: postcodeOf(input.value) }
          : {};
    await trx
      .updateTable('people')
      .set({ [input.field]: input.value, ...keys })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', personId)
      .execute();
    await keepRectification(
      trx,
      actor,
      { type: 'person', id: personId, field: input.field },
      before,
      input.value,
      input.reason,
    );
    await trx
      .insertInto('person_events')
      .values({
        id: randomUUID(),
        organisation_id: actor.organisationId,
        person_id: personId,
        concern_id: null,
        kind: 'rectified',
        details: JSON.stringify({ field: input.field }),
        actor_id: actor.userId,
        at: new Date().toISOString(),
      })
      .execute();
    await recordAuditEvents(trx, actor, 'person.rectified', [personId], requestId);
  });
}

function decryptedAnswers<T extends { what_happened: string; location: string; why_at_risk: string | null }>(
  row: T,
): T {
  return { ...row, what_happened: decryptField(row.what_happened), why_at_risk: decryptField(row.why_at_risk) };
}

/** The concern (through the kernel's access check) and its recorded answers, for the form. */
export async function authorizeAnswers(db: HavenDb, actor: Actor, concernId: string) {
  const concern = await authorizeConcern(db, actor, concernId);
  const answers = await db
    .selectFrom('concerns')
    .select(['what_happened', 'location', 'why_at_risk'])
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', concern.id)
    .executeTakeFirstOrThrow();
  return { concern, answers: decryptedAnswers(answers) };
}

/** Corrects a recorded answer; the concern's version moves on so an open case form sees the change. */
export async function rectifyConcern(
  db: HavenDb,
  actor: Actor,
  concernId: string,
  input: { field: ConcernField; value: string; reason: string },
  requestId: string | null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('concerns')
      .select(['what_happened', 'location', 'why_at_risk', 'version'])
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', concernId)
      .executeTakeFirstOrThrow();
    const stored = input.field === 'location' ? input.value : encryptField(input.value);
    await trx
      .updateTable('concerns')
      .set({ [input.field]: stored, version: row.version + 1 })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', concernId)
      .execute();
    await keepRectification(
      trx,
      actor,
      { type: 'concern', id: concernId, field: input.field },
      decryptedAnswers(row)[input.field],
      input.value,
      input.reason,
    );
    await refreshConcernSearch(trx, actor.organisationId, concernId);
    await recordConcernChange(
      trx,
      actor,
      concernId,
      { kind: 'answer_rectified', details: { field: input.field } },
      requestId,
    );
  });
}
