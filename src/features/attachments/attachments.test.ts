import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildConcern } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// The first bytes of a real JPEG (SOI + JFIF APP0), enough for content sniffing.
const jpeg = Uint8Array.from([
  0xff,
  0xd8,
  0xff,
  0xe0,
  0x00,
  0x10,
  0x4a,
  0x46,
  0x49,
  0x46,
  0x00,
  0x01,
  ...Array(200).fill(0),
]);
const html = new TextEncoder().encode('<html><script>alert(document.cookie)</script></html>');

describe('attachments', () => {
  let t: TestApp;
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  const count = async () => (await t.db.selectFrom('attachments').select('id').execute()).length;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('keeps a photo from the reporter, sniffed by content, and serves it as a sandboxed download', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const reporter = await signedIn('reporter@city.example');
    await reporter.get(`/concerns/${concern.id}/attachments/new`);
    const sent = await reporter.postFile(
      `/concerns/${concern.id}/attachments/new`,
      { description: 'Kitchen' },
      { name: '../../kitchen.jpg', type: 'image/jpeg', bytes: jpeg },
    );
    assert.equal(sent.statusCode, 303);
    const row = await t.db
      .selectFrom('attachments')
      .selectAll()
      .where('concern_id', '=', concern.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.file_name, row.content_type, row.size_bytes], ['kitchen.jpg', 'image/jpeg', jpeg.length]);

    const dso = await signedIn('dso@city.example');
    const download = await dso.get(`/concerns/${concern.id}/attachments/${row.id}`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'image/jpeg');
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="?kitchen.jpg"?$/);
    assert.match(String(download.headers['content-security-policy']), /sandbox/);
    assert.deepEqual(new Uint8Array(download.rawPayload), jpeg);
    const audited = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', concern.id)
      .where('action', '=', 'attachment.downloaded')
      .execute();
    assert.equal(audited.length, 1);
  });

  it('never serves a file to someone who cannot see the concern', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const reporter = await signedIn('reporter@city.example');
    await reporter.get(`/concerns/${concern.id}/attachments/new`);
    await reporter.postFile(
      `/concerns/${concern.id}/attachments/new`,
      {},
      { name: 'a.jpg', type: 'image/jpeg', bytes: jpeg },
    );
    const row = await t.db
      .selectFrom('attachments')
      .select('id')
      .where('concern_id', '=', concern.id)
      .executeTakeFirstOrThrow();
    for (const email of ['champion@city.example', 'dso@district.example']) {
      const other = await signedIn(email);
      assert.equal((await other.get(`/concerns/${concern.id}/attachments/${row.id}`)).statusCode, 404, email);
    }
    const leader = await signedIn('leader@city.example');
    assert.equal((await leader.get(`/concerns/${concern.id}/attachments/${row.id}`)).statusCode, 404);
    const administrator = await signedIn('admin@city.example');
    assert.equal((await administrator.get(`/concerns/${concern.id}/attachments/${row.id}`)).statusCode, 403);
  });

  it('refuses a disguised page, an oversized file, no file and a missing token, keeping nothing', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const reporter = await signedIn('reporter@city.example');
    const url = `/concerns/${concern.id}/attachments/new`;
    await reporter.get(url);
    const before = await count();
    const cases: Array<[string, Parameters<WebClient['postFile']>, number, string]> = [
      [
        'HTML named .jpg',
        [url, { description: 'kept text' }, { name: 'photo.jpg', type: 'image/jpeg', bytes: html }],
        400,
        'The file must be a JPEG, PNG or HEIC photo, or a PDF',
      ],
      [
        'over 10MB',
        [
          url,
          {},
          {
            name: 'big.jpg',
            type: 'image/jpeg',
            bytes: new Uint8Array([...jpeg, ...new Uint8Array(10 * 1024 * 1024)]),
          },
        ],
        400,
        'The file must be smaller than 10MB',
      ],
      [
        'empty',
        [url, {}, { name: '', type: 'application/octet-stream', bytes: new Uint8Array() }],
        400,
        'Select a file',
      ],
      [
        'no CSRF token',
        [url, { _csrf: 'forged' }, { name: 'a.jpg', type: 'image/jpeg', bytes: jpeg }],
        403,
        'Your form has expired',
      ],
    ];
    for (const [name, args, status, message] of cases) {
      const response = await reporter.postFile(...args);
      assert.equal(response.statusCode, status, name);
      assert.ok(response.body.includes(message), `${name}: ${message}`);
    }
    assert.equal(await count(), before);
  });
});
