import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildConcern, buildTriage } from '../../../test/support/builders.ts';
import { keptReportCounts, recountedReportCounts } from '../../../test/support/report-counts.ts';
import { openAttachmentStore } from '../../attachment-store/open-attachment-store.ts';
import { londonMonthOfUtcHour } from '../../domain/report-period.ts';
import { importedConcernWriter } from '../../concern-history/imported-concern-writer.ts';
import { carryOutRetentionDecision } from '../../retention/carry-out-decision.ts';
import * as recount from '../../reports/insight.recount.ts';
import * as summary from '../../reports/insight.queries.ts';

// Migration 0034's summary is kept by triggers: after every kind of write Haven makes to a
// concern, it must equal a recount of the concerns from scratch, and every report figure read
// from it must equal the same figure counted from the concerns table.
describe('concern report counts', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** Every report figure from the summary against the same figure counted from the concerns. */
  const assertFiguresMatch = async () => {
    const city = await actorFor(t.db, 'reporter@city.example');
    const spans = [
      // A whole UK year (GMT at both ends) and a summer month (BST: it starts at 23:00 UTC).
      { from: '2024-12-31T00:00:00.000Z', until: '2026-12-31T00:00:00.000Z' },
      { from: '2025-05-31T23:00:00.000Z', until: '2025-07-31T23:00:00.000Z' },
      { from: '2000-01-01T00:00:00.000Z', until: '2100-01-01T00:00:00.000Z' },
    ].map((span) => ({ organisationId: city.organisationId, ...span }));
    const now = new Date();
    const sorted = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const byMonth = (rows: Array<{ hour: string; status: string; count: number }>) => {
      const months = new Map<string, number>();
      for (const row of rows) {
        const key = `${londonMonthOfUtcHour(row.hour)} ${row.status}`;
        months.set(key, (months.get(key) ?? 0) + row.count);
      }
      return months;
    };
    for (const span of spans) {
      assert.deepEqual(
        sorted(await summary.countByServiceArea(t.db, span)),
        sorted(await recount.countByServiceArea(t.db, span)),
      );
      assert.deepEqual(
        sorted(await summary.countByCategory(t.db, span)),
        sorted(await recount.countByCategory(t.db, span)),
      );
      assert.deepEqual(
        sorted(await summary.countReferrals(t.db, span)),
        sorted(await recount.countReferrals(t.db, span)),
      );
      assert.deepEqual(await summary.countByAboutWhom(t.db, span), await recount.countByAboutWhom(t.db, span));
      assert.equal(await summary.countRestricted(t.db, span), await recount.countRestricted(t.db, span));
      assert.equal(await summary.countConcerns(t.db, span), await recount.countConcerns(t.db, span));
      assert.deepEqual(await summary.triageFigures(t.db, span, now), await recount.recountTriage(t.db, span, now));
      assert.deepEqual(
        byMonth(await summary.countByHourAndStatus(t.db, span)),
        byMonth(await recount.countByHourAndStatus(t.db, span)),
      );
      const asStatus = (rows: Array<{ hour: string; categoryId: string; count: number }>) =>
        rows.map((row) => ({ hour: row.hour, status: row.categoryId, count: row.count }));
      assert.deepEqual(
        byMonth(asStatus(await summary.countByCategoryAndHour(t.db, span))),
        byMonth(asStatus(await recount.countByCategoryAndHour(t.db, span))),
      );
    }
  };

  const assertSummaryMatches = async (when: string) => {
    const [actual, expected] = [await keptReportCounts(t.db), await recountedReportCounts(t.db)];
    assert.deepEqual(
      actual.map((row) => ({ ...row, n: Number(row.n) })),
      expected.map((row) => ({ ...row, n: Number(row.n) })),
      when,
    );
    await assertFiguresMatch();
  };

  it('equals a recount after recording, triage, closing, reopening, restriction, re-categorising, referrals and disposal', async () => {
    const city = await actorFor(t.db, 'reporter@city.example');
    const organisationId = city.organisationId;
    const categories = await t.db
      .selectFrom('categories')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('applies_to', '=', 'both')
      .orderBy('sort_order')
      .execute();
    const [first, second, third] = categories.map((c) => c.id) as [string, string, string];
    const built: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const concern = await buildConcern(t.db, 'reporter@city.example', {
        categoryIds: i % 2 === 0 ? [first, second] : [first],
        person: { name: 'Wren Countname', ageGroup: i % 3 === 0 ? 'child' : 'adult' },
      });
      built.push(concern.id);
    }
    await assertSummaryMatches('after recording');

    // Triage, at a time of day that crosses into hour 23 and a summer day.
    for (const id of built.slice(0, 4)) await buildTriage(t.db, id);
    await t.db
      .updateTable('concerns')
      .set({ created_at: '2025-06-30T23:30:00.000Z', triage_deadline_at: '2025-07-01T23:30:00.000Z' })
      .where('id', '=', built[0]!)
      .execute();
    await assertSummaryMatches('after triage and moving a concern to 23:30 UTC');

    await t.db.updateTable('concerns').set({ status: 'closed' }).where('id', 'in', built.slice(1, 3)).execute();
    await t.db.updateTable('concerns').set({ status: 'open' }).where('id', '=', built[2]!).execute();
    await t.db.updateTable('concerns').set({ restricted: 1 }).where('id', '=', built[3]!).execute();
    await t.db.deleteFrom('concern_categories').where('concern_id', '=', built[4]!).execute();
    await t.db
      .insertInto('concern_categories')
      .values({ organisation_id: organisationId, concern_id: built[4]!, category_id: third })
      .execute();
    await t.db
      .updateTable('concern_categories')
      .set({ category_id: second })
      .where('concern_id', '=', built[5]!)
      .execute();
    await assertSummaryMatches('after closing, reopening, restricting and re-categorising');

    // A second person at risk, a child, makes a concern about both; removing them undoes it.
    const personAt = (concernId: string, ageGroup: string) =>
      t.db
        .insertInto('concern_people')
        .values({
          id: randomUUID(),
          organisation_id: organisationId,
          concern_id: concernId,
          name: 'Ash Countname',
          age_group: ageGroup,
          role_in_concern: 'person_at_risk',
        } as never)
        .execute();
    await personAt(built[1]!, 'child');
    await personAt(built[2]!, 'child');
    await t.db
      .deleteFrom('concern_people')
      .where('concern_id', '=', built[2]!)
      .where('name', '=', 'Ash Countname')
      .execute();
    await assertSummaryMatches('after adding and removing people at risk');

    const [agency] = await t.db
      .selectFrom('agencies')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .execute();
    const [outcome] = await t.db
      .selectFrom('referral_outcomes')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .execute();
    const referralIds = [randomUUID(), randomUUID()];
    for (const [i, id] of referralIds.entries()) {
      await t.db
        .insertInto('referrals')
        .values({
          id,
          organisation_id: organisationId,
          concern_id: built[i + 1]!,
          agency_id: agency!.id,
          referred_on: '2025-07-02',
          external_reference: '',
          professional: '',
          consent: 'yes',
          no_consent_reason: null,
          outcome_id: null,
          outcome_on: null,
          created_by: city.userId,
          created_at: new Date().toISOString(),
        })
        .execute();
    }
    await t.db
      .updateTable('referrals')
      .set({ outcome_id: outcome!.id, outcome_on: '2025-07-09' })
      .where('id', '=', referralIds[0]!)
      .execute();
    await assertSummaryMatches('after referrals and an outcome');

    // Retention: disposal removes people and case work but keeps the concern's row and categories.
    const decisionId = randomUUID();
    await t.db
      .insertInto('retention_decisions')
      .values({
        id: decisionId,
        organisation_id: organisationId,
        concern_id: built[1]!,
        decision: 'dispose',
        keep_until: null,
        record_kind: 'concern',
        basis: 'test',
        review_on: '2025-01-01',
        rule: 'test',
        decided_by: city.userId,
        decided_at: new Date().toISOString(),
        status: 'pending',
        carried_out_at: null,
      })
      .execute();
    const done = await carryOutRetentionDecision(
      t.db,
      organisationId,
      decisionId,
      openAttachmentStore(t.config, t.db),
      new Date(),
    );
    assert.equal(done, 'disposed');
    await assertSummaryMatches('after disposal');
    const whole = { organisationId, from: '2000-01-01T00:00:00.000Z', until: '2100-01-01T00:00:00.000Z' };
    const triage = await recount.recountTriage(t.db, whole, new Date());
    assert.ok(triage.triaged >= 4 && triage.medianHours !== null, 'some concerns are triaged');
  });

  it('counts concerns imported without a triage time apart: neither overdue nor judged against the deadline', async () => {
    const coordinator = await actorFor(t.db, 'coordinator@city.example');
    const area = await t.db
      .selectFrom('service_areas')
      .select('id')
      .where('organisation_id', '=', coordinator.organisationId)
      .executeTakeFirstOrThrow();
    const history = (reference: string, receivedAt: string, triagedAt: string | null) => ({
      line: 2,
      originalReference: reference,
      receivedAt,
      serviceAreaId: area.id,
      categoryIds: [],
      summary: null,
      triagedAt,
      closedAt: null,
    });
    await t.db.transaction().execute(async (trx) => {
      const writer = importedConcernWriter(trx, coordinator, {
        closureDays: new Set(),
        now: new Date(),
        requestId: null,
      });
      await writer.write([
        // Received on Tuesday 5 March 2019, triaged that afternoon: before the next working day's deadline.
        history('OLD-TRIAGED', '2019-03-05T10:00:00.000Z', '2019-03-05T15:00:00.000Z'),
        history('OLD-UNKNOWN-1', '2019-03-06T10:00:00.000Z', null),
        history('OLD-UNKNOWN-2', '2019-07-10T09:00:00.000Z', null),
      ]);
    });
    const span = {
      organisationId: coordinator.organisationId,
      from: '2019-01-01T00:00:00.000Z',
      until: '2020-01-01T00:00:00.000Z',
    };
    const expected = {
      within: 1,
      late: 0,
      overdue: 0,
      notDue: 0,
      notRecorded: 2,
      triaged: 1,
      medianHours: 5,
      worstHours: 5,
    };
    assert.deepEqual(await summary.triageFigures(t.db, span, new Date()), expected);
    assert.deepEqual(await recount.recountTriage(t.db, span, new Date()), expected);
    await assertSummaryMatches('after importing concerns without a triage time');
  });
});
