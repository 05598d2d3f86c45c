import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parseDraft } from '../../src/concerns/draft.schema.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { type PageForm, errorMessages, formsIn, hostileValues, libraryWording } from '../support/bad-input.ts';
import { actorFor, buildConcern, buildDraft } from '../support/builders.ts';
import { buildConcernReadyToClose, buildWorkedConcern } from '../support/case-journey.ts';
import { buildSubjectAccessRequest } from '../support/subject-access.ts';
import { concernAbout, indexFirstPerson, namedPerson } from '../support/people.ts';
import { addPasskeyThroughAccount } from '../support/passkeys.ts';
import { authenticatorCode, enrolAuthenticator } from '../support/second-factor.ts';
import { WebClient } from '../support/web-client.ts';
import { buildAccountsToAdminister, startAccountImport } from '../support/accounts.ts';
import { smallPng as png } from '../support/files.ts';
import { buildSelfAssessmentStates } from '../support/self-assessment.ts';
import { startConcernImport } from '../support/concern-import.ts';
import { decryptField } from '../../src/field-encryption/field-encryption.ts';

// Issue 7.6 and 11.3: every field of every form, found by reading each page Haven serves, gets
// 100,000 characters, emoji, right-to-left marks and NUL bytes. Never a 500, never the words of
// a library, and nothing written for a form refused. A new form is covered without editing this.

const crawlers = {
  anonymous: null,
  reporter: 'reporter@city.example',
  line_manager: 'manager@city.example',
  dsl: 'dsl@city.example',
  administrator: 'admin@city.example',
  // Between password and second factor: one owes a code, the other must set up an app first.
  verifying: 'hbi@city.example',
  enrolling: 'coordinator@city.example',
  // Last, so the organisation settings it may change are changed after the others' forms are tried.
  coordinator: 'coordinator-dso@city.example',
} as const;
// Enrolled before the crawl, and signed in with a code (two-factor sign-in is enforced here).
const withAuthenticator: readonly Crawler[] = ['dsl', 'administrator', 'verifying', 'coordinator'];
type Crawler = keyof typeof crawlers;

// Reads write audit rows and sessions; nothing else may change when a form is refused.
const tables = [
  'concerns',
  'concern_people',
  'concern_categories',
  'concern_drafts',
  'concern_actions',
  'referrals',
  'escalations',
  'concern_events',
  'concern_routes',
  'disclosures',
  'attachments',
  'people',
  'person_events',
  'service_areas',
  'categories',
  'agencies',
  'referral_outcomes',
  'closure_days',
  'administration_changes',
  'self_assessments',
  'action_plan_actions',
  'subject_access_requests',
  'subject_access_redactions',
  'rectifications',
  'self_assessment_templates',
  'self_assessment_standards',
  'self_assessment_answers',
  'self_assessment_review_links',
  'self_assessment_challenges',
  'self_assessment_rating_changes',
  'self_assessment_commitment_updates',
  'retention_schedules',
  'legal_holds',
  'retention_decisions',
  'action_plans',
  'action_plan_updates',
  'risks',
  'risk_controls',
  'scrutiny_recommendations',
  'safeguarding_policy_reviews',
] as const;

/** A form's action as its route: ids and an invitation's token become `:id`. */
const formTemplate = (action: string) =>
  action
    .replace(/[0-9a-f-]{36}/g, ':id')
    .replace(/^\/invitations\/[A-Za-z0-9_-]+/, '/invitations/:id')
    .replace(/^\/peer-review\/[A-Za-z0-9_-]+/, '/peer-review/:id')
    // A retention schedule is named by its record kind (child, adult…), not an id.
    .replace(/^\/settings\/retention\/[a-z]+$/, '/settings/retention/:id')
    .split('?')[0] ?? '';

// Forms that end the session or the draft the other forms use go last.
const endsSomething = (action: string) => /\/(sign-out|discard|check)$/.test(action);

describe('hostile input on every form', () => {
  let t: TestApp;
  const clients = {} as Record<Crawler, WebClient>;
  const found: Array<{ who: Crawler; form: PageForm }> = [];

  before(async () => {
    t = await startTestApp({ TWO_FACTOR_ENFORCED: 'true' });
    const concernId = (await buildConcern(t.db, 'reporter@city.example')).id;
    const indexed = await indexFirstPerson(t.db, concernId);
    const draftPersonId = async (draftId: string) => {
      const saved = await t.db.selectFrom('concern_drafts').select('answers').where('id', '=', draftId).execute();
      return parseDraft(decryptField(saved[0]!.answers)).people![0]!.id;
    };
    const draftId = await buildDraft(t.db, 'reporter@city.example');
    const childDraftId = await buildDraft(t.db, 'reporter@city.example', {
      person: { name: 'Kit', ageGroup: 'child' },
    });
    const managerDraftId = await buildDraft(t.db, 'manager@city.example', {
      onBehalfOf: { name: 'Jo Colleague', role: 'Volunteer' },
    });
    const worked = await buildWorkedConcern(t.db, t.app);
    // One row of each settings list, for the pages that change one.
    const city = (
      await t.db
        .selectFrom('organisations')
        .select('id')
        .where('name', '=', 'Haven City Council')
        .executeTakeFirstOrThrow()
    ).id;
    const firstOf = async (table: 'service_areas' | 'categories' | 'agencies' | 'referral_outcomes') =>
      (
        await t.db
          .selectFrom(table as 'referral_outcomes')
          .select('id')
          .where('organisation_id', '=', city)
          .orderBy('sort_order')
          .executeTakeFirstOrThrow()
      ).id;
    // A closure day, so the page offers a form to remove one.
    await t.db
      .insertInto('closure_days')
      .values({ organisation_id: city, date: '2031-12-25', reason: 'Christmas Day' })
      .execute();
    const settings = {
      serviceAreaId: await firstOf('service_areas'),
      categoryId: await firstOf('categories'),
      agencyId: await firstOf('agencies'),
      outcomeId: await firstOf('referral_outcomes'),
    };
    const accounts = await buildAccountsToAdminister(t);
    // The self-assessment in progress (2024-25) and submitted with a peer review (2023-24).
    const selfAssessment = await buildSelfAssessmentStates(t.db);
    // A child's record past its review date (born 1990: reviewed in 2015), so the retention
    // review page offers its decision form, and a legal hold, so the holds page offers lifting.
    const dueConcernId = (
      await concernAbout(t.db, [
        namedPerson('Rowan Reviewed', { ageGroup: 'child', age: { kind: 'date_of_birth', dateOfBirth: '1990-01-01' } }),
      ])
    ).id;
    const dsl = await actorFor(t.db, 'dsl@city.example');
    await t.db
      .insertInto('legal_holds')
      .values({
        id: randomUUID(),
        organisation_id: city,
        scope: 'concern',
        concern_id: concernId,
        person_id: null,
        category_id: null,
        reason: 'Case review',
        placed_by: dsl.userId,
        placed_at: new Date().toISOString(),
        lifted_by: null,
        lifted_at: null,
      })
      .execute();
    // The demo's action plan, one of its actions, a risk and a Scrutiny recommendation (issue 10).
    const firstAssurance = (table: 'action_plans' | 'action_plan_actions' | 'risks' | 'scrutiny_recommendations') =>
      t.db
        .selectFrom(table as 'risks')
        .select('id')
        .where('organisation_id', '=', city)
        .orderBy('id')
        .executeTakeFirstOrThrow()
        .then((row) => row.id);
    const assurance = {
      planId: await firstAssurance('action_plans'),
      planActionId: await firstAssurance('action_plan_actions'),
      riskId: await firstAssurance('risks'),
      recommendationId: await firstAssurance('scrutiny_recommendations'),
    };
    const riskControl = await t.db
      .selectFrom('risk_controls')
      .select('id')
      .where('risk_id', '=', assurance.riskId)
      .executeTakeFirstOrThrow();
    // Each scene fills a page's route parameters. The first is a concern awaiting triage and a
    // draft about an adult; the others are the states case work and the person index reach.
    const scenes: Array<Record<string, string>> = [
      {
        concernId,
        indexPersonId: indexed.indexPersonId,
        concernPersonId: indexed.concernPersonId,
        draftId,
        personId: await draftPersonId(draftId),
        ...settings,
        accountId: accounts.activeId,
        token: accounts.invitationToken,
        requestId: await buildSubjectAccessRequest(t.db, indexed.indexPersonId),
        ...selfAssessment.inProgress,
        kind: 'child',
        ...assurance,
        controlId: riskControl.id,
      },
      {
        accountId: accounts.deactivatedId,
        concernId: worked.concernId,
        actionId: worked.actionId,
        referralId: worked.referralId,
        escalationId: worked.escalationId,
        concernPersonId: worked.unlinkedConcernPersonId,
        indexPersonId: worked.personId,
        otherId: worked.otherId,
        draftId: childDraftId,
        personId: await draftPersonId(childDraftId),
      },
      { concernId: await buildConcernReadyToClose(t.db, t.app) },
      selfAssessment.submitted,
      { concernId: dueConcernId },
    ];
    const fill = (template: string, scene: Record<string, string>, who: Crawler) =>
      template
        .replace(/^\/people\/:personId/, `/people/${scene.indexPersonId ?? ':personId'}`)
        .replace(/:draftId/, who === 'line_manager' ? managerDraftId : (scene.draftId ?? ':draftId'))
        .replace(/:([A-Za-z]+)/g, (param, name: string) => scene[name] ?? param);
    for (const [who, email] of Object.entries(crawlers) as Array<[Crawler, string | null]>) {
      clients[who] = new WebClient(t.app);
      const secret = withAuthenticator.includes(who) && email ? await enrolAuthenticator(t, email) : null;
      const code = secret && who !== 'verifying' ? authenticatorCode(secret) : undefined;
      // Passkeys' forms show only for someone who has one: the one still to prove their second
      // factor gets one from another session first; the reporter adds one once signed in.
      if (who === 'verifying' && email && secret) {
        const helper = new WebClient(t.app);
        await helper.signIn(email, undefined, authenticatorCode(secret));
        await addPasskeyThroughAccount(helper);
      }
      if (email) await clients[who].signIn(email, undefined, code);
      if (who === 'reporter') scenes[0]!.passkeyId = (await addPasskeyThroughAccount(clients[who])).reference;
    }
    await startAccountImport(clients.administrator);
    // An uploaded self-assessment return, so the page confirming its import offers its form.
    const uploaded = await clients.coordinator.postFile(
      '/self-assessment/import',
      {},
      {
        name: 'return.txt',
        type: 'text/plain',
        bytes: readFileSync(new URL('../fixtures/self-assessment-2023-24.txt', import.meta.url)),
      },
    );
    assert.equal(uploaded.statusCode, 303, 'self-assessment return uploaded');
    await startConcernImport(clients.coordinator);
    const pages = t.app.declaredRoutes
      .filter((route) => route.method === 'GET' && !route.url.startsWith('/assets/') && route.url !== '/healthz')
      .map((route) => route.url);
    const seen = new Set<string>();
    for (const who of Object.keys(crawlers) as Crawler[]) {
      const visited = new Set<string>();
      for (const scene of scenes) {
        for (const template of pages) {
          const url = fill(template, scene, who);
          if (url.includes(':') || visited.has(url)) continue;
          visited.add(url);
          const page = await clients[who].get(url);
          if (page.statusCode !== 200) continue;
          for (const form of formsIn(page.body, url)) {
            const key = formTemplate(form.action);
            if (seen.has(key)) continue;
            seen.add(key);
            found.push({ who, form });
          }
        }
      }
    }
    found.sort((a, b) => Number(endsSomething(a.form.action)) - Number(endsSomething(b.form.action)));
  });
  after(() => t.close());

  const snapshot = async () => {
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = (await t.db.selectFrom(table).selectAll().execute()).length;
    const drafts = await t.db.selectFrom('concern_drafts').select(['id', 'answers']).orderBy('id').execute();
    return { counts, drafts };
  };

  const post = (who: Crawler, form: PageForm, values: Record<string, string>) =>
    form.multipart
      ? clients[who].postFile(form.action, values, { name: 'a.png', type: 'image/png', bytes: png })
      : clients[who].post(form.action, values);

  it('finds a form for every POST route', () => {
    const posted = t.app.declaredRoutes.filter((route) => route.method === 'POST').map((route) => route.url);
    const reached = found.map(({ form }) => formTemplate(form.action));
    const pattern = (template: string) => new RegExp(`^${template.replace(/:[A-Za-z]+/g, ':id')}$`);
    const missing = posted.filter((route) => !reached.some((r) => pattern(route).test(r)));
    assert.deepEqual(missing, [], 'POST routes no page offers a form for');
  });

  it('never answers with a 500 or a library’s words, and writes nothing for a refused form', async () => {
    let checked = 0;
    for (const { who, form } of found) {
      if (form.action.endsWith('/sign-out')) continue;
      const textFields = form.fields.filter((field) => field !== 'file');
      const attempts: Array<[string, Record<string, string>]> = [
        ...textFields.map((field): [string, Record<string, string>] => [
          `${field}: 100,000 characters`,
          { ...form.hidden, [field]: hostileValues.long },
        ]),
        ...(['emoji', 'rightToLeft', 'nul'] as const).map((kind): [string, Record<string, string>] => [
          `every field: ${kind}`,
          Object.fromEntries(textFields.map((field) => [field, hostileValues[kind]])),
        ]),
      ];
      if (textFields[0]) attempts.push(['100,000 emoji', { [textFields[0]]: hostileValues.longEmoji }]);
      for (const [what, values] of attempts) {
        const before = await snapshot();
        const response = await post(who, form, values);
        const where = `${who} POST ${form.action} (${what})`;
        assert.ok(response.statusCode < 500, `${where}: ${response.statusCode}`);
        // No field holds 100,000 characters: taking them would cut them short without a word.
        if (what.endsWith('100,000 characters')) assert.ok(response.statusCode >= 400, `${where}: accepted`);
        for (const message of errorMessages(response.body)) {
          assert.doesNotMatch(message, libraryWording, where);
        }
        if (response.statusCode >= 400) {
          assert.match(response.body, /<h1 class="govuk-heading-l">|govuk-error-summary/, `${where}: Haven's page`);
          assert.deepEqual(await snapshot(), before, `${where}: nothing written`);
        }
        checked += 1;
      }
    }
    assert.ok(checked > 100, `only ${checked} posts were checked`);
  });

  it('answers a form too large to read with Haven’s own 413 page', async () => {
    const reporter = clients.reporter;
    await reporter.get('/concerns/new');
    const response = await reporter.post('/concerns/new', { field: hostileValues.longEmoji });
    assert.equal(response.statusCode, 413);
    assert.match(response.body, /Your answers are too long to send/);
  });
});
