import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { HavenDb } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { type ConcernDraft, parseDraft } from '../../concerns/draft.schema.ts';
import { decryptField, encryptJson } from '../../field-encryption/field-encryption.ts';

// Drafts are found only by their id together with the actor's user and organisation, so
// another person's draft id finds nothing: the routes answer "not found". Answers are kept
// encrypted (issue 13): they hold what happened before it is sent.

export async function createDraft(db: HavenDb, actor: Actor, answers: ConcernDraft = {}): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await db
    .insertInto('concern_drafts')
    .values({
      id,
      user_id: actor.userId,
      organisation_id: actor.organisationId,
      answers: encryptJson(answers),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function findDraft(db: HavenDb, actor: Actor, draftId: string): Promise<ConcernDraft | null> {
  const row = await db
    .selectFrom('concern_drafts')
    .select('answers')
    .where('id', '=', draftId)
    .where('user_id', '=', actor.userId)
    .where('organisation_id', '=', actor.organisationId)
    .executeTakeFirst();
  return row ? parseDraft(decryptField(row.answers)) : null;
}

/** The actor's unfinished drafts, most recently saved first. */
export async function listDrafts(db: HavenDb, actor: Actor) {
  const rows = await db
    .selectFrom('concern_drafts')
    .select(['id', 'answers', 'created_at as createdAt', 'updated_at as updatedAt'])
    .where('user_id', '=', actor.userId)
    .where('organisation_id', '=', actor.organisationId)
    .orderBy('updated_at', 'desc')
    .limit(50)
    .execute();
  return rows.map(({ answers, ...row }) => ({ ...row, draft: parseDraft(decryptField(answers)) }));
}

/** Saves the answers; false when the draft has gone (sent or discarded in another tab). */
export async function saveDraft(db: HavenDb, actor: Actor, draftId: string, draft: ConcernDraft): Promise<boolean> {
  const result = await db
    .updateTable('concern_drafts')
    .set({ answers: encryptJson(draft), updated_at: new Date().toISOString() })
    .where('id', '=', draftId)
    .where('user_id', '=', actor.userId)
    .where('organisation_id', '=', actor.organisationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function discardDraft(db: HavenDb, actor: Actor, draftId: string): Promise<void> {
  await db
    .deleteFrom('concern_drafts')
    .where('id', '=', draftId)
    .where('user_id', '=', actor.userId)
    .where('organisation_id', '=', actor.organisationId)
    .execute();
}

/**
 * Removes the draft and returns it, in one statement: the row lock this takes makes a second,
 * simultaneous "Send concern" find nothing to send, so a double click cannot record twice.
 */
export async function takeDraft(
  trx: Transaction<Database>,
  actor: Actor,
  draftId: string,
): Promise<ConcernDraft | null> {
  const row = await trx
    .deleteFrom('concern_drafts')
    .where('id', '=', draftId)
    .where('user_id', '=', actor.userId)
    .where('organisation_id', '=', actor.organisationId)
    .returning('answers')
    .executeTakeFirst();
  return row ? parseDraft(decryptField(row.answers)) : null;
}
