import type { HavenDb } from '../db/connect.ts';

/**
 * What a disposed or anonymised concern keeps (issue 13): its reference, kind and dates, who
 * decided and under which rule. Read only for a concern the actor may see (authorizeConcern first).
 */
export async function findDisposalStub(db: HavenDb, organisationId: string, concernId: string) {
  return db
    .selectFrom('concerns')
    .innerJoin('retention_decisions', 'retention_decisions.concern_id', 'concerns.id')
    .innerJoin('users', 'users.id', 'retention_decisions.decided_by')
    .select([
      'concerns.reference',
      'concerns.happened_on as happenedOn',
      'concerns.created_at as recordedAt',
      'concerns.closed_at as closedAt',
      'concerns.disposed_at as disposedAt',
      'retention_decisions.decision',
      'retention_decisions.record_kind as recordKind',
      'retention_decisions.basis',
      'retention_decisions.review_on as reviewOn',
      'retention_decisions.rule',
      'retention_decisions.decided_at as decidedAt',
      'users.display_name as decidedBy',
    ])
    .where('concerns.organisation_id', '=', organisationId)
    .where('concerns.id', '=', concernId)
    .where('concerns.disposed_at', 'is not', null)
    .where('retention_decisions.status', '=', 'done')
    .where('retention_decisions.decision', 'in', ['dispose', 'anonymise'])
    .executeTakeFirst();
}
