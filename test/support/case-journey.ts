import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../src/db/connect.ts';
import { actorFor } from './builders.ts';
import { addAsNewPerson, concernAbout, namedPerson } from './people.ts';
import { WebClient } from './web-client.ts';

// Case work through HTTP, as a DSO does it: the states a concern really reaches once triaged.

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? 'missing';

/** Today's date in the three boxes of a GOV.UK date field called `name`. */
export function todayFields(name: string): Record<string, string> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const [year, month, day] = today.split('-') as [string, string, string];
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
}

/** Opens a case form and posts it with the version it was drawn from; it must be accepted. */
export async function submitCaseForm(client: WebClient, url: string, form: Record<string, string>) {
  const page = await client.get(url);
  assert.equal(page.statusCode, 200, `${url} opens`);
  const response = await client.post(url, { version: versionIn(page.body), ...form });
  assert.equal(response.statusCode, 303, `${url}: ${response.body.slice(0, 500)}`);
}

/** Triages a concern as the DSO, with the DSL as case owner. */
export async function triage(db: HavenDb, dso: WebClient, concernId: string) {
  const dsl = await actorFor(db, 'dsl@city.example');
  await submitCaseForm(dso, `/concerns/${concernId}/triage`, {
    decision: 'Visit and refer to adult social care.',
    riskLevel: 'medium',
    ownerId: dsl.userId,
  });
}

/** The id of the one row a case form created on this concern. */
async function newestId(db: HavenDb, table: 'concern_actions' | 'referrals' | 'escalations', concernId: string) {
  const rows = await db.selectFrom(table).select('id').where('concern_id', '=', concernId).execute();
  assert.equal(rows.length, 1, `one row in ${table}`);
  return rows[0]!.id;
}

/**
 * A concern mid-way through case work: triaged, with an action to do, a referral awaiting its
 * outcome and an escalation awaiting a DSL. Three of its people are filed in the index at one
 * address, two of them in one household; the fourth is not linked yet.
 */
export async function buildWorkedConcern(db: HavenDb, app: FastifyInstance) {
  const address = 'Flat 4, Riverside Estate';
  const concern = await concernAbout(db, [
    namedPerson('Ada Riverside', { address }),
    namedPerson('Bea Riverside', { address }),
    namedPerson('Cal Riverside', { address }),
    namedPerson('Dee Unlinked'),
  ]);
  const dso = new WebClient(app);
  await dso.signIn('dso@city.example');
  const base = `/concerns/${concern.id}`;
  await triage(db, dso, concern.id);
  const dsl = await actorFor(db, 'dsl@city.example');
  await submitCaseForm(dso, `${base}/actions/new`, {
    description: 'Visit the tenant',
    assigneeId: dsl.userId,
    ...todayFields('dueOn'),
  });
  const police = await db
    .selectFrom('agencies')
    .select('id')
    .where('organisation_id', '=', dsl.organisationId)
    .where('code', '=', 'police')
    .executeTakeFirstOrThrow();
  await submitCaseForm(dso, `${base}/referrals/new`, {
    agencyId: police.id,
    ...todayFields('referredOn'),
    professional: 'Duty sergeant',
    consent: 'yes',
    lawfulBasis: 'vital-interests',
  });
  await submitCaseForm(dso, `${base}/escalate`, { reason: 'Needs a DSL decision on sharing.' });

  const [ada, bea, cal, dee] = concern.people;
  const [adaId, beaId, calId] = [
    await addAsNewPerson(db, dso, concern.id, ada!.id),
    await addAsNewPerson(db, dso, concern.id, bea!.id),
    await addAsNewPerson(db, dso, concern.id, cal!.id),
  ];
  await dso.get(`/people/${adaId}/household`);
  const joined = await dso.post(`/people/${adaId}/household`, { memberId: beaId });
  assert.equal(joined.statusCode, 303, 'Bea joins Ada’s household');

  return {
    concernId: concern.id,
    actionId: await newestId(db, 'concern_actions', concern.id),
    referralId: await newestId(db, 'referrals', concern.id),
    escalationId: await newestId(db, 'escalations', concern.id),
    /** In a household with Bea, and at Cal's address: Cal can join it, or be merged with Ada. */
    personId: adaId,
    otherId: calId,
    unlinkedConcernPersonId: dee!.id,
  };
}

/** A concern triaged with no referral required and nothing outstanding: it can be closed. */
export async function buildConcernReadyToClose(db: HavenDb, app: FastifyInstance) {
  const concern = await concernAbout(db, [namedPerson('Eve Ready')]);
  const dso = new WebClient(app);
  await dso.signIn('dso@city.example');
  await triage(db, dso, concern.id);
  await submitCaseForm(dso, `/concerns/${concern.id}/no-referral`, { reason: 'Advice given; no risk remains.' });
  return concern.id;
}
