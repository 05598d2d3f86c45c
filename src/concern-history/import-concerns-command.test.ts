import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runHaven } from '../cli/haven.ts';
import { type TestApp, startTestApp } from '../../test/support/app.ts';
import type { ImportMapping } from './import-mapping.ts';

// `haven import concerns` against the test app's database: the same mapping file the web saves.
const mapping: ImportMapping = {
  version: 1,
  columns: { reference: 'Case Ref', receivedAt: 'Date Logged', serviceArea: 'Department', categories: 'Concern Type' },
  dateFormat: 'dd/mm/yyyy hh:mm',
  categorySeparator: '|',
  encoding: 'auto',
  serviceAreas: { 'Housing Dept': 'Housing Services' },
  categories: { DV: 'Domestic abuse', 'Old thing': null },
};

describe('haven import concerns FILE --mapping MAPPING.json', () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    t = await startTestApp();
    dir = await mkdtemp(path.join(tmpdir(), 'haven-import-'));
    await writeFile(path.join(dir, 'mapping.json'), JSON.stringify(mapping));
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function haven(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runHaven(args, t.config, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { status, out: out.join('\n'), err: err.join('\n') };
  }
  const imported = async () =>
    (await t.db.selectFrom('concerns').select('original_reference').where('imported_at', 'is not', null).execute())
      .length;
  const file = async (name: string, text: string | Buffer) => {
    const at = path.join(dir, name);
    await writeFile(at, text);
    return at;
  };

  it('imports the good rows in one go, lists the others by line in the problems file, and adds nothing the second time', async () => {
    const at = await file(
      'history.csv',
      [
        'Case Ref,Date Logged,Department,Concern Type',
        'C-1,01/04/2024 09:00,Housing Dept,DV|Mental ill health',
        'C-2,29/02/2023 09:00,Housing Dept,DV',
        'C-3,02/04/2024 09:00,Housing Dept,DV|Old thing',
        'C-1,03/04/2024 09:00,Housing Dept,DV',
        'C-4,04/04/2024 09:00,Nowhere,DV',
        '"=HYPERLINK(""http://x"")",05/04/2024 09:00,Housing Services,',
      ].join('\n'),
    );
    const args = [
      'import',
      'concerns',
      at,
      '--mapping',
      path.join(dir, 'mapping.json'),
      '--organisation',
      'Haven City Council',
    ];
    const first = await haven(...args);
    assert.equal(first.status, 0, first.err);
    assert.match(
      first.out,
      /Imported 3 concerns from 6 rows \(utf-8\) in [\d.]+s; 0 already in Haven; 3 rows with problems left out/,
    );
    assert.equal(await imported(), 3);
    const problems = await readFile(`${at}.problems.csv`, 'utf8');
    assert.match(problems, /^line,problem\n3,Date and time it arrived is not a real date/);
    assert.match(problems, /\n5,The same reference as line 2/);
    assert.match(problems, /\n6,The service area “Nowhere” is not one of Haven’s/);
    const second = await haven(...args);
    assert.match(second.out, /Imported 0 concerns from 6 rows .*; 3 already in Haven/);
    assert.equal(await imported(), 3);
    const formula = await t.db
      .selectFrom('concerns')
      .select('reference')
      .where('original_reference', 'like', '=HYPERLINK%')
      .executeTakeFirst();
    assert.equal(formula?.reference, '=HYPERLINK("http://x")');
  });

  it('refuses a file without a mapped column or that stops being CSV part way, writing nothing', async () => {
    const before = await imported();
    const missing = await file('missing.csv', 'Case Ref,Department\nX-1,Housing Dept\n');
    const refusedMissing = await haven(
      'import',
      'concerns',
      missing,
      '--mapping',
      path.join(dir, 'mapping.json'),
      '--organisation',
      'Haven City Council',
    );
    assert.equal(refusedMissing.status, 2);
    assert.match(refusedMissing.err, /no column called: Date Logged, Concern Type/);
    const broken = await file(
      'broken.csv',
      [
        'Case Ref,Date Logged,Department,Concern Type',
        ...Array.from({ length: 1500 }, (_, i) => `B-${i},01/04/2024 09:00,Housing Dept,DV`),
        'B-x,"01/04/2024',
      ].join('\n'),
    );
    const refusedBroken = await haven(
      'import',
      'concerns',
      broken,
      '--mapping',
      path.join(dir, 'mapping.json'),
      '--organisation',
      'Haven City Council',
    );
    assert.equal(refusedBroken.status, 2);
    assert.match(refusedBroken.err, /could not be read as CSV.*Nothing was imported/);
    assert.equal(await imported(), before, 'the first thousand rows were rolled back');
    const noOrganisation = await haven(
      'import',
      'concerns',
      missing,
      '--mapping',
      path.join(dir, 'mapping.json'),
      '--organisation',
      'Nowhere',
    );
    assert.equal(noOrganisation.status, 2);
    const badMapping = await file('bad.json', '{"version":2}');
    assert.equal(
      (await haven('import', 'concerns', missing, '--mapping', badMapping, '--organisation', 'Haven City Council'))
        .status,
      2,
    );
  });

  it('reads Windows-1252 when the bytes are not UTF-8', async () => {
    const text = 'Case Ref,Date Logged,Department,Concern Type\nW-\u00e91,01/04/2024 09:00,Housing Dept,DV\n';
    const at = await file('windows.csv', Buffer.from(text, 'latin1'));
    const result = await haven(
      'import',
      'concerns',
      at,
      '--mapping',
      path.join(dir, 'mapping.json'),
      '--organisation',
      'Haven City Council',
    );
    assert.match(result.out, /Imported 1 concerns from 1 rows \(windows-1252\)/);
    const row = await t.db
      .selectFrom('concerns')
      .select('reference')
      .where('original_reference', '=', 'W-é1')
      .executeTakeFirst();
    assert.ok(row);
  });
});
