import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import mammoth from 'mammoth';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildConcern } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { addPlanAction } from '../../assurance/action-plan.queries.ts';
import { financialYearPeriod } from '../../domain/report-period.ts';
import { buildInsightReport } from '../../reports/insight-report.ts';

// The Word draft of the annual report, read back as text: every concern figure must be the one
// the report queries give for the same financial year (public version), and the assurance
// records of that year must all be in it, and nothing of another year or council.
const financialYear = 2021;
const yearLabel = '2021-22';

describe('the annual report to Cabinet', () => {
  let t: TestApp;
  let organisationId: string;
  let text: string;

  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };

  before(async () => {
    t = await startTestApp();
    const coordinator = await actorFor(t.db, 'coordinator@city.example');
    organisationId = coordinator.organisationId;
    const now = new Date();
    // 14 concerns in the year: 9 in May 2021, 5 in January 2022; one in March 2021 (the year before).
    const times = [
      ...Array.from({ length: 9 }, (_, i) => `2021-05-${String(10 + i)}T10:00:00.000Z`),
      ...Array.from({ length: 5 }, (_, i) => `2022-01-${String(20 + i)}T10:00:00.000Z`),
      '2021-03-31T10:00:00.000Z',
    ];
    for (const at of times) {
      const concern = await buildConcern(t.db, 'reporter@city.example');
      await t.db.updateTable('concerns').set({ created_at: at }).where('id', '=', concern.id).execute();
    }

    // A submitted self-assessment of two areas: section 1 Green and Amber (so Amber), section 3 N/A.
    const templateId = randomUUID();
    await t.db
      .insertInto('self_assessment_templates')
      .values({
        id: templateId,
        organisation_id: organisationId,
        title: 'Self-assessment',
        year_label: yearLabel,
        based_on_id: null,
        created_at: now.toISOString(),
        created_by: null,
      })
      .execute();
    const assessmentId = randomUUID();
    await t.db
      .insertInto('self_assessments')
      .values({
        id: assessmentId,
        organisation_id: organisationId,
        template_id: templateId,
        year_label: yearLabel,
        status: 'submitted',
        started_from_id: null,
        created_at: now.toISOString(),
        created_by: null,
        submitted_at: now.toISOString(),
        submitted_by: null,
      })
      .execute();
    const standards: Array<[number, string, string, 'green' | 'amber' | 'not_applicable']> = [
      [1, 'Leadership, Strategy and Working Together', '1.1', 'green'],
      [1, 'Leadership, Strategy and Working Together', '1.2', 'amber'],
      [3, 'Commissioning Arrangements', '3.1', 'not_applicable'],
    ];
    const sections = new Map<number, string>();
    for (const [position, [section, title, number, rating]] of standards.entries()) {
      if (!sections.has(section)) {
        sections.set(section, randomUUID());
        await t.db
          .insertInto('self_assessment_sections')
          .values({ id: sections.get(section)!, template_id: templateId, number: section, title })
          .execute();
      }
      const standardId = randomUUID();
      await t.db
        .insertInto('self_assessment_standards')
        .values({
          id: standardId,
          template_id: templateId,
          section_id: sections.get(section)!,
          number,
          position,
          question: `Question ${number}?`,
          guidance: null,
        })
        .execute();
      await t.db
        .insertInto('self_assessment_answers')
        .values({
          id: randomUUID(),
          assessment_id: assessmentId,
          standard_id: standardId,
          response: 'R',
          evidence: 'E',
          rating,
          progress: 'completed',
          updated_at: now.toISOString(),
          updated_by: null,
        })
        .execute();
    }

    // The action plan: one completed, one in progress with two updates (the later shown), and one of another year.
    const done = await addPlanAction(
      t.db,
      {
        organisationId,
        yearLabel,
        action: 'Recruit more Champions',
        leadName: 'Safeguarding Coordinator',
        dueOn: '2021-12-31',
        objective: 'Champions in every area',
        createdBy: null,
      },
      now,
    );
    await t.db
      .updateTable('action_plan_actions')
      .set({ status: 'completed', completed_on: '2021-11-30' })
      .where('id', '=', done)
      .execute();
    const going = await addPlanAction(
      t.db,
      {
        organisationId,
        yearLabel,
        action: 'Scope an internal audit',
        leadName: 'Head of Community Safety',
        timescale: 'May 2022',
        createdBy: null,
        status: 'in_progress',
      },
      now,
    );
    for (const [writtenOn, body] of [
      ['2021-07-01', 'Scope agreed'],
      ['2022-01-15', 'Audit of two areas begun'],
    ]) {
      await t.db
        .insertInto('action_plan_updates')
        .values({
          id: randomUUID(),
          action_id: going,
          written_on: writtenOn!,
          body: body!,
          written_by: null,
          created_at: now.toISOString(),
        })
        .execute();
    }
    await addPlanAction(
      t.db,
      { organisationId, yearLabel: '2020-21', action: 'Last year’s action', leadName: 'Someone', createdBy: null },
      now,
    );

    // One open risk, one closed before the year ended; one Scrutiny recommendation in the year, one after.
    const risk = (title: string, closedOn: string | null) => ({
      id: randomUUID(),
      organisation_id: organisationId,
      reference: null,
      title,
      description: 'D',
      kind: 'threat' as const,
      cause: null,
      consequence: null,
      raised_on: '2020-05-23',
      owner_name: 'Community Safety Manager',
      gross_impact: 4,
      gross_probability: 4,
      current_impact: 4,
      current_probability: 3,
      residual_impact: 4,
      residual_probability: 2,
      comments: null,
      review_on: '2022-03-31',
      closed_on: closedOn,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await t.db
      .insertInto('risks')
      .values([
        risk('Poor staff awareness of safeguarding indicators', null),
        risk('A risk closed in the year', '2021-06-01'),
      ])
      .execute();
    const recommendation = (number: number, madeOn: string, text: string) => ({
      id: randomUUID(),
      organisation_id: organisationId,
      number,
      recommendation: text,
      made_on: madeOn,
      committee: 'Scrutiny Committee',
      report_title: 'Safeguarding Report',
      response: 'agreed' as const,
      response_comment: 'A report of disclosures will be produced',
      responsible_member: 'Cabinet Member for Safer Communities',
      responded_on: madeOn,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await t.db
      .insertInto('scrutiny_recommendations')
      .values([
        recommendation(1, '2021-07-05', 'Report Home Office disclosures'),
        recommendation(2, '2022-07-05', 'Next year’s recommendation'),
      ])
      .execute();

    const coordinatorClient = await signedIn('coordinator@city.example');
    const download = await coordinatorClient.get(`/annual-report/download?year=${financialYear}`);
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-type']), /wordprocessingml/);
    text = (await mammoth.extractRawText({ buffer: download.rawPayload })).value;
  });
  after(() => t.close());

  const lines = () =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  /** The cells of a table row as mammoth gives them: one paragraph each, in order. */
  const followedBy = (first: string, ...rest: string[]) => {
    const all = lines();
    const start = all.findIndex((line, i) => line === first && rest.every((cell, j) => all[i + 1 + j] === cell));
    return start >= 0;
  };

  it('gives every concern figure as the public report for the same financial year does', async () => {
    const report = await buildInsightReport(
      t.db,
      organisationId,
      financialYearPeriod(financialYear),
      'public',
      new Date(),
    );
    const tables = [
      report.total,
      ...Object.values(report.tables).filter(
        // Open and closed is counted as of today, not for a year: the report to Cabinet leaves it out.
        (table) => table.id !== 'open-and-closed',
      ),
    ];
    for (const table of tables) {
      assert.ok(lines().includes(table.caption), `the draft has the table ${table.caption}`);
      for (const row of table.rows) {
        assert.ok(
          // An empty cell is an empty paragraph, which the text read back leaves out.
          followedBy(...(row.map((cell) => cell.text).filter(Boolean) as [string, ...string[]])),
          `${table.caption}: ${row.map((cell) => cell.text).join(' | ')}`,
        );
      }
    }
    assert.equal(report.total.rows[0]![1]!.text, '14');
  });

  it('says the year in a sentence: total, busiest month and the average a month', () => {
    assert.ok(
      lines().includes(
        'In 2021-22, 14 concerns were received. The busiest month was May 2021, with 9. The average monthly number was 1.',
      ),
    );
  });

  it('rates each area of the self-assessment by its lowest standard, with the Boards’ definitions', () => {
    assert.ok(followedBy('1. Leadership, Strategy and Working Together', '2', 'Amber'));
    assert.ok(followedBy('3. Commissioning Arrangements', '1', 'N/A'));
    assert.ok(lines().includes('Standards rated: Green 1, Amber 1, Red 0, N/A 1, not recorded 0.'));
    assert.ok(lines().includes('Green – Fully met and evidenced – Best Practice'));
  });

  it('reports the action plan’s progress, its latest update and its completed actions, and no other year’s', () => {
    assert.ok(lines().includes('The plan holds 2 actions: 1 completed, 1 in progress and 0 not started.'));
    assert.ok(
      followedBy(
        'Scope an internal audit',
        'Head of Community Safety',
        'May 2022',
        'In progress',
        '15 January 2022: Audit of two areas begun',
      ),
    );
    assert.ok(
      followedBy('Champions in every area', 'Recruit more Champions', 'Safeguarding Coordinator', '30 November 2021'),
    );
    assert.ok(!text.includes('Last year’s action'));
  });

  it('lists the risks open at the end of the year with their scores, and the year’s Scrutiny recommendations', () => {
    assert.ok(
      followedBy(
        'Poor staff awareness of safeguarding indicators',
        'Community Safety Manager',
        '4 × 4 = 16',
        '4 × 3 = 12',
        '4 × 2 = 8',
        '31 March 2022',
      ),
    );
    assert.ok(!text.includes('A risk closed in the year'));
    assert.ok(followedBy('1. Report Home Office disclosures', 'Scrutiny Committee, 5 July 2021', 'Agreed'));
    assert.ok(!text.includes('Next year’s recommendation'));
  });

  it('shows the page for senior leaders and refuses a year not offered', async () => {
    const leader = await signedIn('leader@city.example');
    const page = await leader.get(`/annual-report?year=${financialYear}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /In 2021-22, 14 concerns were received\./);
    const bad = await leader.get('/annual-report?year=1800');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Choose a financial year from the list/);
    const reporter = await signedIn('reporter@city.example');
    assert.equal((await reporter.get('/annual-report')).statusCode, 403);
  });
});
