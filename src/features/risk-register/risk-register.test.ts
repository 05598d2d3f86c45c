import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { heatMapCells } from './heat-map.ts';

// The risk register (appendix 4): the seed's three risks with their products, a heat map of
// current scores drawn as one labelled SVG image beside its table, risks past review flagged,
// scores outside 1–5 refused, and the version check on a review.
describe('risk register', () => {
  let t: TestApp;
  let coordinator: WebClient;
  let organisationId = '';
  const nextYear = String(new Date().getFullYear() + 1);
  const risks = () => t.db.selectFrom('risks').selectAll().where('organisation_id', '=', organisationId).execute();
  const goodRisk = {
    title: 'Safeguarding Policy',
    description: 'Champions leave without replacement',
    kind: 'threat',
    cause: 'Turnover',
    consequence: 'Areas without a Champion',
    'raised-day': '1',
    'raised-month': '4',
    'raised-year': '2025',
    ownerName: 'Head of Community Safety',
    grossImpact: '4',
    grossProbability: '4',
    currentImpact: '5',
    currentProbability: '3',
    residualImpact: '3',
    residualProbability: '1',
    comments: 'Recruitment under way',
    'review-day': '1',
    'review-month': '4',
    'review-year': nextYear,
  };

  before(async () => {
    t = await startTestApp();
    coordinator = new WebClient(t.app);
    await coordinator.signIn('coordinator@city.example');
    organisationId = (await actorFor(t.db, 'coordinator@city.example')).organisationId;
  });
  after(() => t.close());

  it('shows the seed’s three risks, their scores, a heat map with its table, and flags those past review', async () => {
    const page = await coordinator.get('/risks');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Poor staff awareness of safeguarding indicators/);
    // Gross 4 × 4 = 16 (red), current 4 × 3 = 12 (amber), residual 4 × 2 = 8 (amber).
    assert.match(page.body, /4 × 4 = [\s\S]*?Red 16/);
    assert.match(
      page.body,
      /<svg[^>]*role="img" aria-labelledby="risk-heat-map-chart-title risk-heat-map-chart-description"/,
    );
    assert.match(page.body, /<title id="risk-heat-map-chart-title">Heat map of current risk scores<\/title>/);
    const table = page.body.split('id="heat-map-data"')[1]!.split('</table>')[0]!;
    assert.equal(table.match(/<th scope="row"/g)?.length, 3);
    assert.match(page.body, /3 risks are past their review date/);
  });

  it('places each risk in its cell of the matrix, shaded by band', () => {
    const cells = heatMapCells([
      { title: 'a', impact: 4, probability: 3 },
      { title: 'b', impact: 4, probability: 3 },
      { title: 'c', impact: 5, probability: 5 },
    ]);
    assert.equal(cells.length, 25);
    const cell = (impact: number, probability: number) =>
      cells.find((c) => c.impact.startsWith(`${impact} `) && c.probability.startsWith(`${probability} `))!;
    assert.deepEqual([cell(4, 3).risks, cell(4, 3).band, cell(4, 3).score], [2, 'Amber', 12]);
    assert.deepEqual([cell(5, 5).risks, cell(5, 5).band], [1, 'Red']);
    assert.deepEqual([cell(1, 1).risks, cell(1, 1).band], [0, 'Green']);
  });

  it('refuses impact or probability outside 1 to 5 and a risk with no owner, writing nothing', async () => {
    await coordinator.get('/risks/new');
    const before = (await risks()).length;
    for (const [field, value] of [
      ['currentImpact', '6'],
      ['grossProbability', '0'],
      ['residualImpact', '2.5'],
      ['currentProbability', '-1'],
      ['grossImpact', ''],
    ] as const) {
      const refused = await coordinator.post('/risks/new', { ...goodRisk, [field]: value });
      assert.equal(refused.statusCode, 400, field);
      assert.match(refused.body, /from 1 to 5/, field);
      assert.match(refused.body, /Champions leave without replacement/, 'kept as typed');
    }
    const noOwner = await coordinator.post('/risks/new', { ...goodRisk, ownerName: '', kind: 'neither' });
    assert.match(noOwner.body, /Enter the owner/);
    assert.match(noOwner.body, /Choose whether it is a threat or an opportunity/);
    assert.equal((await risks()).length, before);
  });

  it('adds a risk and a control, and tells the second of two reviewers', async () => {
    await coordinator.get('/risks/new');
    const added = await coordinator.post('/risks/new', goodRisk);
    assert.equal(added.statusCode, 303);
    const path = String(added.headers.location);
    const risk = (await risks()).find((r) => r.description === goodRisk.description)!;
    assert.deepEqual([risk.current_impact, risk.current_probability, risk.review_on], [5, 3, `${nextYear}-04-01`]);
    const page = await coordinator.get(path);
    assert.match(page.body, /Impact 5, probability 3: Red 15/);
    const control = await coordinator.post(`${path}/controls`, {
      description: 'Recruit two Champions',
      'due-day': '1',
      'due-month': '2',
      'due-year': nextYear,
      status: 'On-going',
      progress: '40',
      actionOwner: 'Safeguarding Coordinator',
    });
    assert.equal(control.statusCode, 303);
    const badProgress = await coordinator.post(`${path}/controls`, {
      description: 'x',
      'due-day': '1',
      'due-month': '2',
      'due-year': nextYear,
      status: 'On-going',
      progress: '140',
      actionOwner: 'x',
    });
    assert.equal(badProgress.statusCode, 400);
    assert.match(badProgress.body, /whole number from 0 to 100/);
    const controls = await t.db.selectFrom('risk_controls').selectAll().where('risk_id', '=', risk.id).execute();
    assert.deepEqual(
      controls.map((c) => [c.description, c.progress_percent, c.due_on]),
      [['Recruit two Champions', 40, `${nextYear}-02-01`]],
    );

    const review = {
      currentImpact: '3',
      currentProbability: '2',
      'review-day': '1',
      'review-month': '6',
      'review-year': nextYear,
      version: '1',
    };
    assert.equal((await coordinator.post(`${path}/review`, review)).statusCode, 303);
    const stale = await coordinator.post(`${path}/review`, { ...review, currentImpact: '1' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else reviewed this risk/);
    const after = (await risks()).find((r) => r.id === risk.id)!;
    assert.deepEqual([after.current_impact, after.current_probability, after.version], [3, 2, 2]);
    const history = await t.db
      .selectFrom('administration_changes')
      .select(['action', 'before', 'after'])
      .where('subject_type', '=', 'risk')
      .where('subject_id', '=', risk.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((change) => change.action),
      ['raised', 'control added', 'reviewed'],
    );
    assert.deepEqual(JSON.parse(history[2]!.before!), {
      currentImpact: 5,
      currentProbability: 3,
      reviewOn: `${nextYear}-04-01`,
    });
  });

  it('answers hand-made shapes (a field sent twice, a missing version) with a 400, never a 500', async () => {
    await coordinator.get('/risks/new');
    const before = (await risks()).length;
    const twice = await coordinator.post('/risks/new', {
      ...goodRisk,
      currentImpact: ['2', '3'],
      kind: ['threat', 'opportunity'],
    });
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, /Choose the current impact from 1 to 5/);
    assert.equal((await risks()).length, before);
    const risk = (await risks())[0]!;
    await coordinator.get(`/risks/${risk.id}`);
    const noVersion = await coordinator.post(`/risks/${risk.id}/review`, {
      currentImpact: '2',
      currentProbability: '2',
      'review-day': ['1', '2'],
    });
    assert.equal(noVersion.statusCode, 400);
    assert.match(noVersion.body, /Reload the page and try again/);
  });

  it('lets a DSL read the register but not change it', async () => {
    const dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
    assert.equal((await dsl.get('/risks')).statusCode, 200);
    assert.equal((await dsl.get('/risks/new')).statusCode, 403);
  });

  it('changes a risk, changes and removes a control, and closes it into the closed list', async () => {
    await coordinator.get('/risks/new');
    const added = await coordinator.post('/risks/new', { ...goodRisk, description: 'Referrals not followed up' });
    const path = String(added.headers.location);
    await coordinator.post(`${path}/controls`, {
      description: 'Monthly check of referrals',
      'due-day': '1',
      'due-month': '2',
      'due-year': nextYear,
      status: 'On-going',
      actionOwner: 'Safeguarding Coordinator',
    });
    const riskId = path.split('/').pop()!;
    const row = async () => t.db.selectFrom('risks').selectAll().where('id', '=', riskId).executeTakeFirstOrThrow();
    const controlsOf = () => t.db.selectFrom('risk_controls').selectAll().where('risk_id', '=', riskId).execute();

    const form = await coordinator.get(`${path}/change`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Referrals not followed up/);
    assert.doesNotMatch(form.body, /name="currentImpact"/, 'the current score is changed by a review');
    const change = {
      title: 'Safeguarding Policy',
      description: 'Referrals not followed up in time',
      kind: 'threat',
      cause: 'No tracking',
      consequence: 'Harm not prevented',
      ownerName: 'Head of Regulatory Services',
      grossImpact: '5',
      grossProbability: '4',
      residualImpact: '2',
      residualProbability: '2',
      version: '1',
    };
    const bad = await coordinator.post(`${path}/change`, { ...change, grossImpact: '6', ownerName: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(bad.body, /Choose the gross impact from 1 to 5/);
    assert.match(bad.body, /Enter the owner/);
    assert.match(bad.body, /Referrals not followed up in time/, 'what was typed is kept');
    assert.equal((await row()).version, 1, 'nothing written');
    assert.equal((await coordinator.post(`${path}/change`, change)).statusCode, 303);
    const stale = await coordinator.post(`${path}/change`, { ...change, title: 'Other' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else changed this risk/);
    const changed = await row();
    assert.deepEqual(
      [
        changed.description,
        changed.cause,
        changed.consequence,
        changed.owner_name,
        changed.gross_impact,
        changed.gross_probability,
        changed.residual_impact,
        changed.residual_probability,
        changed.current_impact,
        changed.version,
      ],
      [change.description, 'No tracking', 'Harm not prevented', 'Head of Regulatory Services', 5, 4, 2, 2, 5, 2],
    );

    const [control] = await controlsOf();
    const controlPath = `${path}/controls/${control!.id}`;
    assert.equal((await coordinator.get(controlPath)).statusCode, 200);
    const controlChange = {
      description: 'Weekly check of referrals',
      'due-day': '1',
      'due-month': '3',
      'due-year': nextYear,
      status: 'On-going',
      progress: '50',
      actionOwner: 'Safeguarding Coordinator',
      version: '2',
    };
    const badControl = await coordinator.post(controlPath, { ...controlChange, progress: '101' });
    assert.equal(badControl.statusCode, 400);
    assert.match(badControl.body, /whole number from 0 to 100/);
    assert.equal((await coordinator.post(controlPath, controlChange)).statusCode, 303);
    assert.deepEqual(
      (await controlsOf()).map((c) => [c.description, c.due_on, c.progress_percent]),
      [['Weekly check of referrals', `${nextYear}-03-01`, 50]],
    );
    assert.equal((await coordinator.post(`${controlPath}/removal`, { version: '2' })).statusCode, 409);
    assert.equal((await coordinator.post(`${controlPath}/removal`, { version: '3' })).statusCode, 303);
    assert.equal((await controlsOf()).length, 0);

    assert.equal((await coordinator.post(`${path}/closure`, { version: '3' })).statusCode, 409);
    assert.equal((await coordinator.post(`${path}/closure`, { version: '4' })).statusCode, 303);
    assert.ok((await row()).closed_on);
    const register = await coordinator.get('/risks');
    const [openPart, closedPart] = register.body.split('id="closed-risks"');
    assert.doesNotMatch(
      openPart!,
      /Referrals not followed up in time/,
      'a closed risk leaves the open list and heat map',
    );
    assert.match(closedPart!, /Referrals not followed up in time/);
    const closedPage = await coordinator.get(path);
    assert.match(closedPage.body, /Closed on/);
    assert.doesNotMatch(closedPage.body, /Close the risk|Save the review/);
    assert.equal((await coordinator.get(`${path}/change`)).statusCode, 404);
    // A closed risk takes no review and no new control, even posted to directly.
    const closedBefore = await row();
    assert.equal(
      (await coordinator.post(`${path}/review`, { currentImpact: '2', currentProbability: '2', version: '5' }))
        .statusCode,
      404,
    );
    assert.equal((await coordinator.post(`${path}/controls`, { description: 'Too late' })).statusCode, 404);
    assert.deepEqual(await row(), closedBefore);
    assert.equal((await controlsOf()).length, 0);

    const history = await t.db
      .selectFrom('administration_changes')
      .select(['action', 'after'])
      .where('subject_type', '=', 'risk')
      .where('subject_id', '=', riskId)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((h) => h.action),
      ['raised', 'control added', 'changed', 'control changed', 'control removed', 'closed'],
    );
    assert.doesNotMatch(history[2]!.after!, /Head of Regulatory Services/, 'no owner’s name in the history');
    const dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
    assert.equal((await dsl.post(`${path}/closure`, { version: '5' })).statusCode, 403);
  });
});
