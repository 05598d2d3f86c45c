import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { maxWebImportBytes } from './concern-import.routes.ts';
import { decryptField } from '../../field-encryption/field-encryption.ts';

// The previous system's export: UK dates, a department name Haven does not know, several
// categories in one cell, one category Haven does not know, and rows with each kind of problem.
const header = 'Case Ref,Date Logged,Department,Concern Type,Summary,Date Closed';
const rows = [
  'OLD-1,03/02/2023 09:15,Housing Services,Domestic abuse; Mental ill health,"Rent arrears, worried",10/02/2023 12:00',
  'OLD-2,15/07/2023 14:05,Housing Dept,Neglect and acts of omission,=HYPERLINK("http://evil.example"),',
  'OLD-3,31/02/2023 10:00,Housing Services,Domestic abuse,,', // impossible date: line 4
  'OLD-1,04/02/2023 10:00,Housing Services,Domestic abuse,,', // duplicated reference: line 5
  'OLD-4,20/08/2023 16:00,Housing Services,Domestic abuse;Old Category X,,',
  'OLD-5,21/08/2023 16:00,,Domestic abuse,,', // no service area: line 7
  'OLD-6,22/08/2023 16:00,Unknown Dept,Domestic abuse,,', // department ignored: line 8
];
const csv = (text: string, bytes?: Buffer) => ({
  name: 'old-system.csv',
  type: 'text/csv',
  bytes: bytes ?? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
});
const file = () => csv([header, ...rows].join('\r\n'));
const columns = {
  reference: '0',
  receivedAt: '1',
  serviceArea: '2',
  categories: '3',
  summary: '4',
  triagedAt: '',
  closedAt: '5',
  dateFormat: 'dd/mm/yyyy hh:mm',
  categorySeparator: ';',
};

describe('importing concern history from the previous system', () => {
  let t: TestApp;
  let coordinator: WebClient;
  before(async () => {
    t = await startTestApp();
    coordinator = new WebClient(t.app);
    await coordinator.signIn('coordinator@city.example');
  });
  after(() => t.close());

  const imported = () =>
    t.db
      .selectFrom('concerns')
      .selectAll()
      .where('imported_at', 'is not', null)
      .orderBy('original_reference')
      .execute();
  const housing2023 = async () => {
    const csvFile = await coordinator.get(
      '/insight/download?table=byServiceArea&format=csv&period=calendar-year&calendarYear=2023',
    );
    assert.equal(csvFile.statusCode, 200);
    const line = csvFile.body
      .split(/\r?\n/)
      .find((l) => l.startsWith('Housing Services') || l.startsWith('"Housing Services'));
    return Number(/,(\d+)/.exec(line ?? '')?.[1] ?? 0);
  };

  async function upload(f: ReturnType<typeof csv>, fields: Record<string, string> = {}) {
    await coordinator.get('/insight/import');
    return coordinator.postFile('/insight/import', fields, f);
  }

  it('maps columns, dates and unknown names, previews every problem by line, and writes only when confirmed', async () => {
    const before = await housing2023();
    assert.equal((await upload(file())).statusCode, 303);
    const columnsPage = await coordinator.get('/insight/import/columns');
    assert.equal(columnsPage.statusCode, 200);
    assert.match(columnsPage.body, /Case Ref/);

    const missing = await coordinator.post('/insight/import/columns', { ...columns, reference: '' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Choose the column that holds the reference/);
    const badSeparator = await coordinator.post('/insight/import/columns', { ...columns, categorySeparator: 'ab' });
    assert.equal(badSeparator.statusCode, 400);
    assert.equal((await coordinator.post('/insight/import/columns', columns)).statusCode, 303);

    const values = await coordinator.get('/insight/import/values');
    assert.equal(values.statusCode, 200);
    for (const name of ['Housing Dept', 'Unknown Dept', 'Old Category X'])
      assert.match(values.body, new RegExp(`“${name}” in the file`));
    // Areas sorted: Housing Dept, Unknown Dept. One left unanswered is refused and nothing saved.
    const unanswered = await coordinator.post('/insight/import/values', { 'serviceArea-0': 'Housing Services' });
    assert.equal(unanswered.statusCode, 400);
    assert.match(unanswered.body, /Choose what “Unknown Dept” is in Haven, or to ignore it/);
    const mapped = await coordinator.post('/insight/import/values', {
      'serviceArea-0': 'Housing Services',
      'serviceArea-1': 'ignore',
      'category-0': 'ignore',
    });
    assert.equal(mapped.statusCode, 303);

    const preview = await coordinator.get('/insight/import/preview');
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /3 to import, 0 already in Haven, 4 with problems/);
    const problemTable = preview.body.slice(preview.body.indexOf('id="problems"')).split('</table>')[0]!;
    const problems = [
      ...problemTable.matchAll(/<td class="govuk-table__cell">(\d+)<\/td><td class="govuk-table__cell">([^<]+)<\/td>/g),
    ].map((m) => [Number(m[1]), m[2]]);
    assert.deepEqual(
      problems.map(([line]) => line),
      [4, 5, 7, 8],
    );
    assert.match(String(problems[0]![1]), /not a real date written as dd\/mm\/yyyy hh:mm/);
    assert.match(String(problems[1]![1]), /same reference as line 2/);
    assert.match(String(problems[2]![1]), /service area is missing/);
    assert.match(String(problems[3]![1]), /Unknown Dept.*ignored/);
    assert.equal((await imported()).length, 0, 'nothing written before confirming');

    const noName = await coordinator.post('/insight/import/confirm', { mappingName: '' });
    assert.equal(noName.statusCode, 400);
    assert.equal((await imported()).length, 0);
    assert.equal((await coordinator.post('/insight/import/confirm', { mappingName: 'Old system' })).statusCode, 303);

    const concerns = await imported();
    assert.deepEqual(
      concerns.map((c) => [c.original_reference, c.reference, c.status, c.created_at, c.closed_at]),
      [
        ['OLD-1', 'OLD-1', 'closed', '2023-02-03T09:15:00.000Z', '2023-02-10T12:00:00.000Z'],
        ['OLD-2', 'OLD-2', 'closed', '2023-07-15T13:05:00.000Z', '2023-07-15T13:05:00.000Z'],
        ['OLD-4', 'OLD-4', 'closed', '2023-08-20T15:00:00.000Z', '2023-08-20T15:00:00.000Z'],
      ],
    );
    assert.equal(
      decryptField(concerns[1]!.what_happened),
      '=HYPERLINK("http://evil.example")',
      'a formula kept as text',
    );
    const categories = await t.db
      .selectFrom('concern_categories')
      .innerJoin('categories', 'categories.id', 'concern_categories.category_id')
      .select(['concern_categories.concern_id', 'categories.name'])
      .where(
        'concern_id',
        'in',
        concerns.map((c) => c.id),
      )
      .orderBy('categories.name')
      .execute();
    assert.deepEqual(
      categories.filter((c) => c.concern_id === concerns[0]!.id).map((c) => c.name),
      ['Domestic abuse', 'Mental ill health'],
    );
    assert.deepEqual(
      categories.filter((c) => c.concern_id === concerns[2]!.id).map((c) => c.name),
      ['Domestic abuse'],
      'the ignored category is left off, the row kept',
    );
    const audited = await t.db
      .selectFrom('audit_events')
      .select('subject_id')
      .where('action', '=', 'concern.created')
      .where(
        'subject_id',
        'in',
        concerns.map((c) => c.id),
      )
      .execute();
    assert.equal(audited.length, 3);
    assert.equal(await housing2023(), before + 3, 'imported concerns count in the report like any other');
    const done = await coordinator.get('/insight/import');
    assert.match(done.body, /3 concerns imported/);
  });

  it('imports nothing twice, and reuses the saved mapping for the next file', async () => {
    const saved = await t.db.selectFrom('concern_import_mappings').select(['id', 'name']).execute();
    assert.deepEqual(
      saved.map((m) => m.name),
      ['Old system'],
    );
    assert.equal((await upload(file(), { savedMapping: saved[0]!.id })).statusCode, 303);
    const columnsPage = await coordinator.get('/insight/import/columns');
    assert.match(columnsPage.body, /<option value="2" selected>Department<\/option>/);
    assert.equal((await coordinator.post('/insight/import/columns', columns)).statusCode, 303);
    const values = await coordinator.get('/insight/import/values');
    assert.match(values.body, /Every department and category name in the file is one Haven knows, or has been mapped/);
    assert.equal((await coordinator.post('/insight/import/values', {})).statusCode, 303);
    const preview = await coordinator.get('/insight/import/preview');
    assert.match(preview.body, /0 to import, 3 already in Haven, 4 with problems/);
    assert.match(preview.body, /There is nothing to import/);
    assert.equal((await coordinator.post('/insight/import/confirm', { mappingName: 'Old system' })).statusCode, 303);
    assert.equal((await imported()).length, 3);
  });

  it('reads Windows-1252 as Excel saves it, found from the bytes or chosen', async () => {
    const text = [header, 'OLD-€1,01/03/2023 10:00,Housing Services,Domestic abuse,Café visit,'].join('\r\n');
    const windows1252 = Buffer.from(text.replace('€', '\u0080').replace('é', '\u00e9'), 'latin1');
    windows1252[windows1252.indexOf(0x80)] = 0x80; // € is 0x80 in Windows-1252
    for (const encoding of ['auto', 'windows-1252']) {
      assert.equal((await upload(csv('', windows1252), { encoding })).statusCode, 303);
      await coordinator.post('/insight/import/columns', columns);
      const preview = await coordinator.get('/insight/import/preview');
      assert.match(preview.body, /OLD-€1/);
    }
    const refused = await upload(csv('', windows1252), { encoding: 'utf-8' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /The file is not UTF-8 text/);
  });

  it('refuses what is not a CSV of concerns with a reason, and a file over the cap with a 413', async () => {
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.alloc(0), /Select a CSV file/],
      [Buffer.from([0xff, 0xfe, 0x41, 0x00]), /UTF-16/],
      [Buffer.from('Case Ref\n'), /no concerns in it/],
      [Buffer.from('a,"b\nc'), /could not be read as CSV/],
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]), /not a CSV file|not UTF-8/],
    ];
    for (const [bytes, message] of cases) {
      const response = await upload(csv('', bytes));
      assert.equal(response.statusCode, 400, String(message));
      assert.match(response.body, message);
    }
    const big = await upload(csv('', Buffer.alloc(maxWebImportBytes + 1, 0x41)));
    assert.equal(big.statusCode, 413);
    assert.match(big.body, /haven command line/);
  });

  it('is the coordinator’s alone', async () => {
    const dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
    assert.equal((await dsl.get('/insight/import')).statusCode, 403);
  });
});
