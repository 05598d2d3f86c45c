import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoPassword } from '../../db/demo-data.ts';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildConcern } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? 'missing';
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const [year, month, day] = today.split('-') as [string, string, string];
const sharedToday = { 'sharedOn-day': day, 'sharedOn-month': month, 'sharedOn-year': year };

describe('information sharing log', () => {
  let t: TestApp;
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  const agency = async (code: string) => {
    const dso = await actorFor(t.db, 'dso@city.example');
    return (
      await t.db
        .selectFrom('agencies')
        .select('id')
        .where('organisation_id', '=', dso.organisationId)
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
    ).id;
  };
  const share = async (client: WebClient, concernId: string, form: Record<string, string>) => {
    const page = await client.get(`/concerns/${concernId}/disclosures/new`);
    return client.post(`/concerns/${concernId}/disclosures/new`, { version: versionIn(page.body), ...form });
  };

  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('records a disclosure with its basis and consent, and lists Home Office ones for the coordinator', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const dso = await signedIn('dso@city.example');
    const noReason = await share(dso, concern.id, {
      agencyId: await agency('duty-to-notify'),
      recipient: 'Home Office duty officer',
      what: 'Nationality and work address',
      lawfulBasis: 'legal-obligation',
      consent: 'no',
      ...sharedToday,
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Explain why you shared without consent/);
    const shared = await share(dso, concern.id, {
      agencyId: await agency('duty-to-notify'),
      recipient: 'Home Office duty officer',
      what: 'Nationality and work address',
      lawfulBasis: 'legal-obligation',
      consent: 'no',
      noConsentReason: 'Adult declined NRM; Duty to Notify is anonymous',
      ...sharedToday,
    });
    assert.equal(shared.statusCode, 303);
    await share(dso, concern.id, {
      agencyId: await agency('police'),
      recipient: 'PC on duty',
      what: 'Address',
      lawfulBasis: 'crime-prevention',
      consent: 'yes',
      ...sharedToday,
    });
    const page = await dso.get(`/concerns/${concern.id}`);
    assert.match(page.body, /Information shared[\s\S]*Duty to Notify[\s\S]*Home Office/);

    const coordinator = await signedIn('coordinator@city.example');
    const report = await coordinator.get('/information-sharing/home-office');
    assert.equal(report.statusCode, 200);
    assert.ok(report.body.includes(concern.reference));
    assert.match(report.body, /1 disclosure from/);
    assert.ok(!report.body.includes('Test Person'), 'the report names no one');
  });

  it('logs a referral as a disclosure', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const dso = await signedIn('dso@city.example');
    const form = await dso.get(`/concerns/${concern.id}/referrals/new`);
    const referred = await dso.post(`/concerns/${concern.id}/referrals/new`, {
      version: versionIn(form.body),
      agencyId: await agency('nrm'),
      professional: 'NRM first responder',
      consent: 'yes',
      lawfulBasis: 'consent',
      'referredOn-day': day,
      'referredOn-month': month,
      'referredOn-year': year,
    });
    assert.equal(referred.statusCode, 303);
    const logged = await t.db
      .selectFrom('disclosures')
      .select(['home_office', 'lawful_basis', 'referral_id'])
      .where('concern_id', '=', concern.id)
      .execute();
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.home_office, 1);
    assert.equal(logged[0]?.lawful_basis, 'consent');
    assert.ok(logged[0]?.referral_id);
  });

  it('keeps restricted concerns’ Home Office disclosures off the coordinator’s list, and says how many', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    await t.db.updateTable('concerns').set({ restricted: 1 }).where('id', '=', concern.id).execute();
    const dsl = await signedIn('dsl@city.example');
    await share(dsl, concern.id, {
      agencyId: await agency('nrm'),
      recipient: 'NRM',
      what: 'Referral',
      lawfulBasis: 'consent',
      consent: 'yes',
      ...sharedToday,
    });
    const coordinator = await signedIn('coordinator@city.example');
    const report = await coordinator.get('/information-sharing/home-office');
    assert.ok(!report.body.includes(concern.reference));
    assert.match(report.body, /1 further disclosure concerns a restricted case/);
    assert.ok((await dsl.get('/information-sharing/home-office')).body.includes(concern.reference));
  });

  it('refuses a bad period with a message and no results', async () => {
    const coordinator = await signedIn('coordinator@city.example');
    const bad = await coordinator.get('/information-sharing/home-office?from=2026-13-01&to=yesterday');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the start date as YYYY-MM-DD/);
    assert.match(bad.body, /Enter the end date as YYYY-MM-DD/);
  });
});

describe('the Home Office report leaving Haven', () => {
  it('asks for a proof of identity made in the last 15 minutes, then shows the report', async () => {
    let now = new Date();
    const t = await startTestApp({}, undefined, () => now);
    try {
      const coordinator = new WebClient(t.app);
      await coordinator.signIn('coordinator@city.example');
      assert.equal((await coordinator.get('/information-sharing/home-office')).statusCode, 200);
      now = new Date(now.getTime() + 16 * 60_000);
      const stale = await coordinator.get('/information-sharing/home-office?from=2026-01-01');
      assert.equal(stale.statusCode, 303);
      assert.equal(stale.headers.location, '/re-authenticate?return-to=%2Finformation-sharing%2Fhome-office');
      await coordinator.get('/re-authenticate');
      const proved = await coordinator.post('/re-authenticate', {
        password: 'wrong',
        'return-to': '/information-sharing/home-office',
      });
      assert.equal(proved.statusCode, 401);
      const right = await coordinator.post('/re-authenticate', {
        password: demoPassword,
        'return-to': '/information-sharing/home-office',
      });
      assert.equal(right.headers.location, '/information-sharing/home-office');
      assert.equal((await coordinator.get('/information-sharing/home-office')).statusCode, 200);
    } finally {
      await t.close();
    }
  });
});
