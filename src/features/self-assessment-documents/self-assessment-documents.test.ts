import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import mammoth from 'mammoth';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildUser } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// The 2023-24 return (seed 001) imported through the web, then exported to Word and read back:
// the text of every standard must be what Haven stored.
const seed = readFileSync(new URL('../../../test/fixtures/self-assessment-2023-24.txt', import.meta.url));

describe('a self-assessment return imported through the web and exported to Word', () => {
  let t: TestApp;
  let coordinator: WebClient;
  let organisationId: string;

  const upload = (bytes: Uint8Array) =>
    coordinator.postFile('/self-assessment/import', {}, { name: 'return.txt', type: 'text/plain', bytes });
  let atStart: { assessments: number; imports: number; actions: number };
  const counts = async () => ({
    assessments: (await t.db.selectFrom('self_assessments').select('id').execute()).length,
    imports: (await t.db.selectFrom('self_assessment_imports').select('id').execute()).length,
    actions: (await t.db.selectFrom('action_plan_actions').select('id').execute()).length,
  });

  before(async () => {
    t = await startTestApp();
    coordinator = new WebClient(t.app);
    await coordinator.signIn('coordinator@city.example');
    organisationId = (await actorFor(t.db, 'coordinator@city.example')).organisationId;
    // The demo data holds a self-assessment and an action plan of its own.
    atStart = await counts();
  });
  after(() => t.close());

  it('lists every problem of a broken return by line and keeps nothing', async () => {
    const before = await counts();
    const broken = seed.toString('utf8').replace('\t31-05-2024', '\t31-13-2024').replace('\n5.5\n', '\n5.4\n');
    const page = await upload(Buffer.from(broken));
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /Line 388: Standard 3\.1: each action needs an action, a lead and a due date/);
    assert.match(page.body, /Line 738: Standard 5\.4 appears twice \(first on line 704\)/);
    assert.deepEqual(await counts(), before);
  });

  it('refuses a file that is not text', async () => {
    const page = await upload(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /The file is not a text file/);
  });

  it('shows what it read, with the inferred standard, then imports it on confirmation', async () => {
    const uploaded = await upload(seed);
    assert.equal(uploaded.statusCode, 303);
    const preview = await coordinator.get('/self-assessment/import/preview');
    assert.equal(preview.statusCode, 200);
    assert.match(
      preview.body,
      /Line 105: Standard 1\.4 has no number line in the file; its number was inferred from 1\.3 and 1\.5/,
    );
    assert.match(preview.body, /1\.4 \(inferred\)/);
    const beforeConfirming = await counts();
    assert.deepEqual(
      [beforeConfirming.assessments, beforeConfirming.actions],
      [atStart.assessments, atStart.actions],
      'nothing is written before confirming',
    );

    const badYear = await coordinator.post('/self-assessment/import/confirm', { year: 'last year' });
    assert.equal(badYear.statusCode, 400);
    assert.match(badYear.body, /Enter the year the return is for, like 2023-24/);
    assert.match(badYear.body, /value="last year"/);

    const done = await coordinator.post('/self-assessment/import/confirm', { year: '2023-24' });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /21 standards, 0 rated, 1 actions added to the action plan/);
    assert.deepEqual(await counts(), {
      assessments: atStart.assessments + 1,
      imports: 0,
      actions: atStart.actions + 1,
    });
  });

  it('refuses the same year again, saying why', async () => {
    await upload(seed);
    const again = await coordinator.post('/self-assessment/import/confirm', { year: '2023-24' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /There is already a self-assessment for that year/);
    assert.equal((await counts()).assessments, atStart.assessments + 1);
  });

  it('exports the assessment to Word with the text of every standard as stored', async () => {
    const assessment = await t.db
      .selectFrom('self_assessments')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('year_label', '=', '2023-24')
      .executeTakeFirstOrThrow();
    const stored = await t.db
      .selectFrom('self_assessment_answers')
      .innerJoin('self_assessment_standards', 'self_assessment_standards.id', 'self_assessment_answers.standard_id')
      .select(['number', 'question', 'response', 'evidence'])
      .where('assessment_id', '=', assessment.id)
      .orderBy('position')
      .execute();
    assert.equal(stored.length, 21);

    const dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
    const word = await dsl.get(`/self-assessment/${assessment.id}/word`);
    assert.equal(word.statusCode, 200);
    const text = (await mammoth.extractRawText({ buffer: word.rawPayload })).value;
    const paragraphs = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);

    // Each standard's number, question, response and evidence, in the return's order.
    let at = 0;
    for (const standard of stored) {
      const expected = [standard.number, standard.question, 'Response', ...standard.response!.split('\n\n'), 'Rating'];
      for (const piece of expected) {
        const found = paragraphs.indexOf(piece, at);
        assert.ok(found >= at, `standard ${standard.number}: "${piece.slice(0, 60)}" in order`);
        at = found + 1;
      }
      const evidence = paragraphs.indexOf('Evidence', at);
      assert.deepEqual(
        paragraphs.slice(evidence + 1, evidence + 1 + standard.evidence!.split('\n\n').length),
        standard.evidence!.split('\n\n'),
        `standard ${standard.number}: its evidence, paragraph by paragraph`,
      );
      at = evidence + 1;
    }
    const actions = paragraphs.indexOf('Actions');
    assert.deepEqual(paragraphs.slice(actions + 1, actions + 7), [
      'Action',
      'Lead',
      'Due',
      'Explore documentation relevant to low value contracts and associated risks for individual organisations.',
      'Safeguarding Coordinator',
      '31-05-2024',
    ]);
  });

  it('keeps the import to the coordinator and the document to the organisation', async () => {
    const reporter = new WebClient(t.app);
    await reporter.signIn('reporter@city.example');
    assert.equal((await reporter.get('/self-assessment/import')).statusCode, 403);
    const assessment = await t.db
      .selectFrom('self_assessments')
      .select('id')
      .where('year_label', '=', '2023-24')
      .executeTakeFirstOrThrow();
    assert.equal((await reporter.get(`/self-assessment/${assessment.id}/word`)).statusCode, 403);
    const otherCouncil = new WebClient(t.app);
    await otherCouncil.signIn(await buildUser(t.db, 'dso@district.example', ['coordinator']));
    assert.equal((await otherCouncil.get(`/self-assessment/${assessment.id}/word`)).statusCode, 404);
    assert.equal((await coordinator.get('/self-assessment/00000000-0000-4000-8000-000000000000/word')).statusCode, 404);
  });
});
