import { CompiledQuery } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import { timeOrderedId } from '../db/time-ordered-id.ts';
import type { Actor } from '../domain/access-policy.ts';

export type AuditAction =
  | 'concern.created'
  | 'concern.viewed'
  | 'concern.listed'
  | 'concern.updated'
  // The reporter's line manager was sent the reference and a link (procedures 6.1–6.2).
  | 'concern.line-manager-told'
  | 'attachment.downloaded'
  // Read in a person's chronology (people/): more than a list shows, less than opening it.
  | 'concern.read-in-chronology'
  | 'person.created'
  | 'person.viewed'
  | 'person.listed'
  | 'person.linked'
  | 'person.merged'
  | 'person.household-changed'
  // Guessing at sign-in (issue 11): the subject and actor are the account the attempt named,
  // because nobody is signed in; what was typed is never kept.
  | 'sign-in.failed'
  | 'sign-in.throttled'
  // Second factors and sessions (issue 8): the subject is the account; codes are never kept.
  | 'account.second-factor-enrolled'
  | 'account.second-factor-failed'
  | 'account.second-factor-throttled'
  | 'account.recovery-code-used'
  // Passkeys: the subject is the account that owns the passkey (or whose sign-in it was offered
  // for); the credential's id and bytes are never kept.
  | 'account.passkey-registered'
  | 'account.passkey-registration-failed'
  | 'account.passkey-used'
  | 'account.passkey-failed'
  | 'account.passkey-refused-deactivated'
  | 'account.passkey-removed'
  | 'account.session-ended';

/** What an audit event is about: a person in the index for person.*, an account for sign-in.*, otherwise a concern. */
export const auditSubjectOf = (action: AuditAction) =>
  action.startsWith('person.')
    ? 'person'
    : action.startsWith('sign-in.') || action.startsWith('account.')
      ? 'account'
      : 'concern';

type AuditRow = {
  id: string;
  organisation_id: string;
  actor_id: string;
  action: AuditAction;
  subject_type: string;
  subject_id: string;
  request_id: string | null;
  at: string;
};

/** Writes audit events inside the caller's transaction, so the action and its trail commit together. */
export async function recordAuditEvents(
  trx: HavenDb,
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  action: AuditAction,
  subjectIds: readonly string[],
  requestId: string | null,
): Promise<void> {
  if (subjectIds.length === 0) return;
  const at = new Date().toISOString();
  const subjectType = auditSubjectOf(action);
  const rows = subjectIds.map((subjectId): AuditRow => ({
    id: timeOrderedId(),
    organisation_id: actor.organisationId,
    actor_id: actor.userId,
    action,
    subject_type: subjectType,
    subject_id: subjectId,
    request_id: requestId,
    at,
  }));
  await trx.executeQuery(CompiledQuery.raw(insertSql(trx, rows), rows.flatMap(rowValues)));
}

const rowValues = (row: AuditRow) => [
  row.id,
  row.organisation_id,
  row.actor_id,
  row.action,
  row.subject_type,
  row.subject_id,
  row.request_id,
  row.at,
];

// A listed page audits a hundred concerns; Kysely built and compiled eight hundred value nodes
// for each such insert, more work than the database's own. The statement depends only on the
// dialect and the number of rows, so Kysely writes it once for each and the values are bound.
const insertSqlByDialect = new WeakMap<object, Map<number, string>>();

function insertSql(trx: HavenDb, rows: readonly AuditRow[]): string {
  const adapter = trx.getExecutor().adapter;
  let byCount = insertSqlByDialect.get(adapter);
  if (!byCount) insertSqlByDialect.set(adapter, (byCount = new Map()));
  let text = byCount.get(rows.length);
  if (text === undefined) {
    const compiled = trx.insertInto('audit_events').values(rows).compile();
    // The bound values must line up with the columns Kysely wrote, or every row would be wrong.
    if (JSON.stringify(compiled.parameters) !== JSON.stringify(rows.flatMap(rowValues)))
      throw new Error('audit insert: the columns are not in the order the values are bound');
    text = compiled.sql;
    if (rows.length <= 1_000) byCount.set(rows.length, text);
  }
  return text;
}
