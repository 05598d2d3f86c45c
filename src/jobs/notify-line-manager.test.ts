import assert from 'node:assert/strict';
import { decryptJson } from '../field-encryption/field-encryption.ts';
import { after, before, describe, it } from 'node:test';
import { buildConcern, buildUser } from '../../test/support/builders.ts';
import { type JobsHarness, startJobsHarness } from '../../test/support/jobs.ts';
import { notifyLineManager } from './notify-line-manager.ts';

// Procedures 6.1–6.2: the reporter's line manager is told a concern was sent, by the real SMTP
// relay, with the reference and a link only; not for a restricted concern, nor one naming them.
describe('line manager notice', () => {
  let h: JobsHarness;
  before(async () => {
    h = await startJobsHarness();
  });
  after(() => h.close());

  const mailAbout = (reference: string) =>
    h.smtp.received.filter((mail) => mail.subject === `Your team member sent safeguarding concern ${reference}`);
  const runLineManagerJobs = async () =>
    (await h.runJobs(new Date(), { kinds: [notifyLineManager] })).map((result) => result.outcome);
  const jobsFor = (concernId: string) =>
    h.db.selectFrom('jobs').select('kind').where('dedupe_key', '=', `line-manager:${concernId}`).execute();
  const timeline = (concernId: string) =>
    h.db.selectFrom('concern_events').select(['kind', 'details']).where('concern_id', '=', concernId).execute();
  const userId = async (email: string) =>
    (await h.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  it('tells the line manager with the reference and a link they can use, and nothing about the concern', async () => {
    const concern = await buildConcern(h.db, 'reporter@city.example', {
      person: { name: 'Zebedee Quartermaine', ageGroup: 'adult' },
      whatHappened: { description: 'Bruising on both arms', happenedOn: '2026-01-05', location: '12 Larkspur Road' },
    });
    assert.deepEqual(await runLineManagerJobs(), ['sent']);
    const [mail, ...more] = mailAbout(concern.reference);
    assert.ok(mail, 'the line manager was told');
    assert.equal(more.length, 0);
    assert.deepEqual(mail.recipients, ['champion-manager@city.example']);
    assert.match(mail.text, new RegExp(`A member of your team sent safeguarding concern ${concern.reference}`));
    // A Champion who manages the reporter cannot open the concern, so the link is to "Who to talk to".
    assert.ok(mail.text.includes('https://haven.council.example/who-to-talk-to'));
    assert.ok(!mail.raw.includes(concern.id), 'no link to a concern they could not open');
    for (const personal of [
      'Zebedee',
      'Quartermaine',
      'Bruising',
      'Larkspur',
      'Robin Ashby',
      'reporter@city.example',
      'Housing Services',
    ])
      assert.ok(!mail.raw.includes(personal), `must not contain ${personal}`);

    const events = await timeline(concern.id);
    const managerId = await userId('champion-manager@city.example');
    assert.deepEqual(
      events.filter((event) => event.kind === 'line_manager_told').map((event) => decryptJson(event.details)),
      [{ lineManagerId: managerId }],
    );
    const audit = await h.db
      .selectFrom('audit_events')
      .select(['actor_id', 'subject_id'])
      .where('action', '=', 'concern.line-manager-told')
      .where('subject_id', '=', concern.id)
      .execute();
    assert.deepEqual(audit, [{ actor_id: await userId('reporter@city.example'), subject_id: concern.id }]);
  });

  it('links to the concern itself when the manager’s own roles let them open it', async () => {
    // The Community Services Champion's manager is the Head of Service, a DSL.
    const concern = await buildConcern(h.db, 'champion@city.example');
    assert.deepEqual(await runLineManagerJobs(), ['sent']);
    const [mail] = mailAbout(concern.reference);
    assert.deepEqual(mail?.recipients, ['head-of-service@city.example']);
    assert.ok(mail.text.includes(`https://haven.council.example/concerns/${concern.id}`));
  });

  it('tells no one about a restricted concern: an allegation against staff', async () => {
    const concern = await buildConcern(h.db, 'reporter@city.example', { positionOfTrust: 'council' });
    assert.deepEqual(await jobsFor(concern.id), []);
    assert.deepEqual(await runLineManagerJobs(), []);
    assert.equal(mailAbout(concern.reference).length, 0);
    assert.ok(!(await timeline(concern.id)).some((event) => event.kind === 'line_manager_told'));
  });

  it('tells no one when the concern names the line manager, however the name is written', async () => {
    for (const name of ['Quinn Harrowby', '  quinn HARROWBY', 'Mr Quinn J. Harrowby']) {
      const concern = await buildConcern(h.db, 'reporter@city.example', { person: { name, ageGroup: 'adult' } });
      assert.deepEqual(await jobsFor(concern.id), [], name);
      assert.deepEqual(await runLineManagerJobs(), [], name);
      assert.equal(mailAbout(concern.reference).length, 0, name);
    }
  });

  it('tells no one when the reporter has no line manager, or theirs has left', async () => {
    const district = await buildConcern(h.db, 'reporter@district.example');
    assert.deepEqual(await jobsFor(district.id), []);
    const withoutManager = await buildUser(h.db, 'reporter@city.example', ['reporter']);
    const own = await buildConcern(h.db, withoutManager);
    assert.deepEqual(await jobsFor(own.id), []);

    const leaver = await buildUser(h.db, 'reporter@city.example', ['line_manager']);
    const managed = await buildUser(h.db, 'reporter@city.example', ['reporter']);
    await h.db
      .updateTable('users')
      .set({ line_manager_id: await userId(leaver) })
      .where('email', '=', managed)
      .execute();
    await h.db
      .updateTable('users')
      .set({ deactivated_at: new Date().toISOString() })
      .where('email', '=', leaver)
      .execute();
    const afterLeaving = await buildConcern(h.db, managed);
    assert.deepEqual(await jobsFor(afterLeaving.id), []);
    assert.deepEqual(await runLineManagerJobs(), []);
    assert.equal(h.smtp.received.filter((mail) => mail.recipients.includes(leaver)).length, 0);
  });

  it('checks again when it runs: restricted or left since the concern was sent, nothing is sent', async () => {
    const restrictedSince = await buildConcern(h.db, 'reporter@city.example');
    await h.db.updateTable('concerns').set({ restricted: 1 }).where('id', '=', restrictedSince.id).execute();
    assert.deepEqual(await runLineManagerJobs(), ['restricted']);
    assert.equal(mailAbout(restrictedSince.reference).length, 0);

    const manager = await buildUser(h.db, 'reporter@city.example', ['line_manager']);
    const managed = await buildUser(h.db, 'reporter@city.example', ['reporter']);
    await h.db
      .updateTable('users')
      .set({ line_manager_id: await userId(manager) })
      .where('email', '=', managed)
      .execute();
    const leftSince = await buildConcern(h.db, managed);
    assert.equal((await jobsFor(leftSince.id)).length, 1);
    await h.db
      .updateTable('users')
      .set({ deactivated_at: new Date().toISOString() })
      .where('email', '=', manager)
      .execute();
    assert.deepEqual(await runLineManagerJobs(), ['line-manager-deactivated']);
    assert.equal(mailAbout(leftSince.reference).length, 0);
  });
});
