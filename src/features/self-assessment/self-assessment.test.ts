import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildConcern, buildUser } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { hashReviewToken } from './self-assessment.ts';

// The self-assessment (issue 10) through HTTP, as the coordinator, a DSL and a peer reviewer use it.
describe('self-assessment', () => {
  let t: TestApp;
  let coordinator: WebClient;
  let organisationId = '';
  let assessmentId = '';
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  const standard = async (number: string, id = assessmentId) =>
    t.db
      .selectFrom('self_assessment_answers as a')
      .innerJoin('self_assessment_standards as s', 's.id', 'a.standard_id')
      .select([
        'a.id as answerId',
        'a.response',
        'a.evidence',
        'a.rating',
        'a.progress',
        'a.version',
        's.id as standardId',
      ])
      .where('a.assessment_id', '=', id)
      .where('s.number', '=', number)
      .executeTakeFirstOrThrow();
  const standardUrl = (standardId: string, id = assessmentId) => `/self-assessment/${id}/standards/${standardId}`;
  const fill = async (number: string, form: Record<string, string>, client = coordinator) => {
    const answer = await standard(number);
    await client.get(standardUrl(answer.standardId));
    return client.post(standardUrl(answer.standardId), { version: String(answer.version), ...form });
  };

  before(async () => {
    t = await startTestApp();
    coordinator = await signedIn('coordinator@city.example');
    organisationId = (await actorFor(t.db, 'coordinator@city.example')).organisationId;
    const demo = await t.db
      .selectFrom('self_assessments')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('year_label', '=', '2024-25')
      .executeTakeFirstOrThrow();
    assessmentId = demo.id;
  });
  after(() => t.close());

  it('ships the default template from seed 001: six sections, 21 standards, N/A only for commissioning', async () => {
    const standards = await t.db
      .selectFrom('self_assessment_standards as s')
      .innerJoin('self_assessments as a', 'a.template_id', 's.template_id')
      .select(['s.number', 's.question', 's.allows_not_applicable'])
      .where('a.id', '=', assessmentId)
      .execute();
    assert.equal(standards.length, 21);
    const byNumber = new Map(standards.map((s) => [s.number, s]));
    assert.equal(
      byNumber.get('1.4')?.question,
      'How do you know that staff across the organisation understand and act on their safeguarding responsibilities?',
    );
    assert.deepEqual(
      standards
        .filter((s) => s.allows_not_applicable === 1)
        .map((s) => s.number)
        .sort(),
      ['3.1', '3.2', '3.3', '3.4', '3.5'],
    );
    const page = await coordinator.get(`/self-assessment/${assessmentId}`);
    assert.equal(page.statusCode, 200);
    for (const title of ['Leadership, Strategy and Working Together', 'Reflecting on Past and Future Challenges'])
      assert.match(page.body, new RegExp(title));
    assert.match(page.body, /Not started/);
    assert.match(page.body, /Completed/);
  });

  it('saves a standard, refuses a stale version and tells the second person, writing nothing', async () => {
    const before = await standard('1.3');
    const first = await fill('1.3', { response: 'Partnership duties are set out in the policy.', rating: 'amber' });
    assert.equal(first.statusCode, 303);
    const second = await coordinator.post(standardUrl(before.standardId), {
      version: String(before.version),
      response: 'An older draft',
      rating: 'red',
    });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /Someone else changed this standard/);
    assert.match(second.body, /An older draft/, 'what they typed is kept');
    const saved = await standard('1.3');
    assert.equal(saved.response, 'Partnership duties are set out in the policy.');
    assert.equal(saved.rating, 'amber');
    assert.equal(saved.progress, 'in_progress');
  });

  it('refuses a rating outside the allowed set, N/A where the template does not allow it', async () => {
    for (const rating of ['purple', 'not_applicable']) {
      const refused = await fill('1.5', { response: 'R', rating });
      assert.equal(refused.statusCode, 400, rating);
      assert.match(refused.body, /Select Green, Amber or Red/);
    }
    assert.equal((await standard('1.5')).rating, null);
    const na = await fill('3.1', { response: 'We commission nothing', rating: 'not_applicable' });
    assert.equal(na.statusCode, 303);
    assert.equal((await standard('3.1')).rating, 'not_applicable');
  });

  it('will not mark a standard completed while it lacks evidence', async () => {
    const refused = await fill('1.6', { response: 'R', rating: 'green', completed: 'yes' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Enter the evidence from the last year before marking the standard as completed/);
    assert.equal((await standard('1.6')).progress, 'not_started');
  });

  it('inserts live figures into the evidence, dated, with small numbers hidden', async () => {
    await buildConcern(t.db, 'reporter@city.example');
    const inserted = await fill('1.4', {
      response: 'Staff report concerns',
      evidence: 'Typed first',
      insert: 'concerns-by-area',
    });
    assert.equal(inserted.statusCode, 303);
    assert.match(String(inserted.headers.location), /#evidence$/);
    const saved = await standard('1.4');
    assert.match(saved.evidence!, /^Typed first\n\nFigures from Haven, drawn on \d{1,2} \w+ \d{4} \(/);
    assert.match(saved.evidence!, /fewer than 5 concerns were recorded in Haven in the last 12 months/);
    assert.equal(saved.response, 'Staff report concerns', 'what was typed is saved with the figures');
    const champions = await fill('1.4', {
      response: 'Staff report concerns',
      evidence: saved.evidence!,
      insert: 'champions',
    });
    assert.equal(champions.statusCode, 303);
    assert.match((await standard('1.4')).evidence!, /Safeguarding Champions, covering \d+ of \d+ service areas/);
    for (const kind of ['triage', 'referral-outcomes']) {
      const current = await standard('1.4');
      assert.equal((await fill('1.4', { evidence: current.evidence!, insert: kind })).statusCode, 303, kind);
    }
    assert.match((await standard('1.4')).evidence!, /concerns due for triage|No concerns were due for triage/);
    assert.match((await standard('1.4')).evidence!, /referrals to partner agencies/);
    const unknown = await fill('1.4', { insert: 'everyone-names' });
    assert.equal(unknown.statusCode, 400);
  });

  it('raises an action into the action plan, linked to the standard; refuses one without a lead or due date', async () => {
    const answer = await standard('1.7');
    await coordinator.get(standardUrl(answer.standardId));
    const refused = await coordinator.post(`${standardUrl(answer.standardId)}/actions`, { action: 'Audit' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Enter who leads the action/);
    assert.match(refused.body, /Enter the due date/);
    const raised = await coordinator.post(`${standardUrl(answer.standardId)}/actions`, {
      action: 'Explore documentation relevant to low value contracts',
      lead: 'Safeguarding Coordinator',
      'dueOn-day': '31',
      'dueOn-month': '5',
      'dueOn-year': '2099',
    });
    assert.equal(raised.statusCode, 303);
    const actions = await t.db
      .selectFrom('action_plan_actions')
      .innerJoin('action_plans', 'action_plans.id', 'action_plan_actions.action_plan_id')
      .select(['action', 'lead_name', 'due_on', 'action_plans.year_label', 'standard_area'])
      .where('self_assessment_answer_id', '=', answer.answerId)
      .execute();
    assert.deepEqual(actions, [
      {
        action: 'Explore documentation relevant to low value contracts',
        lead_name: 'Safeguarding Coordinator',
        due_on: '2099-05-31',
        year_label: '2024-25',
        standard_area: 'Leadership, Strategy and Working Together',
      },
    ]);
    const page = await coordinator.get(standardUrl(answer.standardId));
    assert.match(page.body, /Explore documentation relevant to low value contracts/);
  });

  it('adds a standard to a template in use only in progress, in place, and refuses removing one with an action', async () => {
    const { template_id: templateId } = await t.db
      .selectFrom('self_assessments')
      .select('template_id')
      .where('id', '=', assessmentId)
      .executeTakeFirstOrThrow();
    const newUrl = `/self-assessment/templates/${templateId}/standards/new`;
    await coordinator.get(newUrl);
    const wrongSection = await coordinator.post(newUrl, { sectionNumber: '2', number: '1.12', question: 'Q?' });
    assert.equal(wrongSection.statusCode, 400);
    assert.match(wrongSection.body, /A standard in section 2 is numbered 2.1, 2.2 and so on/);
    const added = await coordinator.post(newUrl, {
      sectionNumber: '2',
      number: '2.1',
      question: 'How do you know that services are delivered safely?',
    });
    assert.equal(added.statusCode, 303);
    assert.equal(String(added.headers.location), `/self-assessment/templates/${templateId}`);
    const answer = await standard('2.1');
    assert.equal(answer.progress, 'not_started');
    const removeUrl = `/self-assessment/templates/${templateId}/standards/${answer.standardId}/removal`;
    await coordinator.get(`/self-assessment/templates/${templateId}/standards/${answer.standardId}`);
    assert.equal((await coordinator.post(removeUrl)).statusCode, 303);
    assert.equal(await standard('2.1').catch(() => null), null);
    const withAction = await standard('1.7');
    await coordinator.get(`/self-assessment/templates/${templateId}/standards/${withAction.standardId}`);
    const refused = await coordinator.post(
      `/self-assessment/templates/${templateId}/standards/${withAction.standardId}/removal`,
    );
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /This standard has actions or challenges against it/);
    assert.equal((await standard('1.7')).answerId, withAction.answerId);
  });

  it('gives each role exactly its access to a real assessment', async () => {
    const answer = await standard('1.1');
    const expected: Array<[string, number, number]> = [
      // [email, GET the standard, POST the standard]
      ['reporter@city.example', 403, 403],
      ['leader@city.example', 200, 403],
      ['hbi@city.example', 200, 403],
      ['admin@city.example', 403, 403],
      ['coordinator-dso@city.example', 200, 303],
    ];
    for (const [email, read, write] of expected) {
      const client = await signedIn(email);
      assert.equal((await client.get(standardUrl(answer.standardId))).statusCode, read, `${email} reads`);
      const current = await standard('1.1');
      const posted = await client.post(standardUrl(answer.standardId), {
        version: String(current.version),
        response: current.response ?? '',
      });
      assert.equal(posted.statusCode, write, `${email} writes`);
    }
    const otherOrganisation = await signedIn(await buildUser(t.db, 'reporter@district.example', ['coordinator']));
    assert.equal((await otherOrganisation.get(standardUrl(answer.standardId))).statusCode, 404);
  });

  it('lets a DSL read but not write', async () => {
    const dsl = await signedIn('dsl@city.example');
    const answer = await standard('1.1');
    assert.equal((await dsl.get(standardUrl(answer.standardId))).statusCode, 200);
    const refused = await dsl.post(standardUrl(answer.standardId), { version: String(answer.version), response: 'x' });
    assert.equal(refused.statusCode, 403);
  });

  it('rates commitment statements through the year with dated updates', async () => {
    await coordinator.get('/self-assessment/commitments');
    const refused = await coordinator.post('/self-assessment/commitments', { commitment: 'marm', rating: 'blue' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Select Green, Amber or Red/);
    const added = await coordinator.post('/self-assessment/commitments', {
      commitment: 'marm',
      rating: 'amber',
      'writtenOn-day': '1',
      'writtenOn-month': '10',
      'writtenOn-year': '2024',
      body: 'MARM training planned for all housing officers',
    });
    assert.equal(added.statusCode, 303);
    const page = await coordinator.get('/self-assessment/commitments');
    assert.match(page.body, /MARM training planned for all housing officers/);
    assert.match(page.body, /1 October 2024/);
  });

  let token = '';
  it('makes a submitted assessment read-only: every write refused with a clear message', async () => {
    await coordinator.get(`/self-assessment/${assessmentId}`);
    assert.equal((await coordinator.post(`/self-assessment/${assessmentId}/submission`)).statusCode, 303);
    const answer = await standard('1.8');
    const save = await fill('1.8', { response: 'Too late' });
    assert.equal(save.statusCode, 409);
    assert.match(save.body, /This self-assessment has been submitted/);
    const action = await coordinator.post(`${standardUrl(answer.standardId)}/actions`, {
      action: 'A',
      lead: 'B',
      'dueOn-day': '1',
      'dueOn-month': '1',
      'dueOn-year': '2099',
    });
    assert.equal(action.statusCode, 409);
    assert.equal((await standard('1.8')).response, null);
    assert.equal((await coordinator.post(`/self-assessment/${assessmentId}/submission`)).statusCode, 409);
  });

  it('gives a named peer reviewer a link whose token is kept only as a hash', async () => {
    await coordinator.get(`/self-assessment/${assessmentId}`);
    const bad = await coordinator.post(`/self-assessment/${assessmentId}/review-links`, {
      reviewerName: '',
      validDays: '400',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the reviewer’s name/);
    const created = await coordinator.post(`/self-assessment/${assessmentId}/review-links`, {
      reviewerName: 'Sam Reviewer',
      reviewerOrganisation: 'Cherwell District Council',
      validDays: '14',
    });
    assert.equal(created.statusCode, 200);
    token = /\/peer-review\/([A-Za-z0-9_-]{43})/.exec(created.body)![1]!;
    const link = await t.db.selectFrom('self_assessment_review_links').selectAll().executeTakeFirstOrThrow();
    assert.equal(link.token_hash, hashReviewToken(token));
    assert.ok(!JSON.stringify(link).includes(token));
  });

  it('lets the reviewer read and challenge through the link, and the coordinator respond with a rating change', async () => {
    const reviewer = new WebClient(t.app);
    const overview = await reviewer.get(`/peer-review/${token}`);
    assert.equal(overview.statusCode, 200);
    assert.match(overview.body, /Partnership duties are set out in the policy/);
    const answer = await standard('1.3');
    const url = `/peer-review/${token}/standards/${answer.standardId}`;
    await reviewer.get(url);
    assert.equal((await reviewer.post(url, { challenge: '' })).statusCode, 400);
    assert.equal(
      (await reviewer.post(url, { challenge: 'Where is the evidence of partnership?', _csrf: 'forged' })).statusCode,
      403,
    );
    assert.equal((await reviewer.post(url, { challenge: 'Where is the evidence of partnership?' })).statusCode, 303);
    const challenge = await t.db.selectFrom('self_assessment_challenges').selectAll().executeTakeFirstOrThrow();
    assert.equal(challenge.challenge, 'Where is the evidence of partnership?');

    const respondUrl = `/self-assessment/${assessmentId}/challenges/${challenge.id}`;
    await coordinator.get(respondUrl);
    assert.equal(
      (await coordinator.post(respondUrl, { version: '1', response: 'Agreed', rating: 'pink' })).statusCode,
      400,
    );
    const responded = await coordinator.post(respondUrl, {
      version: '1',
      response: 'Agreed: the evidence was thin.',
      rating: 'red',
    });
    assert.equal(responded.statusCode, 303);
    const stale = await coordinator.post(respondUrl, { version: '1', response: 'Again', rating: '' });
    assert.equal(stale.statusCode, 409);
    assert.equal((await standard('1.3')).rating, 'red');
    const changes = await t.db.selectFrom('self_assessment_rating_changes').selectAll().execute();
    assert.equal(changes.length, 1);
    assert.equal(changes[0]!.rating_before, 'amber');
    assert.equal(changes[0]!.rating_after, 'red');
    assert.equal(changes[0]!.changed_by, (await actorFor(t.db, 'coordinator@city.example')).userId);
    const page = await coordinator.get(standardUrl(answer.standardId));
    assert.match(page.body, /Amber → Red, by/);
  });

  it('refuses an unknown, withdrawn or expired link', async () => {
    const reviewer = new WebClient(t.app);
    assert.equal((await reviewer.get('/peer-review/not-a-link')).statusCode, 404);
    await t.db.updateTable('self_assessment_review_links').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    assert.equal((await reviewer.get(`/peer-review/${token}`)).statusCode, 410);
    await t.db.updateTable('self_assessment_review_links').set({ expires_at: '2999-01-01T00:00:00.000Z' }).execute();
    const link = await t.db.selectFrom('self_assessment_review_links').select('id').executeTakeFirstOrThrow();
    await coordinator.get(`/self-assessment/${assessmentId}`);
    const revoked = await coordinator.post(`/self-assessment/${assessmentId}/review-links/${link.id}/revocation`);
    assert.equal(revoked.statusCode, 303);
    assert.equal((await reviewer.get(`/peer-review/${token}`)).statusCode, 410);
  });

  it('changes a template used by a submitted assessment as a new version; the assessment keeps its own', async () => {
    const used = await t.db
      .selectFrom('self_assessments')
      .select('template_id')
      .where('id', '=', assessmentId)
      .executeTakeFirstOrThrow();
    const s11 = await t.db
      .selectFrom('self_assessment_standards')
      .select(['id', 'question'])
      .where('template_id', '=', used.template_id)
      .where('number', '=', '1.1')
      .executeTakeFirstOrThrow();
    const url = `/self-assessment/templates/${used.template_id}/standards/${s11.id}`;
    await coordinator.get(url);
    const taken = await coordinator.post(url, { sectionNumber: '1', number: '1.2', question: 'Q' });
    assert.equal(taken.statusCode, 409);
    assert.match(taken.body, /Standard 1.2 is already in this template/);
    const changed = await coordinator.post(url, {
      sectionNumber: '1',
      number: '1.1',
      question: 'A reworded question?',
    });
    assert.equal(changed.statusCode, 303);
    const versions = await t.db
      .selectFrom('self_assessment_templates')
      .select(['id', 'version'])
      .where('organisation_id', '=', organisationId)
      .where('year_label', '=', '2024-25')
      .orderBy('version')
      .execute();
    assert.deepEqual(
      versions.map((v) => v.version),
      [1, 2],
    );
    assert.equal(String(changed.headers.location), `/self-assessment/templates/${versions[1]!.id}`);
    const original = await t.db
      .selectFrom('self_assessment_standards')
      .select('question')
      .where('id', '=', s11.id)
      .executeTakeFirstOrThrow();
    assert.equal(original.question, s11.question);
    const still = await t.db
      .selectFrom('self_assessments')
      .select('template_id')
      .where('id', '=', assessmentId)
      .executeTakeFirstOrThrow();
    assert.equal(still.template_id, used.template_id);
  });

  it('starts a new year from last year’s answers, progress back to in progress', async () => {
    await coordinator.get('/self-assessment');
    assert.equal((await coordinator.post('/self-assessment', { yearLabel: '2025' })).statusCode, 400);
    assert.equal((await coordinator.post('/self-assessment', { yearLabel: '2024-25' })).statusCode, 409);
    // Next year's template first, from the latest (2024-25, version 2): the new year answers it.
    await coordinator.get('/self-assessment/templates');
    const made = await coordinator.post('/self-assessment/templates');
    assert.equal(made.statusCode, 303);
    const templateId = String(made.headers.location).split('/').at(-1)!;
    const template = await t.db
      .selectFrom('self_assessment_templates as t')
      .innerJoin('self_assessment_templates as b', 'b.id', 't.based_on_id')
      .select([
        't.year_label',
        't.version',
        't.title',
        'b.year_label as based_on_year',
        'b.version as based_on_version',
      ])
      .where('t.id', '=', templateId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(template, {
      year_label: '2025-26',
      version: 1,
      title: 'Oxfordshire Safeguarding Self-assessment 2025-26',
      based_on_year: '2024-25',
      based_on_version: 2,
    });
    const started = await coordinator.post('/self-assessment', { yearLabel: '2025-26' });
    assert.equal(started.statusCode, 303);
    const newId = String(started.headers.location).split('/').at(-1)!;
    const answered = await t.db
      .selectFrom('self_assessments')
      .select('template_id')
      .where('id', '=', newId)
      .executeTakeFirstOrThrow();
    assert.equal(answered.template_id, templateId);
    const copied = await standard('1.1', newId);
    const last = await standard('1.1');
    assert.equal(copied.response, last.response);
    assert.equal(copied.rating, last.rating);
    assert.equal(copied.progress, 'in_progress');
    assert.equal(await standard('2.1', newId).catch(() => null), null);
    const page = await coordinator.get(`/self-assessment/${newId}`);
    assert.match(page.body, /2024-25<\/th>/);
    assert.match(page.body, /2025-26<\/th>/);
    // Last year's ratings as they stood (1.3 was changed to Red after the challenge), and this year's copy.
    const summary = /Standards by rating, year by year[\s\S]*?<\/table>/.exec(page.body)![0];
    const row = (year: string) =>
      [...new RegExp(`${year}</th>([\\s\\S]*?)</tr>`).exec(summary)![1]!.matchAll(/>(\d+)</g)].map((m) => Number(m[1]));
    assert.deepEqual(row('2024-25'), row('2025-26'));
    const lastYear = await t.db
      .selectFrom('self_assessment_answers')
      .select('rating')
      .where('assessment_id', '=', assessmentId)
      .execute();
    assert.equal(row('2024-25')[2], lastYear.filter((a) => a.rating === 'red').length);
  });
});
