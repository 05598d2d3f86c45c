import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { errorMessages, hostileValues, libraryWording } from '../../../test/support/bad-input.ts';
import { actorFor, buildConcern } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// A fixed dataset for Haven City Council, every expected figure below worked out by hand.
//
// Category B (the second category) in Housing Services, one concern each, at 10:00 UTC on the 10th:
//   Oct 2022: 2, Nov 2022: 3, Dec 2022: 4, Oct 2023: 3, Nov 2023: 2, Dec 2023: 3,
//   Oct 2024: 4, Nov 2024: 3, Dec 2024: 3                                         (27 concerns)
//   Nov 2025: 9 of category B and 2 of category A                                 (11 concerns)
// Haven's history starts in October 2022, so November 2025's baseline is the nine months above
// (Oct–Dec of 2022, 2023 and 2024): mean 27 / 9 = 3, φ = 1, Poisson(3)'s 99% point is 8, so
// 9 concerns of B rise; A's baseline is all zeros and its 2 concerns are too few to flag.
//
// Six referrals on the November 2025 concerns: two "Removed from the exploitative situation"
// (positive), one "Advice given" (classed negative by the coordinator in this test), one
// "Accepted" (engaged), one "Person declined support" (did not engage), one awaiting an outcome.
//
// Haven District Council: 6 concerns in 2025; its one service area with a headcount has 50 staff.
// The City's only headcount is Housing Services, 100 staff.
describe('insight printable reports', () => {
  let t: TestApp;
  let categoryNames: [string, string];
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };

  before(async () => {
    t = await startTestApp();
    const city = await actorFor(t.db, 'coordinator@city.example');
    const district = await actorFor(t.db, 'reporter@district.example');
    const areas = await t.db.selectFrom('service_areas').select(['id', 'name', 'organisation_id']).execute();
    const housing = areas.find((a) => a.name === 'Housing Services' && a.organisation_id === city.organisationId)!;
    await t.db.updateTable('service_areas').set({ headcount: null }).execute();
    await t.db.updateTable('service_areas').set({ headcount: 100 }).where('id', '=', housing.id).execute();
    const districtArea = areas.find((a) => a.organisation_id === district.organisationId)!;
    await t.db.updateTable('service_areas').set({ headcount: 50 }).where('id', '=', districtArea.id).execute();
    const categories = await t.db
      .selectFrom('categories')
      .select(['id', 'name'])
      .where('organisation_id', '=', city.organisationId)
      .where('applies_to', '=', 'both')
      .orderBy('sort_order')
      .execute();
    const [a, b] = [categories[0]!, categories[1]!];
    categoryNames = [a.name, b.name];

    // One concern built through the recording journey, copied to fixed times: fast, and the same on both databases.
    const model = await buildConcern(t.db, 'reporter@city.example', { serviceAreaId: housing.id, categoryIds: [b.id] });
    const modelRow = await t.db.selectFrom('concerns').selectAll().where('id', '=', model.id).executeTakeFirstOrThrow();
    const districtModel = await buildConcern(t.db, 'reporter@district.example');
    const districtRow = await t.db
      .selectFrom('concerns')
      .selectAll()
      .where('id', '=', districtModel.id)
      .executeTakeFirstOrThrow();
    // The models themselves leave the City's figures: moved to the district, years before any period asked about.
    await t.db.deleteFrom('concern_categories').where('concern_id', '=', model.id).execute();
    await t.db
      .updateTable('concerns')
      .set({
        created_at: '2019-01-10T10:00:00.000Z',
        organisation_id: district.organisationId,
        // The district's own service area and reporter: PostgreSQL refuses another council's (migration 0039).
        service_area_id: districtArea.id,
        reporter_id: districtRow.reporter_id,
        reference: 'HC-MODEL-1',
      })
      .where('id', '=', model.id)
      .execute();
    await t.db
      .updateTable('concerns')
      .set({ created_at: '2019-01-10T10:00:00.000Z' })
      .where('id', '=', districtModel.id)
      .execute();
    let n = 0;
    const copy = async (row: typeof modelRow, at: string, categoryId: string | null) => {
      const id = randomUUID();
      n += 1;
      await t.db
        .insertInto('concerns')
        .values({
          ...row,
          id,
          reference: `HC-TEST-${String(n).padStart(5, '0')}`,
          created_at: at,
          triage_deadline_at: at,
        })
        .execute();
      if (categoryId) {
        await t.db
          .insertInto('concern_categories')
          .values({ organisation_id: row.organisation_id, concern_id: id, category_id: categoryId })
          .execute();
      }
      return id;
    };
    const history: Array<[string, number]> = [
      ['2022-10', 2],
      ['2022-11', 3],
      ['2022-12', 4],
      ['2023-10', 3],
      ['2023-11', 2],
      ['2023-12', 3],
      ['2024-10', 4],
      ['2024-11', 3],
      ['2024-12', 3],
    ];
    for (const [month, count] of history) {
      for (let i = 0; i < count; i += 1) await copy(modelRow, `${month}-10T10:00:00.000Z`, b.id);
    }
    const november: string[] = [];
    for (let i = 0; i < 9; i += 1) november.push(await copy(modelRow, '2025-11-10T10:00:00.000Z', b.id));
    for (let i = 0; i < 2; i += 1) november.push(await copy(modelRow, '2025-11-12T10:00:00.000Z', a.id));
    for (let i = 0; i < 6; i += 1) await copy(districtRow, '2025-06-10T10:00:00.000Z', null);
    // The coordinator classes "Advice given" as a negative outcome through the settings form.
    const outcomes = await t.db
      .selectFrom('referral_outcomes')
      .select(['id', 'name'])
      .where('organisation_id', '=', city.organisationId)
      .execute();
    const outcome = (start: string) => outcomes.find((o) => o.name.startsWith(start))!;
    const coordinator = await signedIn('coordinator@city.example');
    const advice = outcome('Advice given');
    const changed = await coordinator.post(`/settings/referral-outcomes/${advice.id}`, {
      name: advice.name,
      outcomeClass: 'negative',
    });
    assert.equal(changed.statusCode, 303);
    const agency = await t.db
      .selectFrom('agencies')
      .select('id')
      .where('organisation_id', '=', city.organisationId)
      .executeTakeFirstOrThrow();
    const refer = async (concernId: string, outcomeId: string | null) =>
      t.db
        .insertInto('referrals')
        .values({
          id: randomUUID(),
          organisation_id: city.organisationId,
          concern_id: concernId,
          agency_id: agency.id,
          referred_on: '2025-11-11',
          external_reference: 'R',
          professional: 'P',
          consent: 'yes',
          outcome_id: outcomeId,
          outcome_on: outcomeId ? '2025-11-20' : null,
          created_by: city.userId,
          created_at: '2025-11-11T10:00:00.000Z',
        })
        .execute();
    await refer(november[0]!, outcome('Removed').id);
    await refer(november[1]!, outcome('Removed').id);
    await refer(november[2]!, advice.id);
    await refer(november[3]!, outcome('Accepted').id);
    await refer(november[4]!, outcome('Person declined').id);
    await refer(november[5]!, null);
  });
  after(() => t.close());

  it('lets the coordinator class an outcome, and refuses a class not offered', async () => {
    const coordinator = await signedIn('coordinator@city.example');
    const row = await t.db
      .selectFrom('referral_outcomes')
      .select(['id', 'name', 'outcome_class'])
      .where('name', 'like', 'Advice given%')
      .where('organisation_id', '=', (await actorFor(t.db, 'coordinator@city.example')).organisationId)
      .executeTakeFirstOrThrow();
    assert.equal(row.outcome_class, 'negative');
    const refused = await coordinator.post(`/settings/referral-outcomes/${row.id}`, {
      name: row.name,
      outcomeClass: 'wonderful',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Select how the outcome counts in reports from the list/);
  });

  it('writes the monthly statement in the council’s words, with the twelve months and the year before', async () => {
    const page = await (
      await signedIn('coordinator@city.example')
    ).get('/insight/monthly-statement?month=11&monthYear=2025');
    assert.equal(page.statusCode, 200);
    // 12 months to November 2025: December 2024 (3) + November 2025 (11) = 14; 14 / 12 rounds to 1.
    assert.match(
      page.body,
      /November 2025 saw 11 concerns recorded\. The total for the twelve months to November 2025 was 14 and the average monthly number was 1\./,
    );
    assert.match(page.body, /That is 11 more than October 2025 \(0\) and 8 more than November 2024 \(3\)\./);
    assert.match(
      page.body,
      new RegExp(
        `The most frequently reported concerns were: ${escape(categoryNames[1])} and ${escape(categoryNames[0])}\\.`,
      ),
    );
    assert.match(page.body, /Housing Services raised the most concerns\./);
    assert.match(
      page.body,
      /Of 6 referrals made, 4 engaged with the agency \(67%\): 2 with a positive outcome and 1 with a negative one\./,
    );
    assert.match(
      page.body,
      new RegExp(
        `Rising beyond what their history predicts: ${escape(categoryNames[1])} in November 2025 \\(9 concerns; 3\\.0 expected from its history\\)\\.`,
      ),
    );
    const months = rowsOf(page.body, 'months');
    assert.equal(months.length, 13);
    assert.deepEqual(months[0], ['November 2024', '3']);
    assert.deepEqual(months[1], ['December 2024', '3']);
    assert.deepEqual(months.at(-1), ['November 2025', '11']);
    assert.deepEqual(rowsOf(page.body, 'outcomes'), [
      ['Engaged, with a positive outcome', '2', '33%'],
      ['Engaged, with a negative outcome', '1', '17%'],
      ['Engaged, outcome neither positive nor negative', '1', '17%'],
      ['Did not engage (support declined, or the referral not accepted)', '1', '17%'],
      ['Outcome not known', '0', '0%'],
      ['Outcome not yet recorded', '1', '17%'],
      ['Referrals made', '6', '100%'],
    ]);
    assert.match(page.body, /@media print|haven-no-print/);
  });

  it('gives senior leaders the statement with small numbers hidden, and rounded to 5 when asked', async () => {
    const leader = await signedIn('leader@city.example');
    const hidden = await leader.get('/insight/monthly-statement?month=11&monthYear=2025&version=');
    assert.equal(hidden.statusCode, 200);
    // November 2024 and December 2024 (3 each) are hidden: the twelve-month total would give one back.
    assert.match(hidden.body, /November 2025 saw 11 concerns recorded\.<\/p>/);
    assert.doesNotMatch(hidden.body, /The total for the twelve months/);
    assert.deepEqual(rowsOf(hidden.body, 'months')[0], ['November 2024', 'fewer than 5']);
    assert.deepEqual(rowsOf(hidden.body, 'twelve-months')[0]?.[1], 'withheld');
    assert.match(hidden.body, /counts of 1 to 4 are shown as “fewer than 5”/);
    // Outcomes: every class is 1 or 2, so each is hidden; the sentence is not given.
    assert.doesNotMatch(hidden.body, /Of 6 referrals made/);
    const rounded = await leader.get('/insight/monthly-statement?month=11&monthYear=2025&version=rounded');
    // 11 → 10, 14 → 15 (15 / 12 rounds to 1), 3 → 5.
    assert.match(
      rounded.body,
      /November 2025 saw 10 concerns recorded\. The total for the twelve months to November 2025 was 15 and the average monthly number was 1\./,
    );
    assert.deepEqual(rowsOf(rounded.body, 'months')[0], ['November 2024', '5']);
    assert.deepEqual(rowsOf(rounded.body, 'outcomes')[0], ['Engaged, with a positive outcome', '5', '']);
    assert.match(
      rounded.body,
      /every count is rounded to the nearest 5, as NHS England publishes the Safeguarding Adults Collection/,
    );
    assert.doesNotMatch(rounded.body, /Full figures, for the safeguarding team/, 'no full figures offered');
  });

  it('compares the quarter with the one before and the same quarter a year before, by theme', async () => {
    const page = await (await signedIn('dsl@city.example')).get('/insight/quarterly-themes?quarter=3&quarterYear=2025');
    assert.equal(page.statusCode, 200);
    // Q3 2025-26 (Oct–Dec 2025): 11; Q2 (Jul–Sep 2025): 0; Q3 2024-25 (Oct–Dec 2024): 4 + 3 + 3 = 10.
    assert.match(
      page.body,
      /In Quarter 3 of 2025-26 \(October to December 2025\), 11 concerns were recorded: 11 more than the quarter before \(0\) and 1 more than the same quarter a year before \(10\)\./,
    );
    const themes = rowsOf(page.body, 'themes');
    assert.deepEqual(row(themes, categoryNames[1]), [categoryNames[1], '9', '0', '10']);
    assert.deepEqual(row(themes, categoryNames[0]), [categoryNames[0], '2', '0', '0']);
    assert.match(page.body, new RegExp(`${escape(categoryNames[1])} in November 2025`));
  });

  it('sets three calendar years side by side, month by month, with a chart', async () => {
    const page = await (
      await signedIn('coordinator@city.example')
    ).get('/insight/three-years?period=calendar-year&calendarYear=2025');
    assert.equal(page.statusCode, 200);
    // 2023: 3 + 2 + 3 = 8; 2024: 4 + 3 + 3 = 10; 2025: 11.
    assert.match(page.body, /Concerns received in three calendar years: 8 in 2023, 10 in 2024, 11 in 2025\./);
    const months = rowsOf(page.body, 'three-years-by-month');
    assert.deepEqual(row(months, 'October'), ['October', '3', '4', '0']);
    assert.deepEqual(row(months, 'November'), ['November', '2', '3', '11']);
    assert.deepEqual(months.at(-1), ['Total for the year', '8', '10', '11']);
    const categories = rowsOf(page.body, 'three-years-by-category');
    assert.deepEqual(row(categories, categoryNames[1]), [categoryNames[1], '8', '10', '9']);
    assert.match(
      page.body,
      /<svg[^>]*role="img"[^>]*>\s*<title[^>]*>Chart: concerns received each month, three years side by side/,
    );
    // Financial years: 2023-24 holds Oct–Dec 2023 (8); 2024-25 holds Oct–Dec 2024 (10); 2025-26 holds Nov 2025 (11).
    const financial = await (
      await signedIn('coordinator@city.example')
    ).get('/insight/three-years?period=financial-year&financialYear=2025');
    assert.match(financial.body, /8 in 2023-24, 10 in 2024-25, 11 in 2025-26/);
    assert.equal(rowsOf(financial.body, 'three-years-by-month')[0]![0], 'April');
  });

  it('states the trend flags’ method and baseline, and flags only the category that rose', async () => {
    const page = await (await signedIn('coordinator@city.example')).get('/insight/trend-flags?month=11&monthYear=2025');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Baseline for November 2025: 9 months from October 2022 to December 2024/);
    assert.match(page.body, /improved Farrington algorithm \(Noufaily and others, 2013\)/);
    const trends = rowsOf(page.body, 'trend-flags');
    assert.deepEqual(row(trends, categoryNames[1]), [
      categoryNames[1],
      '9',
      '3.0',
      '8',
      '9',
      'Rising: above what its history predicts',
    ]);
    assert.deepEqual(row(trends, categoryNames[0]), [
      categoryNames[0],
      '2',
      '0.0',
      '0',
      '9',
      'Not flagged: fewer than 5 concerns',
    ]);
  });

  it('compares councils by rate, none named, only for the safeguarding team', async () => {
    const coordinator = await signedIn('coordinator@city.example');
    const page = await coordinator.get('/insight/councils-compared?period=calendar-year&calendarYear=2025');
    assert.equal(page.statusCode, 200);
    const councils = rowsOf(page.body, 'comparison');
    // City 11 / 100 staff = 11.0; District 6 / 50 = 12.0; all: 17 / 150 = 11.3 per 100.
    const own = councils.find((r) => r[0]!.endsWith('(your council)'))!;
    const other = councils.find((r) => r[0]!.startsWith('Council') && !r[0]!.endsWith('(your council)'))!;
    assert.deepEqual(own.slice(1, 3), ['11', '11.0']);
    assert.deepEqual(other.slice(1, 3), ['6', '12.0']);
    assert.deepEqual(councils.at(-1)?.slice(0, 3), ['All councils', '17', '11.3']);
    assert.ok(!page.body.includes('District'), 'no council named');
    const leader = await signedIn('leader@city.example');
    assert.equal((await leader.get('/insight/councils-compared')).statusCode, 403);
  });

  it('downloads a statement’s tables as CSV, Excel, and all of them in one workbook', async () => {
    const coordinator = await signedIn('coordinator@city.example');
    const base = '/insight/monthly-statement/download?month=11&monthYear=2025';
    const csv = await coordinator.get(`${base}&table=months&format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /haven-monthly-statement-2025-11-months\.csv/);
    assert.match(csv.body, /\r\nNovember 2025,11\r\n/);
    const all = await coordinator.get(`${base}&table=all&format=xlsx`);
    assert.equal(all.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(all.rawPayload as unknown as ArrayBuffer);
    assert.equal(workbook.worksheets.length, 7);
    const word = await coordinator.get(`${base}&table=all&format=docx`);
    assert.equal(word.statusCode, 200);
    assert.match(String(word.headers['content-disposition']), /haven-monthly-statement-2025-11\.docx/);
    // A .docx is a zip of XML: the statement's sentence is in its body, in the same words as the page.
    const zip = await JSZip.loadAsync(word.rawPayload as unknown as ArrayBuffer);
    const body = await zip.file('word/document.xml')!.async('string');
    assert.match(body, /November 2025 saw 11 concerns recorded\./);
    assert.match(body, /Engaged, with a negative outcome/);
    assert.ok(!body.includes('Reportname'), 'no names');
    const leader = await signedIn('leader@city.example');
    const publicCsv = await leader.get(`${base}&table=months&format=csv`);
    assert.match(publicCsv.body, /November 2024,fewer than 5/, 'a senior leader’s download is the public version');
  });

  it('refuses bad report parameters with a GOV.UK error message, never a 500', async () => {
    const coordinator = await signedIn('coordinator@city.example');
    const city = await actorFor(t.db, 'coordinator@city.example');
    const cases: Array<[string, RegExp]> = [
      ['/insight/monthly-statement?month=13&monthYear=2025', /Select a month from the list/],
      ['/insight/quarterly-themes?quarter=5&quarterYear=2025', /Select a quarter from the list/],
      ['/insight/three-years?period=custom', /Select whether the years are financial years or calendar years/],
      ['/insight/three-years?period=calendar-year&calendarYear=1066', /Select a year from the list/],
      ['/insight/trend-flags?month=11&monthYear=2025&version=everything', /Select who the report is for from the list/],
      [
        `/insight/monthly-statement?month=11&monthYear=2025&organisation=${randomUUID()}`,
        /Reports cover your own council only/,
      ],
      [
        '/insight/councils-compared?period=calendar-year&calendarYear=2025&organisation=x&organisation=y',
        /Reports cover your own council only/,
      ],
      [
        '/insight/monthly-statement/download?month=11&monthYear=2025&table=nothing&format=csv',
        /Choose a table to download/,
      ],
      ['/insight/trend-flags/download?month=11&monthYear=2025&table=trends&format=docm', /Choose a table to download/],
    ];
    for (const [url, message] of cases) {
      const page = await coordinator.get(url);
      assert.equal(page.statusCode, 400, url);
      assert.match(page.body, /govuk-error-summary/, url);
      assert.match(page.body, message, url);
    }
    const own = await coordinator.get(
      `/insight/monthly-statement?month=11&monthYear=2025&organisation=${city.organisationId}`,
    );
    assert.equal(own.statusCode, 200, 'one’s own organisation is no tampering');
  });

  it('answers hostile values in every parameter of every report with the form and its errors, never a 500', async () => {
    const coordinator = await signedIn('coordinator@city.example');
    const pages: Array<[string, string[]]> = [
      ['/insight/monthly-statement', ['month', 'monthYear', 'version', 'organisation']],
      ['/insight/quarterly-themes', ['quarter', 'quarterYear', 'version', 'organisation']],
      ['/insight/three-years', ['period', 'financialYear', 'calendarYear', 'version', 'organisation']],
      ['/insight/trend-flags', ['month', 'monthYear', 'version']],
      ['/insight/councils-compared', ['period', 'calendarYear', 'version', 'organisation']],
    ];
    for (const kind of ['long', 'emoji', 'rightToLeft', 'nul'] as const) {
      const value = encodeURIComponent(hostileValues[kind]);
      for (const [path, fields] of pages) {
        for (const field of fields) {
          // Each field with the kind of year it belongs to: a field the chosen kind does not read is ignored.
          const yearly = path.includes('three-years') || path.includes('councils');
          const others =
            !yearly || field === 'period'
              ? ''
              : `period=${field === 'financialYear' ? 'financial-year' : 'calendar-year'}&`;
          for (const url of [
            `${path}?${others}${field}=${value}`,
            `${path}/download?${others}table=all&format=xlsx&${field}=${value}`,
          ]) {
            const response = await coordinator.get(url);
            const where = `${url.slice(0, 60)}: ${kind}`;
            assert.equal(response.statusCode, 400, where);
            assert.match(response.body, /govuk-error-summary/, where);
            for (const message of errorMessages(response.body)) assert.doesNotMatch(message, libraryWording, where);
          }
        }
      }
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('&', '&amp;');
}

/** The rows of a report table as text: the row heading, then each cell. */
function rowsOf(html: string, id: string): string[][] {
  const table = html.match(new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`))?.[1];
  assert.ok(table, `table ${id}`);
  const body = table.match(/<tbody[^>]*>([\s\S]*?)<\/tbody>/)![1]!;
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((tr) =>
    [...tr[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      cell[1]!
        .replace(/<[^>]+>/g, '')
        .replaceAll('&amp;', '&')
        .replaceAll('&#39;', '’')
        .trim(),
    ),
  );
}

function row(rows: string[][], startsWith: string): string[] | undefined {
  return rows.find((r) => r[0]!.startsWith(startsWith));
}
