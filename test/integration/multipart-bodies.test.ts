import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { buildConcern } from '../support/builders.ts';
import { WebClient } from '../support/web-client.ts';

// Issue 11: multipart bodies were parsed, and buffered whole, on every URL before sign-in and CSRF.
const boundary = 'haven-test-boundary';
const multipart = { 'content-type': `multipart/form-data; boundary=${boundary}` };
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

/** A 10MB multipart body sent in 1MB pieces, counting how many pieces the server pulled. */
function largeBody() {
  const sent = { chunks: 0 };
  const total = 10;
  const stream = Readable.from(
    (function* () {
      yield Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n`);
      for (let n = 0; n < total; n++) {
        sent.chunks++;
        yield Buffer.alloc(1024 * 1024, 0x41);
      }
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    })(),
    { objectMode: false },
  );
  return { stream, sent, total };
}

describe('multipart bodies', () => {
  let t: TestApp;
  const lines: string[] = [];
  before(async () => {
    const logs = new PassThrough();
    logs.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    t = await startTestApp({ LOG_LEVEL: 'info' }, logs);
  });
  after(() => t.close());

  // Whichever store is configured (issue 12): files on disk, partial ones included, and files in the database.
  const storedFiles = async () =>
    readdirSync(t.config.attachmentsDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
      .length + (await t.db.selectFrom('attachment_chunks').select('seq').where('seq', '=', 0).execute()).length;

  it('refuses a malformed multipart body anywhere else with a 4xx, and logs no error', async () => {
    lines.length = 0;
    for (const url of ['/sign-in', '/no-such-page', '/concerns/new']) {
      for (const headers of [{ 'content-type': 'multipart/form-data' }, multipart]) {
        const response = await t.app.inject({ method: 'POST', url, headers, payload: 'abc' });
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${url}: ${response.statusCode}`);
        assert.match(response.body, /<h1 class="govuk-heading-l">[^<]+<\/h1>/);
      }
    }
    const log = lines.join('');
    assert.ok(log.includes('"statusCode"'), 'requests were logged, so the check below means something');
    assert.ok(!log.includes('"stack"') && !log.includes('"level":50'), 'no error logged');
  });

  it('answers a large multipart body to /sign-in with 415 without reading it', async () => {
    const { stream, sent, total } = largeBody();
    const response = await t.app.inject({ method: 'POST', url: '/sign-in', headers: multipart, payload: stream });
    assert.equal(response.statusCode, 415);
    assert.ok(sent.chunks < total, `read ${sent.chunks} of ${total} MB`);
  });

  it('reads no file from someone who is not signed in, even on the upload route', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const { stream, sent, total } = largeBody();
    const response = await t.app.inject({
      method: 'POST',
      url: `/concerns/${concern.id}/attachments/new`,
      headers: multipart,
      payload: stream,
    });
    assert.equal(response.statusCode, 403);
    assert.ok(sent.chunks < total, `read ${sent.chunks} of ${total} MB`);
  });

  it('checks the CSRF token before reading the file, and keeps nothing when it is wrong', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const reporter = new WebClient(t.app);
    await reporter.signIn('reporter@city.example');
    const url = `/concerns/${concern.id}/attachments/new`;
    await reporter.get(url);
    const before = await storedFiles();
    const forged = await reporter.postFile(
      url,
      { _csrf: 'forged' },
      { name: 'a.jpg', type: 'image/jpeg', bytes: jpeg },
    );
    assert.equal(forged.statusCode, 403);
    assert.match(forged.body, /Your form has expired/);
    // A form whose token comes after its file is refused too: the file would have been read first.
    const late = new FormData();
    late.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'a.jpg');
    const page = await reporter.get(url);
    late.append('_csrf', /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '');
    const encoded = new Request('http://haven.test/', { method: 'POST', body: late });
    const tokenLast = await reporter.postRaw(
      url,
      encoded.headers.get('content-type') ?? '',
      Buffer.from(await encoded.arrayBuffer()),
    );
    assert.equal(tokenLast.statusCode, 403);
    assert.equal(await storedFiles(), before);
    assert.equal(
      (await t.db.selectFrom('attachments').select('id').where('concern_id', '=', concern.id).execute()).length,
      0,
    );
    const kept = await reporter.postFile(url, {}, { name: 'a.jpg', type: 'image/jpeg', bytes: jpeg });
    assert.equal(kept.statusCode, 303, 'a proper upload still works');
    assert.equal(await storedFiles(), before + 1);
  });

  it('answers a malformed body on the upload route with a 400 page', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const reporter = new WebClient(t.app);
    await reporter.signIn('reporter@city.example');
    const url = `/concerns/${concern.id}/attachments/new`;
    const page = await reporter.get(url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    lines.length = 0;
    const truncated = `--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc`;
    for (const [type, body] of [
      ['multipart/form-data', 'abc'],
      [multipart['content-type'], 'abc'],
      [multipart['content-type'], truncated],
    ] as const) {
      const response = await reporter.postRaw(url, type, Buffer.from(body));
      assert.equal(response.statusCode, 400, body.slice(0, 20));
      assert.match(response.body, /There is a problem with the request/);
    }
    assert.ok(!lines.join('').includes('"stack"'), 'no error logged');
  });
});
