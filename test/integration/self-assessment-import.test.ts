import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runHaven } from '../../src/cli/haven.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { type TestDatabase, createTestDatabase } from '../support/database.ts';

// `haven import self-assessment`: seed 001, the 2023-24 return, becomes a complete submitted
// assessment on either database; a second import or a broken file writes nothing.
const seedFile = new URL('../fixtures/self-assessment-2023-24.txt', import.meta.url);

describe('importing a past self-assessment return from the command line', () => {
  let database: TestDatabase;
  let config: Config;
  let folder: string;
  const organisationId = randomUUID();

  before(async () => {
    database = await createTestDatabase();
    folder = await mkdtemp(path.join(tmpdir(), 'haven-sa-import-'));
    config = loadConfig({
      HAVEN_ENV: 'test',
      ATTACHMENTS_DIR: path.join(folder, 'attachments'),
      ...(database.config.kind === 'sqlite'
        ? { HAVEN_DATA_DIR: path.dirname(database.config.file) }
        : { DATABASE_URL: database.config.url }),
    });
    await database.db
      .insertInto('organisations')
      .values({ id: organisationId, name: 'Riverton City Council', created_at: new Date().toISOString() })
      .execute();
  });
  after(async () => {
    await database.drop();
    await rm(folder, { recursive: true, force: true });
  });

  async function haven(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runHaven(args, config, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { status, out: out.join('\n'), err: err.join('\n') };
  }

  const counts = async () => ({
    assessments: (await database.db.selectFrom('self_assessments').select('id').execute()).length,
    standards: (await database.db.selectFrom('self_assessment_standards').select('id').execute()).length,
    answers: (await database.db.selectFrom('self_assessment_answers').select('id').execute()).length,
    actions: (await database.db.selectFrom('action_plan_actions').select('id').execute()).length,
  });

  it('refuses a broken file with each problem by line, and writes nothing', async () => {
    const broken = path.join(folder, 'broken.txt');
    const text = (await readFile(seedFile, 'utf8')).replace(
      'Explore documentation relevant to low value contracts and associated risks for individual organisations.\tSafeguarding Coordinator\t31-05-2024',
      'Explore documentation\tSafeguarding Coordinator\t31-13-2024',
    );
    await writeFile(broken, text);
    const result = await haven('import', 'self-assessment', broken, '--organisation', 'Riverton City Council');
    assert.equal(result.status, 2);
    assert.match(result.err, /^Line 388: Standard 3\.1: each action needs an action, a lead and a due date/m);
    assert.match(result.err, /Nothing was imported: 1 problems\./);
    assert.deepEqual(await counts(), { assessments: 0, standards: 0, answers: 0, actions: 0 });
  });

  it('imports every standard, response, evidence paragraph and action of the 2023-24 return', async () => {
    const result = await haven(
      'import',
      'self-assessment',
      seedFile.pathname,
      '--organisation',
      'Riverton City Council',
    );
    assert.equal(result.err, '');
    assert.equal(result.status, 0);
    assert.match(
      result.out,
      /Line 105: Standard 1\.4 has no number line in the file; its number was inferred from 1\.3 and 1\.5/,
    );
    assert.match(
      result.out,
      /Imported the 2023-24 self-assessment: 21 standards, 0 rated, 1 actions added to the action plan\./,
    );
    assert.deepEqual(await counts(), { assessments: 1, standards: 21, answers: 21, actions: 1 });

    const assessment = await database.db.selectFrom('self_assessments').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(
      [assessment.year_label, assessment.status, Number(assessment.imported)],
      ['2023-24', 'submitted', 1],
    );
    const sections = await database.db
      .selectFrom('self_assessment_sections')
      .select(['number', 'title'])
      .orderBy('number')
      .execute();
    assert.deepEqual(sections, [
      { number: 1, title: 'Leadership, Strategy and Working Together' },
      { number: 3, title: 'Commissioning Arrangements' },
      { number: 5, title: "People's Experiences of Safeguarding" },
    ]);

    const answer = await database.db
      .selectFrom('self_assessment_answers')
      .innerJoin('self_assessment_standards', 'self_assessment_standards.id', 'self_assessment_answers.standard_id')
      .select(['self_assessment_standards.question', 'response', 'evidence', 'rating', 'progress'])
      .where('self_assessment_standards.number', '=', '1.4')
      .executeTakeFirstOrThrow();
    assert.equal(
      answer.question,
      'How do you know that staff across the organisation understand and act on their safeguarding responsibilities?',
    );
    assert.equal(answer.rating, null);
    assert.equal(answer.progress, 'completed');
    assert.ok(answer.evidence!.startsWith('We have received 214 reports through MyConcern in the last 12 months.'));
    assert.ok(answer.evidence!.includes('\n\nHousing Services – 56\n\nOxford Direct Services – 30\n\n'));
    assert.ok(
      answer.response!.startsWith(
        'All employees, volunteers and members are required to complete the internal safeguarding awareness briefing.',
      ),
    );

    const action = await database.db
      .selectFrom('action_plan_actions')
      .innerJoin(
        'self_assessment_answers',
        'self_assessment_answers.id',
        'action_plan_actions.self_assessment_answer_id',
      )
      .innerJoin('self_assessment_standards', 'self_assessment_standards.id', 'self_assessment_answers.standard_id')
      .innerJoin('action_plans', 'action_plans.id', 'action_plan_actions.action_plan_id')
      .select([
        'self_assessment_standards.number',
        'action',
        'lead_name',
        'due_on',
        'standard_area',
        'action_plans.year_label',
      ])
      .executeTakeFirstOrThrow();
    assert.deepEqual(action, {
      number: '3.1',
      action:
        'Explore documentation relevant to low value contracts and associated risks for individual organisations.',
      lead_name: 'Safeguarding Coordinator',
      due_on: '2024-05-31',
      standard_area: 'Commissioning Arrangements',
      year_label: '2023-24',
    });
  });

  it('refuses the same year twice and leaves the first import as it was', async () => {
    const result = await haven('import', 'self-assessment', seedFile.pathname, '--organisation', organisationId);
    assert.equal(result.status, 2);
    assert.match(result.err, /There is already a self-assessment for that year/);
    assert.deepEqual(await counts(), { assessments: 1, standards: 21, answers: 21, actions: 1 });
  });

  it('refuses an unknown organisation and a malformed year', async () => {
    assert.equal((await haven('import', 'self-assessment', seedFile.pathname, '--organisation', 'Nowhere')).status, 2);
    assert.equal(
      (await haven('import', 'self-assessment', seedFile.pathname, '--organisation', organisationId, '--year', '2024'))
        .status,
      2,
    );
  });
});
