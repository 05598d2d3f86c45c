import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { it } from 'node:test';
import { startTestApp } from '../support/app.ts';
import {
  addPerson,
  answerTheRest,
  personForm,
  sendConcern,
  startConcern,
  typicalAnswers,
} from '../support/concern-journey.ts';
import { addPasskeyThroughAccount } from '../support/passkeys.ts';
import { authenticatorCode } from '../support/second-factor.ts';
import { WebClient } from '../support/web-client.ts';
import { concernAbout, indexFirstPerson, namedPerson } from '../support/people.ts';
import { invitationLinkFor, mailEnvironment, runMailJobs, startSmtpServer } from '../support/mail-jobs.ts';
import { buildSelfAssessmentStates } from '../support/self-assessment.ts';

it('keeps names, descriptions, emails and ids out of the logs while a concern is recorded and read', async () => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const t = await startTestApp({ LOG_LEVEL: 'info' }, stream);
  try {
    const client = new WebClient(t.app);
    await client.signIn('reporter@city.example');
    const draftId = await startConcern(client);
    await addPerson(client, draftId, personForm({ name: 'Zebedee Quartermaine', address: 'Unmistakable-address' }));
    await client.post(`/concerns/new/${draftId}/service-area`, { serviceAreaId: 'tampered' });
    const answers = await typicalAnswers(t.db);
    await answerTheRest(client, draftId, {
      ...answers,
      'what-happened': {
        ...answers['what-happened'],
        description: 'Unmistakable-description-text',
        location: 'Unmistakable-location-text',
      },
      'why-at-risk': { whyAtRisk: 'Unmistakable-reason-text' },
    });
    const concern = await sendConcern(client, draftId);
    await client.get(`/concerns/${concern.id}`);
    await client.post(`/concerns/${concern.id}/add-information`, { information: 'Unmistakable-information' });
    await client.get('/concerns/not-a-real-id?name=Zebedee');

    const log = lines.join('');
    assert.ok(log.includes('"statusCode"'), 'requests were logged, so the check below means something');
    for (const secret of [
      'Zebedee',
      'Quartermaine',
      'Unmistakable',
      'reporter@city.example',
      'haven-demo-password',
      'haven_session',
      '127.0.0.1',
    ]) {
      assert.ok(!log.includes(secret), `log must not contain ${secret}`);
    }
    assert.ok(!/\/concerns\/[0-9a-f-]{36}/.test(log), 'no concern URL in the log');
    assert.ok(!/\/concerns\/new\/[0-9a-f-]{36}/.test(log), 'no draft URL in the log');
  } finally {
    await t.close();
  }
});

it('keeps authenticator secrets, codes, recovery codes and sessions out of the logs', async () => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const t = await startTestApp({ LOG_LEVEL: 'info', TWO_FACTOR_ENFORCED: 'true' }, stream);
  try {
    const client = new WebClient(t.app);
    await client.signIn('dsl@city.example');
    const setUp = await client.get('/sign-in/set-up-second-factor');
    const secret = /id="secret">([A-Z2-7 ]+)</.exec(setUp.body)![1]!.replace(/ /g, '');
    const code = authenticatorCode(secret);
    const enrolled = await client.post('/sign-in/set-up-second-factor', { code });
    const recoveryCodes = [...enrolled.body.matchAll(/>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</g)].map((m) => m[1]!);
    assert.equal(recoveryCodes.length, 10);
    const sessions = await client.get('/account/sessions');
    const handle = /name="session" value="([^"]+)"/.exec(sessions.body)![1]!;

    const again = new WebClient(t.app);
    await again.signIn('dsl@city.example');
    await again.get('/sign-in/second-factor');
    await again.post('/sign-in/second-factor', { code: '123456' });
    await again.post('/sign-in/second-factor', { code: recoveryCodes[0]! });
    await again.get('/re-authenticate?return-to=/account');
    await again.post('/re-authenticate', { code: recoveryCodes[1]!, 'return-to': '/account' });
    await client.post('/account/sessions/end', { session: handle });

    const log = lines.join('');
    assert.ok(log.includes('second factor refused'), 'the wrong code was logged, so the check below means something');
    for (const kept of [secret, ...recoveryCodes, handle, 'dsl@city.example', 'haven_session']) {
      assert.ok(!log.includes(kept), `log must not contain ${kept}`);
    }
    // Six digits can occur by chance in times, durations and ids: look for codes outside them.
    const words = log.replace(/"[A-Za-z]+":-?\d+(\.\d+)?/g, '').replace(/[0-9a-f-]{36}/g, '');
    for (const typed of [code, '123456']) assert.ok(!words.includes(typed), `log must not contain ${typed}`);
  } finally {
    await t.close();
  }
});

it('keeps staff names, emails, invitation links and HR files out of the logs', async () => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const smtp = await startSmtpServer();
  const t = await startTestApp({ LOG_LEVEL: 'info', ...mailEnvironment(smtp) }, stream);
  try {
    const admin = new WebClient(t.app);
    await admin.signIn('admin@city.example');
    await admin.get('/accounts/new');
    await admin.post('/accounts/new', { name: 'Ottoline Invitee', email: 'ottoline@city.example', roles: 'reporter' });
    await admin.post('/accounts', { name: 'Ottoline' });
    await runMailJobs(t);
    const link = new URL(invitationLinkFor(smtp, 'ottoline@city.example')).pathname;
    const invitee = new WebClient(t.app);
    await invitee.get(link);
    await invitee.post(link, { password: 'Unmistakable-password', confirmPassword: 'Unmistakable-password' });
    await invitee.get(link);
    await admin.get('/accounts/import');
    const file = Buffer.from('Name,Email\nPercival Imported,percival@city.example\n');
    await admin.postFile('/accounts/import', {}, { name: 'Unmistakable-file.csv', type: 'text/csv', bytes: file });

    const log = lines.join('');
    assert.ok(log.includes('"statusCode"'), 'requests were logged, so the check below means something');
    const token = link.split('/').at(-1)!;
    for (const kept of ['Ottoline', 'ottoline@', 'Percival', 'percival@', 'Unmistakable', token]) {
      assert.ok(!log.includes(kept), `log must not contain ${kept}`);
    }
  } finally {
    await t.close();
    await smtp.close();
  }
});

it('keeps an imported concern history file, its rows and its names out of the logs', async () => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const t = await startTestApp({ LOG_LEVEL: 'info' }, stream);
  try {
    const coordinator = new WebClient(t.app);
    await coordinator.signIn('coordinator@city.example');
    await coordinator.get('/insight/import');
    const file = Buffer.from(
      'Ref,Date,Department,Summary\nUNMISTAKABLE-REF,01/03/2024 10:00,Unmistakable Dept,Florizel Importedname was seen\n',
    );
    await coordinator.postFile(
      '/insight/import',
      {},
      { name: 'Unmistakable-history.csv', type: 'text/csv', bytes: file },
    );
    await coordinator.get('/insight/import/columns');
    await coordinator.post('/insight/import/columns', {
      reference: '0',
      receivedAt: '1',
      serviceArea: '2',
      summary: '3',
      dateFormat: 'dd/mm/yyyy hh:mm',
      categorySeparator: ';',
    });
    await coordinator.get('/insight/import/values');
    await coordinator.post('/insight/import/values', { 'serviceArea-0': 'Housing Services' });
    await coordinator.get('/insight/import/preview');
    await coordinator.post('/insight/import/confirm', { mappingName: 'Unmistakable mapping' });
    assert.equal(
      (await t.db.selectFrom('concerns').select('id').where('original_reference', '=', 'UNMISTAKABLE-REF').execute())
        .length,
      1,
    );

    const log = lines.join('');
    assert.ok(log.includes('"statusCode"'), 'requests were logged, so the check below means something');
    for (const kept of ['UNMISTAKABLE', 'Unmistakable', 'Florizel', 'Importedname']) {
      assert.ok(!log.includes(kept), `log must not contain ${kept}`);
    }
  } finally {
    await t.close();
  }
});

it('keeps passkeys’ ids, keys, challenges and signatures out of the logs', async () => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const t = await startTestApp({ LOG_LEVEL: 'info' }, stream);
  try {
    const client = new WebClient(t.app);
    await client.signIn('reporter@city.example');
    const { device, reference } = await addPasskeyThroughAccount(client);
    const [stored] = await t.db.selectFrom('passkey_credentials').selectAll().execute();

    const visitor = new WebClient(t.app);
    await visitor.get('/sign-in');
    const options = (await visitor.get('/sign-in/passkey')).json();
    const forged = device.get(options, undefined, { origin: 'https://evil.example' });
    await visitor.post('/sign-in/passkey', { credential: JSON.stringify(forged) });
    const fresh = (await visitor.get('/sign-in/passkey')).json();
    const assertion = device.get(fresh);
    await visitor.post('/sign-in/passkey', { credential: JSON.stringify(assertion) });
    await visitor.get(`/account/passkeys/${reference}/remove`);
    await visitor.post(`/account/passkeys/${reference}/remove`);

    const log = lines.join('');
    assert.ok(log.includes('passkey refused'), 'the forged answer was logged, so the check below means something');
    const secrets = [
      stored!.id,
      stored!.public_key,
      options.challenge,
      fresh.challenge,
      assertion.response.signature,
      assertion.response.clientDataJSON,
      assertion.response.userHandle,
      'reporter@city.example',
    ];
    for (const kept of secrets) assert.ok(!log.includes(kept), `log must not contain ${kept}`);
  } finally {
    await t.close();
  }
});

it('keeps subject access responses, redactions and corrections out of the logs', async () => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const t = await startTestApp({ LOG_LEVEL: 'info' }, stream);
  try {
    const concern = await concernAbout(t.db, [namedPerson('Zebedee Quartermaine'), namedPerson('Xanthe Wolstenholme')]);
    const { indexPersonId } = await indexFirstPerson(t.db, concern.id);
    const dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
    await dsl.get(`/people/${indexPersonId}/subject-access/new`);
    const started = await dsl.post(`/people/${indexPersonId}/subject-access/new`, {
      'receivedOn-day': '1',
      'receivedOn-month': '6',
      'receivedOn-year': '2026',
    });
    const requestPath = String(started.headers.location);
    await dsl.get(requestPath);
    await dsl.post(`${requestPath}/redactions`, { added: 'Unmistakable-redaction' });
    await dsl.get(`${requestPath}/response.zip`);
    await dsl.get(`/people/${indexPersonId}/rectify/name`);
    await dsl.post(`/people/${indexPersonId}/rectify/name`, {
      value: 'Unmistakable-corrected-name',
      reason: 'Unmistakable-reason',
    });
    const log = lines.join('');
    assert.ok(log.includes('"statusCode"'), 'requests were logged, so the check below means something');
    for (const secret of ['Zebedee', 'Quartermaine', 'Xanthe', 'Wolstenholme', 'Unmistakable', 'dsl@city.example']) {
      assert.ok(!log.includes(secret), `log must not contain ${secret}`);
    }
    assert.ok(!log.includes(indexPersonId), 'no person id in the log');
  } finally {
    await t.close();
  }
});

it('keeps peer review links, reviewers’ names and challenges out of the logs', async () => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const t = await startTestApp({ LOG_LEVEL: 'info' }, stream);
  try {
    const { submitted } = await buildSelfAssessmentStates(t.db);
    const coordinator = new WebClient(t.app);
    await coordinator.signIn('coordinator@city.example');
    await coordinator.get(`/self-assessment/${submitted.assessmentId}`);
    const created = await coordinator.post(`/self-assessment/${submitted.assessmentId}/review-links`, {
      reviewerName: 'Unmistakable Reviewer',
      reviewerOrganisation: 'Unmistakable Council',
      validDays: '7',
    });
    const token = /\/peer-review\/([A-Za-z0-9_-]{43})/.exec(created.body)![1]!;
    const reviewer = new WebClient(t.app);
    await reviewer.get(`/peer-review/${token}`);
    const page = `/peer-review/${token}/standards/${submitted.standardId}`;
    await reviewer.get(page);
    await reviewer.post(page, { challenge: 'Unmistakable challenge' });
    await reviewer.get(`/peer-review/${submitted.reviewToken}`);

    const log = lines.join('');
    assert.ok(log.includes('"statusCode"'), 'requests were logged, so the check below means something');
    for (const kept of [token, submitted.reviewToken, 'Unmistakable']) {
      assert.ok(!log.includes(kept), `log must not contain ${kept}`);
    }
  } finally {
    await t.close();
  }
});
