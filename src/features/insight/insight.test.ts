import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { errorMessages, hostileValues, libraryWording } from '../../../test/support/bad-input.ts';
import { actorFor, buildConcern, buildTriage } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { triageTimes } from '../../reports/insight.queries.ts';

// A fixed dataset for Haven City Council in 2025, built through the builders and then moved to
// fixed times; every expected figure below is worked out by hand from it.
//
//   Housing Services (100 staff): 12 concerns, 7 in January and 5 in February; 2 about a child;
//     4 with a second category; 5 triaged (2, 4, 6, 30 and 50 hours after arriving; the first
//     four by the deadline), with 9 referrals: Police 3 (1 outcome recorded), MASH 6 (all recorded:
//     4 "Accepted", 2 "Advice given"); the Police outcome is "Accepted".
//   Housing Services, restricted: 1 concern in January, with a referral to the Police.
//   Business Improvement (40 staff): 3 concerns in March.
//   Community Services (200 staff): 2 concerns, one at 23:30 UTC on 31 May (June in the UK).
//   Outside 2025: 23:30 UTC on 31 December 2024 (GMT: still 2024) and midnight on 1 January 2026.
//
// Total 18. Unrestricted by area: 12 + 3 + 2 = 17 over 340 staff, 5.0 per 100 staff.
describe('insight report', () => {
  let t: TestApp;
  let categoryNames: string[] = [];
  const query = 'period=calendar-year&calendarYear=2025';
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };

  before(async () => {
    t = await startTestApp();
    const city = await actorFor(t.db, 'reporter@city.example');
    const areas = await t.db
      .selectFrom('service_areas')
      .select(['id', 'name'])
      .where('organisation_id', '=', city.organisationId)
      .execute();
    const area = (name: string) => areas.find((a) => a.name === name)!.id;
    const headcounts: Array<[string, number]> = [
      ['Housing Services', 100],
      ['Business Improvement', 40],
      ['Community Services', 200],
    ];
    // Only these areas' headcounts are known here, whatever the demo data holds.
    await t.db.updateTable('service_areas').set({ headcount: null }).execute();
    for (const [name, headcount] of headcounts) {
      await t.db.updateTable('service_areas').set({ headcount }).where('id', '=', area(name)).execute();
    }
    const categories = await t.db
      .selectFrom('categories')
      .select(['id', 'name'])
      .where('organisation_id', '=', city.organisationId)
      .where('applies_to', '=', 'both')
      .orderBy('sort_order')
      .execute();
    const [first, second] = [categories[0]!.id, categories[1]!.id];
    categoryNames = [categories[0]!.name, categories[1]!.name];
    const concern = async (
      at: string,
      serviceArea: string,
      options: { child?: boolean; twoCategories?: boolean; restricted?: boolean } = {},
    ) => {
      const built = await buildConcern(t.db, 'reporter@city.example', {
        serviceAreaId: area(serviceArea),
        categoryIds: options.twoCategories ? [first, second] : [first],
        person: { name: 'Wren Reportname', ageGroup: options.child ? 'child' : 'adult' },
      });
      await t.db
        .updateTable('concerns')
        .set({
          created_at: at,
          triage_deadline_at: new Date(Date.parse(at) + 31 * 3_600_000).toISOString(),
          restricted: options.restricted ? 1 : 0,
        })
        .where('id', '=', built.id)
        .execute();
      return built.id;
    };
    const housing: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      housing.push(
        await concern(`2025-01-0${6 + (i % 3)}T10:00:00.000Z`, 'Housing Services', {
          child: i < 2,
          twoCategories: i < 4,
        }),
      );
    }
    for (let i = 0; i < 5; i += 1) housing.push(await concern(`2025-02-1${i}T10:00:00.000Z`, 'Housing Services'));
    const restricted = await concern('2025-01-15T10:00:00.000Z', 'Housing Services', { restricted: true });
    for (let i = 0; i < 3; i += 1) await concern(`2025-03-0${3 + i}T10:00:00.000Z`, 'Business Improvement');
    await concern('2025-05-31T23:30:00.000Z', 'Community Services');
    await concern('2025-06-10T10:00:00.000Z', 'Community Services');
    await concern('2024-12-31T23:30:00.000Z', 'Housing Services');
    await concern('2026-01-01T00:00:00.000Z', 'Housing Services');
    // Another council's concern in the same year: never in the City's figures.
    const district = await buildConcern(t.db, 'reporter@district.example');
    await t.db
      .updateTable('concerns')
      .set({ created_at: '2025-01-06T10:00:00.000Z' })
      .where('id', '=', district.id)
      .execute();

    // Triage of five January concerns: received 2025-01-06T10:00Z, due at 17:00 the next day.
    const triageHours = [2, 4, 6, 30, 50];
    for (const [i, hours] of triageHours.entries()) {
      const id = housing[i]!;
      await buildTriage(t.db, id);
      const received = '2025-01-06T10:00:00.000Z';
      await t.db
        .updateTable('concerns')
        .set({
          created_at: received,
          triage_deadline_at: '2025-01-07T17:00:00.000Z',
          triaged_at: new Date(Date.parse(received) + hours * 3_600_000).toISOString(),
        })
        .where('id', '=', id)
        .execute();
    }
    const agencies = await t.db
      .selectFrom('agencies')
      .select(['id', 'code'])
      .where('organisation_id', '=', city.organisationId)
      .execute();
    const agency = (code: string) => agencies.find((a) => a.code === code)!.id;
    const outcomes = await t.db
      .selectFrom('referral_outcomes')
      .select(['id', 'name'])
      .where('organisation_id', '=', city.organisationId)
      .execute();
    const outcome = (start: string) => outcomes.find((o) => o.name.startsWith(start))!.id;
    const refer = async (concernId: string, agencyCode: string, outcomeId: string | null) =>
      t.db
        .insertInto('referrals')
        .values({
          id: randomUUID(),
          organisation_id: city.organisationId,
          concern_id: concernId,
          agency_id: agency(agencyCode),
          referred_on: '2025-01-08',
          external_reference: 'R',
          professional: 'P',
          consent: 'yes',
          outcome_id: outcomeId,
          outcome_on: outcomeId ? '2025-01-20' : null,
          created_by: city.userId,
          created_at: '2025-01-08T10:00:00.000Z',
        })
        .execute();
    await refer(housing[0]!, 'police', outcome('Accepted'));
    await refer(housing[1]!, 'police', null);
    await refer(housing[2]!, 'police', null);
    for (let i = 0; i < 6; i += 1) await refer(housing[3 + i]!, 'mash', outcome(i < 4 ? 'Accepted' : 'Advice'));
    await refer(restricted, 'police', outcome('Accepted'));
  });
  after(() => t.close());

  it('counts the year in full for the coordinator, by month in UK time, area, category and person', async () => {
    const page = await (await signedIn('coordinator@city.example')).get(`/insight?${query}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Concerns received: <strong>18<\/strong>/);
    const months = rowsOf(page.body, 'by-month');
    assert.deepEqual(months.slice(0, 6), [
      ['January 2025', '8'],
      ['February 2025', '5'],
      ['March 2025', '3'],
      ['April 2025', '0'],
      ['May 2025', '0'],
      ['June 2025', '2'],
    ]);
    assert.deepEqual(months.at(-1), ['Total', '18']);
    const areas = rowsOf(page.body, 'by-service-area');
    assert.deepEqual(row(areas, 'Housing Services'), ['Housing Services', '12']);
    assert.deepEqual(row(areas, 'Business Improvement'), ['Business Improvement', '3']);
    assert.deepEqual(row(areas, 'Community Services'), ['Community Services', '2']);
    assert.deepEqual(row(areas, 'Restricted'), ['Restricted concerns (not shown by service area)', '1']);
    assert.deepEqual(areas.at(-1), ['Total', '18']);
    const categories = rowsOf(page.body, 'by-category');
    assert.equal(row(categories, categoryNames[0]!)?.[1], '17', 'every unrestricted concern has the first category');
    assert.equal(row(categories, categoryNames[1]!)?.[1], '4', 'four have a second');
    assert.match(page.body, /counts once in each/);
    assert.deepEqual(rowsOf(page.body, 'about-whom'), [
      ['About a child or children', '2'],
      ['About an adult or adults', '16'],
      ['About a child and an adult', '0'],
      ['No person at risk recorded', '0'],
      ['Total', '18'],
    ]);
    assert.deepEqual(rowsOf(page.body, 'open-and-closed'), [
      ['Awaiting triage', '13'],
      ['Open', '5'],
      ['Closed', '0'],
      ['Total', '18'],
    ]);
    assert.ok(!page.body.includes('Reportname'), 'no names');
    assert.ok(!page.body.includes('Test description'), 'no free text');
  });

  it('gives referrals with their denominators and triage against the deadline', async () => {
    const page = await (await signedIn('dsl@city.example')).get(`/insight?${query}`);
    const byAgency = rowsOf(page.body, 'referrals-by-agency');
    assert.deepEqual(row(byAgency, 'Police'), ['Police', '3', '1', '2']);
    assert.deepEqual(row(byAgency, 'MASH'), [byAgency.find((r) => r[0]!.startsWith('MASH'))![0], '6', '6', '0']);
    assert.deepEqual(byAgency.at(-1), ['Total', '9', '7', '2']);
    const byOutcome = rowsOf(page.body, 'referrals-by-outcome');
    assert.deepEqual(row(byOutcome, 'Accepted')?.[1], '5');
    assert.deepEqual(row(byOutcome, 'Advice')?.[1], '2');
    assert.deepEqual(row(byOutcome, 'Outcome not yet recorded'), ['Outcome not yet recorded', '2']);
    assert.deepEqual(byOutcome.at(-1), ['Referrals made', '9']);
    // The demo classes: "Accepted" and "Advice given" both count as engaged, neither positive nor negative.
    assert.deepEqual(rowsOf(page.body, 'outcomes'), [
      ['Engaged, with a positive outcome', '0', '0%'],
      ['Engaged, with a negative outcome', '0', '0%'],
      ['Engaged, outcome neither positive nor negative', '7', '78%'],
      ['Did not engage (support declined, or the referral not accepted)', '0', '0%'],
      ['Outcome not known', '0', '0%'],
      ['Outcome not yet recorded', '2', '22%'],
      ['Referrals made', '9', '100%'],
    ]);
    assert.match(
      page.body,
      /Of 9 referrals made, 7 engaged with the agency \(78%\): 0 with a positive outcome and 0 with a negative one\./,
    );
    assert.deepEqual(rowsOf(page.body, 'triage'), [
      ['Triaged by the deadline', '4'],
      ['Triaged after the deadline', '1'],
      ['Not yet triaged, past the deadline', '13'],
      ['Not yet triaged, not yet due', '0'],
      ['Imported without a triage time', '0'],
      ['Total', '18'],
    ]);
    // Median of 2, 4, 6, 30, 50 hours; 4 of 18 (22%) by the deadline.
    assert.match(page.body, /Median time to triage<\/dt>\s*<dd[^>]*>6 hours/);
    assert.match(page.body, /Longest time to triage<\/dt>\s*<dd[^>]*>50 hours/);
    assert.match(page.body, /22% \(4 of 18 concerns triaged or overdue\)/);
  });

  it('reads triage times a few at a time, every concern of the period once (a long period never sits in memory)', async () => {
    const city = await actorFor(t.db, 'coordinator@city.example');
    const span = {
      organisationId: city.organisationId,
      from: '2025-01-01T00:00:00.000Z',
      until: '2026-01-01T00:00:00.000Z',
    };
    const batches: string[][] = [];
    for await (const batch of triageTimes(t.db, span, 4)) batches.push(batch.map((row) => row.id));
    const ids = batches.flat();
    assert.equal(new Set(ids).size, ids.length, 'no concern read twice');
    assert.ok(batches.every((batch) => batch.length <= 4));
    const everyOne = await t.db
      .selectFrom('concerns')
      .select('id')
      .where('organisation_id', '=', city.organisationId)
      .where('created_at', '>=', span.from)
      .where('created_at', '<', span.until)
      .execute();
    assert.deepEqual([...ids].sort(), everyOne.map((row) => row.id).sort());
    assert.ok(batches.length > 1, 'read in more than one batch');
  });

  it('puts each service area’s rate against Spiegelhalter’s limits at the organisation’s rate', async () => {
    const page = await (await signedIn('coordinator@city.example')).get(`/insight?${query}`);
    const rates = rowsOf(page.body, 'reporting-rate');
    // 17 concerns over 340 staff: 5.0 per 100. Limits worked by hand from Poisson(5), (2), (10).
    assert.match(page.body, /5\.0 concerns per 100 staff \(17 concerns, 340 staff\)/);
    assert.deepEqual(row(rates, 'Housing Services'), [
      'Housing Services',
      '100',
      '12.0',
      '0.5 to 9.4',
      '0.0 to 12.8',
      'More than expected (above the 95% limit)',
    ]);
    assert.deepEqual(row(rates, 'Business Improvement'), [
      'Business Improvement',
      '40',
      '7.5',
      '0.0 to 11.9',
      '0.0 to 17.8',
      'Within the limits',
    ]);
    assert.deepEqual(row(rates, 'Community Services'), [
      'Community Services',
      '200',
      '1.0',
      '1.9 to 8.1',
      '0.6 to 10.3',
      'Fewer than expected (below the 95% limit)',
    ]);
    assert.deepEqual(row(rates, 'Welfare Reform')?.[1], 'headcount not known');
    assert.match(page.body, /Headcount not known, so no rate: [^<]*Welfare Reform/);
    assert.match(page.body, /<svg[^>]*role="img"[^>]*>\s*<title id="funnel-chart-title">Funnel plot/);
    assert.match(page.body, /Outside the 95% limits: Housing Services, Community Services\./);
  });

  it('hides counts of 1 to 4 in the public version, and whatever would give them back', async () => {
    for (const [email, url] of [
      ['coordinator@city.example', `/insight?${query}&version=public`],
      // Senior leaders see aggregates only, whatever the address asks for.
      ['leader@city.example', `/insight?${query}`],
    ] as const) {
      const page = await (await signedIn(email)).get(url);
      assert.equal(page.statusCode, 200, email);
      assert.match(page.body, /Concerns received: <strong>18<\/strong>/);
      const areas = rowsOf(page.body, 'by-service-area');
      assert.deepEqual(row(areas, 'Housing Services'), ['Housing Services', '12']);
      assert.deepEqual(row(areas, 'Business Improvement'), ['Business Improvement', 'fewer than 5']);
      assert.deepEqual(row(areas, 'Restricted')?.[1], 'fewer than 5');
      // The child count alone is hidden; the total would give it back, so the adult count goes too.
      assert.deepEqual(rowsOf(page.body, 'about-whom'), [
        ['About a child or children', 'fewer than 5'],
        ['About an adult or adults', 'withheld'],
        ['About a child and an adult', '0'],
        ['No person at risk recorded', '0'],
        ['Total', '18'],
      ]);
      // Police 3 / 1 / 2 hidden; each column and the total row then needs a second hidden figure.
      const byAgency = rowsOf(page.body, 'referrals-by-agency');
      assert.deepEqual(row(byAgency, 'Police'), ['Police', 'fewer than 5', 'fewer than 5', 'fewer than 5']);
      assert.deepEqual(row(byAgency, 'MASH')?.slice(1), ['withheld', 'withheld', '0']);
      assert.deepEqual(byAgency.at(-1), ['Total', '9', 'withheld', 'fewer than 5']);
      const rates = rowsOf(page.body, 'reporting-rate');
      assert.deepEqual(row(rates, 'Housing Services')?.slice(0, 3), ['Housing Services', '100', '12.0']);
      assert.deepEqual(row(rates, 'Business Improvement')?.slice(2), ['not shown', '0.0 to 11.9', '0.0 to 17.8', '']);
      // Four triaged by the deadline is a small number: the share would give it back.
      assert.match(page.body, /Triaged by the deadline<\/dt>\s*<dd[^>]*>Not shown/);
      assert.match(page.body, /counts of 1 to 4 are shown as “fewer than 5”/);
      assert.ok(!page.body.includes('Show the full figures') || email === 'coordinator@city.example');
    }
    const leader = await signedIn('leader@city.example');
    const download = await leader.get(`/insight/download?table=aboutWhom&format=csv&${query}`);
    assert.match(
      download.body,
      /About an adult or adults,withheld/,
      'a senior leader’s download is the public version too',
    );
  });

  it('rounds every count to the nearest 5 in the other public version, and works no rate from a true count', async () => {
    const page = await (await signedIn('leader@city.example')).get(`/insight?${query}&version=rounded`);
    assert.equal(page.statusCode, 200);
    // 18 → 20; Housing 12 → 10; Business Improvement 3 → 5; restricted 1 → 5; the total rounded from 18, not added up.
    assert.match(page.body, /Concerns received: <strong>20<\/strong>/);
    const areas = rowsOf(page.body, 'by-service-area');
    assert.deepEqual(row(areas, 'Housing Services'), ['Housing Services', '10']);
    assert.deepEqual(row(areas, 'Business Improvement'), ['Business Improvement', '5']);
    assert.deepEqual(row(areas, 'Restricted')?.[1], '5');
    assert.deepEqual(areas.at(-1), ['Total', '20']);
    assert.deepEqual(row(rowsOf(page.body, 'reporting-rate'), 'Housing Services')?.[2], 'not shown');
    assert.match(
      page.body,
      /every count is rounded to the nearest 5, as NHS England publishes the Safeguarding Adults Collection/,
    );
    assert.match(page.body, /Triaged by the deadline<\/dt>\s*<dd[^>]*>Not shown/);
  });

  it('downloads each table as CSV and Excel with the same figures, formulas neutralised', async () => {
    await t.db
      .updateTable('service_areas')
      .set({ name: '=HYPERLINK("http://evil.example","Click")' })
      .where('name', '=', 'Councillors')
      .execute();
    const coordinator = await signedIn('coordinator@city.example');
    const csv = await coordinator.get(`/insight/download?table=byServiceArea&format=csv&${query}`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /haven-by-service-area-2025-01-01-to-2025-12-31\.csv/);
    assert.match(csv.body, /\r\nHousing Services,12\r\n/);
    assert.match(csv.body, /"'=HYPERLINK\(""http:\/\/evil\.example"",""Click""\)",0/);
    const publicCsv = await coordinator.get(`/insight/download?table=aboutWhom&format=csv&${query}&version=public`);
    assert.match(publicCsv.body, /About an adult or adults,withheld/);
    assert.match(publicCsv.body, /Public version: counts of 1 to 4/);

    const xlsx = await coordinator.get(`/insight/download?table=byServiceArea&format=xlsx&${query}`);
    assert.equal(xlsx.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const cells = new Map<string, ExcelJS.Cell>();
    sheet.eachRow((r) => cells.set(String(r.getCell(1).value), r.getCell(2)));
    assert.equal(cells.get('Housing Services')?.value, 12);
    const evil = [...cells.keys()].find((k) => k.includes('HYPERLINK'))!;
    const evilCell = sheet.getColumn(1).values.find((v) => String(v).includes('HYPERLINK'));
    assert.equal(typeof evilCell, 'string', 'a text cell, never a formula');
    assert.ok(evil);
    sheet.eachRow((r) => r.eachCell((cell) => assert.notEqual(cell.type, ExcelJS.ValueType.Formula)));
    await t.db.updateTable('service_areas').set({ name: 'Councillors' }).where('name', 'like', '=HYPERLINK%').execute();
  });

  it('refuses a period that ends before it starts, one of 20 years and tampered values, keeping what was entered', async () => {
    const coordinator = await signedIn('coordinator@city.example');
    const custom = (from: string, to: string) => {
      const [fd, fm, fy] = from.split(' ');
      const [td, tm, ty] = to.split(' ');
      return `/insight?period=custom&from-day=${fd}&from-month=${fm}&from-year=${fy}&to-day=${td}&to-month=${tm}&to-year=${ty}`;
    };
    const backwards = await coordinator.get(custom('1 3 2025', '28 2 2025'));
    assert.equal(backwards.statusCode, 400);
    assert.match(backwards.body, /The end date must be the same as or after the start date/);
    assert.match(backwards.body, /name="to-day" type="text" value="28"|value="28"/);
    const twenty = await coordinator.get(custom('1 1 2006', '31 12 2025'));
    assert.equal(twenty.statusCode, 400);
    assert.match(twenty.body, /can be at most 5 years/);
    const cases: Array<[string, RegExp]> = [
      ['period=weekly', /Select the period the report covers/],
      ['period=month&month=13&monthYear=2025', /Select a month from the list/],
      ['period=financial-year&financialYear=1800', /Select a year from the list/],
      ['period=calendar-year&calendarYear=2025&version=everything', /Select who the report is for from the list/],
      ['period=month&period=quarter', /Select the period the report covers, once/],
      [
        'period=custom&from-day=31&from-month=2&from-year=2025&to-day=1&to-month=3&to-year=2025',
        /The start date must be a real date/,
      ],
      ['period=custom', /Enter the start date/],
      [`${query}&organisation=00000000-0000-4000-8000-000000000000`, /Reports cover your own council only/],
    ];
    for (const [q, message] of cases) {
      const page = await coordinator.get(`/insight?${q}`);
      assert.equal(page.statusCode, 400, q);
      assert.match(page.body, message, q);
      assert.match(page.body, /govuk-error-summary/, q);
    }
    const download = await coordinator.get(`/insight/download?table=nothing&format=csv&${query}`);
    assert.equal(download.statusCode, 400);
  });

  it('answers hostile values in every field of the period form with the form and its errors, never a 500', async () => {
    const coordinator = await signedIn('coordinator@city.example');
    // Each field with the period it belongs to, every other field valid: the field alone is refused.
    const custom = 'period=custom&from-day=1&from-month=1&from-year=2025&to-day=31&to-month=1&to-year=2025';
    const forField: Record<string, string> = {
      period: '',
      month: 'period=month&monthYear=2025',
      monthYear: 'period=month&month=1',
      quarter: 'period=quarter&quarterYear=2025',
      quarterYear: 'period=quarter&quarter=1',
      financialYear: 'period=financial-year',
      calendarYear: 'period=calendar-year',
      version: 'period=calendar-year&calendarYear=2025',
    };
    for (const field of ['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year']) {
      forField[field] = custom.replace(new RegExp(`&${field}=[0-9]+`), '');
    }
    for (const kind of ['long', 'emoji', 'rightToLeft', 'nul', 'longEmoji'] as const) {
      const value = encodeURIComponent(hostileValues[kind]);
      for (const [field, others] of Object.entries(forField)) {
        const base = others ? `${others}&` : '';
        for (const path of ['/insight', '/insight/download']) {
          const response = await coordinator.get(`${path}?${base}table=byMonth&format=csv&${field}=${value}`);
          const where = `${path} ${field}: ${kind}`;
          assert.equal(response.statusCode, 400, where);
          assert.match(response.body, /govuk-error-summary/, where);
          for (const message of errorMessages(response.body)) assert.doesNotMatch(message, libraryWording, where);
        }
      }
    }
  });

  it('shows the current financial year when no period is chosen', async () => {
    const page = await (await signedIn('coordinator@city.example')).get('/insight');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Financial year \d{4}-\d{2}<\/h1>/);
  });
});

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
