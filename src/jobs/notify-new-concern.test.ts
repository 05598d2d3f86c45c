import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildConcern, buildTriage } from '../../test/support/builders.ts';
import { type JobsHarness, startJobsHarness } from '../../test/support/jobs.ts';
import { enqueueNewConcernNotification, notifyNewConcern } from './notify-new-concern.ts';

describe('new concern notification', () => {
  let h: JobsHarness;
  before(async () => {
    h = await startJobsHarness();
  });
  after(() => h.close());

  const mailAbout = (concernId: string) => h.smtp.received.filter((mail) => mail.text.includes(concernId));

  it('goes to the DSOs and DSLs of the concern’s organisation only, with its reference and link', async () => {
    const city = await buildConcern(h.db, 'reporter@city.example');
    const district = await buildConcern(h.db, 'reporter@district.example');
    // The new-concern emails only: the reporter's line manager is told too (notify-line-manager.test.ts).
    const results = await h.runJobs(new Date(), { kinds: [notifyNewConcern] });
    assert.deepEqual(
      results.map((result) => result.outcome),
      ['sent', 'sent'],
    );

    const [cityMail, ...moreCity] = mailAbout(city.id);
    assert.equal(moreCity.length, 0);
    // Every DSO and DSL, whatever else they hold: the coordinator who is a DSO, the Head of Service
    // and the Head of Business Improvement who are DSLs.
    assert.deepEqual(cityMail?.recipients, [
      'coordinator-dso@city.example',
      'dsl@city.example',
      'dso@city.example',
      'hbi@city.example',
      'head-of-service@city.example',
    ]);
    assert.match(
      cityMail.subject,
      new RegExp(
        `^New safeguarding concern ${city.reference} to triage by \\d{1,2}:\\d{2}(am|pm) on \\w+day \\d{1,2} \\w+ \\d{4}$`,
      ),
    );
    assert.ok(cityMail.text.includes(`https://haven.council.example/concerns/${city.id}`));

    const [districtMail, ...moreDistrict] = mailAbout(district.id);
    assert.equal(moreDistrict.length, 0);
    assert.deepEqual(districtMail?.recipients, ['dso@district.example']);
  });

  it('announces a restricted concern only to DSLs and the Head of Business Improvement', async () => {
    const concern = await buildConcern(h.db, 'reporter@city.example');
    // Restricted before the worker ran, as an allegation against staff is from the start.
    await h.db.updateTable('concerns').set({ restricted: 1 }).where('id', '=', concern.id).execute();
    await h.runJobs(new Date());
    const [mail, ...more] = mailAbout(concern.id);
    assert.equal(more.length, 0);
    assert.deepEqual(mail?.recipients, ['dsl@city.example', 'hbi@city.example', 'head-of-service@city.example']);
  });

  it('is not sent to someone who has left (a deactivated account)', async () => {
    const leaver = await h.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'dso@city.example')
      .executeTakeFirstOrThrow();
    await h.db
      .updateTable('users')
      .set({ deactivated_at: new Date().toISOString() })
      .where('id', '=', leaver.id)
      .execute();
    try {
      const concern = await buildConcern(h.db, 'reporter@city.example');
      await h.runJobs(new Date(), { kinds: [notifyNewConcern] });
      const [mail] = mailAbout(concern.id);
      assert.ok(mail, 'the notification arrived');
      assert.ok(!mail.recipients.includes('dso@city.example'), 'a leaver is not emailed');
      assert.ok(mail.recipients.includes('dsl@city.example'));
    } finally {
      await h.db.updateTable('users').set({ deactivated_at: null }).where('id', '=', leaver.id).execute();
    }
  });

  it('carries no personal data, from subject to headers', async () => {
    const concern = await buildConcern(h.db, 'reporter@city.example', {
      person: { name: 'Zebedee Quartermaine', ageGroup: 'adult' },
      whatHappened: { description: 'Bruising on both arms', happenedOn: '2026-01-05', location: '12 Larkspur Road' },
    });
    await h.runJobs(new Date());
    const [mail] = mailAbout(concern.id);
    assert.ok(mail, 'the notification arrived');
    for (const personal of [
      'Zebedee',
      'Quartermaine',
      'Bruising',
      'Larkspur',
      'Robin Ashby',
      'reporter@city.example',
    ]) {
      assert.ok(!mail.raw.includes(personal), `must not contain ${personal}`);
    }
  });

  it('is scheduled once per concern, however often it is asked for', async () => {
    const concern = await buildConcern(h.db, 'reporter@city.example');
    const organisationId = (
      await h.db.selectFrom('concerns').select('organisation_id').where('id', '=', concern.id).executeTakeFirstOrThrow()
    ).organisation_id;
    await enqueueNewConcernNotification(h.db, { organisationId, concernId: concern.id });
    await h.runJobs(new Date());
    await enqueueNewConcernNotification(h.db, { organisationId, concernId: concern.id });
    await h.runJobs(new Date());
    assert.equal(mailAbout(concern.id).length, 1);
  });

  it('is not sent for a concern triaged before the email went', async () => {
    const concern = await buildConcern(h.db, 'reporter@city.example');
    await buildTriage(h.db, concern.id);
    // The new-concern emails only: the reporter's line manager is told too (notify-line-manager.test.ts).
    const results = await h.runJobs(new Date(), { kinds: [notifyNewConcern] });
    assert.deepEqual(
      results.map((result) => result.outcome),
      ['already-triaged'],
    );
    assert.equal(mailAbout(concern.id).length, 0);
  });
});
