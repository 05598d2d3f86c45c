import { randomUUID } from 'node:crypto';
import { recordAuditEvents } from '../../concerns/audit.queries.ts';
import { authorizeConcern } from '../../concerns/concern-access.ts';
import type { HavenDb } from '../../db/connect.ts';
import { type Actor, restrictionScope } from '../../domain/access-policy.ts';
import { addYears } from '../../domain/calendar-date.ts';
import {
  type RecordKind,
  type RetentionSchedule,
  effectiveReviewOn,
  recordKindNames,
  reviewBasisNames,
  reviewDate,
  scheduleFor,
} from '../../domain/retention-schedule.ts';
import { HavenError } from '../../errors.ts';
import { enqueueJob } from '../../jobs/job-queue.queries.ts';
import { retentionDecisionJob } from '../../jobs/carry-out-retention-decision.ts';
import { holdsCovering } from '../../retention/legal-holds.queries.ts';
import { listRetentionSchedules } from '../../retention/retention-schedules.queries.ts';
import { type FormErrors, formErrors } from '../../web/form-errors.ts';
import {
  type ConcernRetentionFacts,
  findConcernByReference,
  findPersonInScope,
  insertDecision,
  insertHold,
  liftHold,
  listHeldConcernIds,
  listLatestDecisions,
  listRetentionFacts,
} from './retention-reviews.queries.ts';

export type Outcome = { ok: true } | { ok: false; status: number; errors: FormErrors };
const refused = (status: number, field: string, message: string): Outcome => ({
  ok: false,
  status,
  errors: formErrors([[field, message]]),
});

/** The rule a review date came from, as the stub keeps it: period, starting point, source. */
function ruleText(kind: RecordKind, schedule: RetentionSchedule): string {
  const retirement = schedule.retirementAge === null ? '' : ` or retirement age ${schedule.retirementAge}`;
  return `${recordKindNames[kind]}: ${schedule.years} years${retirement} (${schedule.source})`;
}

type Reviewed = ConcernRetentionFacts & {
  kind: RecordKind;
  kindName: string;
  reviewOn: string | null;
  basis: string;
  basisName: string;
};

function reviewed(facts: ConcernRetentionFacts, schedules: readonly RetentionSchedule[], keptUntil: string | null) {
  const date = reviewDate(facts, schedules);
  return {
    ...facts,
    kind: date.kind,
    kindName: recordKindNames[date.kind],
    reviewOn: effectiveReviewOn(date.reviewOn, keptUntil),
    basis: keptUntil && keptUntil === effectiveReviewOn(date.reviewOn, keptUntil) ? 'kept' : date.basis,
    basisName:
      keptUntil && keptUntil === effectiveReviewOn(date.reviewOn, keptUntil)
        ? 'a DSL’s decision to keep it'
        : reviewBasisNames[date.basis],
  } satisfies Reviewed;
}

/**
 * The review queue (issue 13): concerns whose review date has come, by the organisation's
 * schedules and any "keep until" a DSL decided, oldest first; and the decisions waiting for the
 * background job. Held concerns are listed, marked, and can only be kept.
 */
export async function reviewQueue(db: HavenDb, actor: Actor, today: string) {
  const organisationId = actor.organisationId;
  const [facts, schedules, decisions, held] = await Promise.all([
    listRetentionFacts(db, organisationId, restrictionScope(actor)),
    listRetentionSchedules(db, organisationId),
    listLatestDecisions(db, organisationId),
    listHeldConcernIds(db, organisationId),
  ]);
  const due = [];
  const waiting = [];
  for (const concern of facts) {
    const latest = decisions.get(concern.id);
    if (latest && latest.decision !== 'keep' && latest.status === 'pending') {
      waiting.push({ id: concern.id, reference: concern.reference, decision: latest.decision });
      continue;
    }
    const keptUntil = latest?.decision === 'keep' ? latest.keepUntil : null;
    const entry = reviewed(concern, schedules, keptUntil);
    if (entry.reviewOn === null || entry.reviewOn > today) continue;
    due.push({ ...entry, held: held.has(concern.id) });
  }
  due.sort((a, b) => (a.reviewOn! < b.reviewOn! ? -1 : a.reviewOn! > b.reviewOn! ? 1 : 0));
  return { due, waiting };
}

/** One concern's review: its kind, date, rule and whether a hold covers it. */
export async function findReview(db: HavenDb, actor: Actor, concernId: string) {
  const access = await authorizeConcern(db, actor, concernId);
  if (access.disposedAt) throw new HavenError('not-found');
  return readReview(db, actor, concernId);
}

async function readReview(db: HavenDb, actor: Actor, concernId: string) {
  const organisationId = actor.organisationId;
  const [facts] = await listRetentionFacts(db, organisationId, restrictionScope(actor), concernId);
  if (!facts) throw new HavenError('not-found');
  const schedules = await listRetentionSchedules(db, organisationId);
  const latest = (await listLatestDecisions(db, organisationId)).get(concernId);
  const keptUntil = latest?.decision === 'keep' ? latest.keepUntil : null;
  const entry = reviewed(facts, schedules, keptUntil);
  const holds = await holdsCovering(db, organisationId, concernId);
  const ruleDate = reviewDate(facts, schedules);
  return {
    ...entry,
    ruleReviewOn: ruleDate.reviewOn,
    ruleBasis: ruleDate.basis,
    rule: ruleText(entry.kind, scheduleFor(schedules, entry.kind)),
    held: holds.length > 0,
    pending: latest && latest.decision !== 'keep' && latest.status === 'pending' ? latest.decision : null,
  };
}

export type Decision = { decision: 'dispose' | 'anonymise' } | { decision: 'keep'; years: number };

/**
 * A DSL's decision at a review date, with its audit row and (to dispose or anonymise) the
 * background job, in one transaction. Refused, with nothing written, for a concern not yet due,
 * one already decided, or one a legal hold covers (anything but keeping it).
 */
export async function decideRetention(
  db: HavenDb,
  actor: Actor,
  concernId: string,
  decision: Decision,
  now: Date,
  today: string,
  requestId: string | null,
): Promise<Outcome> {
  const access = await authorizeConcern(db, actor, concernId);
  if (access.disposedAt) throw new HavenError('not-found');
  return db.transaction().execute(async (trx): Promise<Outcome> => {
    const review = await readReview(trx, actor, concernId);
    if (review.pending)
      return refused(409, 'decision', 'A decision on this record is already waiting to be carried out');
    if (review.reviewOn === null || review.reviewOn > today) {
      return refused(409, 'decision', 'This record has not reached its review date: nothing can be decided yet');
    }
    if (decision.decision !== 'keep' && review.held) {
      return refused(
        409,
        'decision',
        'This record is under a legal hold: it cannot be disposed of or anonymised until the hold is lifted. You can keep it.',
      );
    }
    const id = randomUUID();
    const decidedAt = now.toISOString();
    await insertDecision(trx, {
      id,
      organisationId: actor.organisationId,
      concernId,
      decision: decision.decision,
      keepUntil: decision.decision === 'keep' ? addYears(today, decision.years) : null,
      recordKind: review.kind,
      basis: review.basis,
      reviewOn: review.reviewOn,
      rule: review.rule,
      decidedBy: actor.userId,
      decidedAt,
    });
    if (decision.decision !== 'keep') {
      await enqueueJob(
        trx,
        {
          organisationId: actor.organisationId,
          kind: retentionDecisionJob,
          payload: { organisationId: actor.organisationId, decisionId: id },
          dedupeKey: `${retentionDecisionJob}:${id}`,
        },
        now,
      );
    }
    const action =
      decision.decision === 'keep'
        ? 'concern.retention-kept'
        : decision.decision === 'dispose'
          ? 'concern.disposal-decided'
          : 'concern.anonymisation-decided';
    await recordAuditEvents(trx, actor, action, [concernId], requestId);
    return { ok: true };
  });
}

export type HoldTarget =
  | { scope: 'concern'; reference: string }
  | { scope: 'person'; personId: string }
  | { scope: 'category'; categoryId: string };

/** Places a legal hold, audited by id (the reason stays in the hold's row, never the audit's). */
export async function placeHold(
  db: HavenDb,
  actor: Actor,
  target: HoldTarget,
  reason: string,
  now: Date,
  requestId: string | null,
): Promise<Outcome> {
  return db.transaction().execute(async (trx): Promise<Outcome> => {
    const targetId = await holdTargetId(trx, actor, target);
    if (!targetId) {
      const field = target.scope === 'concern' ? 'reference' : target.scope === 'person' ? 'scope' : 'categoryId';
      const message =
        target.scope === 'concern'
          ? 'No concern you can see has this reference: check it and try again'
          : target.scope === 'person'
            ? 'This person is not in the index any more: place the hold from their page'
            : 'Choose a category from the list';
      return refused(400, field, message);
    }
    const id = randomUUID();
    await insertHold(trx, {
      id,
      organisationId: actor.organisationId,
      scope: target.scope,
      targetId,
      reason,
      placedBy: actor.userId,
      placedAt: now.toISOString(),
    });
    await recordAuditEvents(trx, actor, 'legal-hold.placed', [id], requestId);
    return { ok: true };
  });
}

async function holdTargetId(trx: HavenDb, actor: Actor, target: HoldTarget): Promise<string | null> {
  const scope = restrictionScope(actor);
  if (target.scope === 'concern') {
    return (await findConcernByReference(trx, actor.organisationId, scope, target.reference))?.id ?? null;
  }
  if (target.scope === 'person') {
    return (await findPersonInScope(trx, actor.organisationId, scope, target.personId))?.id ?? null;
  }
  const category = await trx
    .selectFrom('categories')
    .select('id')
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', target.categoryId)
    .executeTakeFirst();
  return category?.id ?? null;
}

/** Lifts a hold, audited; lifting one already lifted changes nothing (a double click, a second tab). */
export async function liftLegalHold(db: HavenDb, actor: Actor, holdId: string, now: Date, requestId: string | null) {
  await db.transaction().execute(async (trx) => {
    const lifted = await liftHold(trx, actor.organisationId, holdId, actor.userId, now.toISOString());
    if (lifted) await recordAuditEvents(trx, actor, 'legal-hold.lifted', [holdId], requestId);
  });
}
