import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'content-disposition';
import { openAttachmentStore } from '../../attachment-store/open-attachment-store.ts';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildConcern } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { smallPng as png } from '../../../test/support/files.ts';

// Everyday names people give files (issue 11.4): none of them fits in a Latin-1 header.
const names = ['Mum’s letter.png', 'фото.png', '写真.png', '😀.png', 'photo€.png', 'café (copy).png'];

describe('attachment downloads', () => {
  let t: TestApp;
  let concernId = '';
  let reporter: WebClient;
  let dso: WebClient;

  const downloadsAudited = async () =>
    (
      await t.db
        .selectFrom('audit_events')
        .select('id')
        .where('subject_id', '=', concernId)
        .where('action', '=', 'attachment.downloaded')
        .execute()
    ).length;

  const upload = async (name: string) => {
    const url = `/concerns/${concernId}/attachments/new`;
    const kept = () => t.db.selectFrom('attachments').select(['id', 'file_name']).where('concern_id', '=', concernId);
    const earlier = (await kept().execute()).map((row) => row.id);
    await reporter.get(url);
    const sent = await reporter.postFile(url, {}, { name, type: 'image/png', bytes: png });
    assert.equal(sent.statusCode, 303, `upload ${name}`);
    const added = (await kept().execute()).filter((row) => !earlier.includes(row.id));
    assert.equal(added.length, 1);
    return added[0]!;
  };

  before(async () => {
    t = await startTestApp();
    concernId = (await buildConcern(t.db, 'reporter@city.example')).id;
    reporter = new WebClient(t.app);
    await reporter.signIn('reporter@city.example');
    dso = new WebClient(t.app);
    await dso.signIn('dso@city.example');
  });
  after(() => t.close());

  for (const name of names) {
    it(`serves “${name}” under its own name, with an ASCII fallback, and audits it once`, async () => {
      const row = await upload(name);
      const before = await downloadsAudited();
      const download = await dso.get(`/concerns/${concernId}/attachments/${row.id}`);
      assert.equal(download.statusCode, 200);
      assert.deepEqual(new Uint8Array(download.rawPayload), png);
      const header = String(download.headers['content-disposition']);
      assert.match(header, /^[\x20-\x7e]+$/, 'the header is plain ASCII');
      const disposition = parse(header);
      assert.equal(disposition.type, 'attachment');
      assert.equal(disposition.parameters.filename, row.file_name, 'filename* gives back the name kept');
      assert.equal(row.file_name, name, 'the name kept is the name uploaded');
      assert.match(parse(header, { extended: false }).parameters.filename ?? '', /^[\x20-\x7e]+$/);
      assert.equal(await downloadsAudited(), before + 1);
    });
  }

  it('writes no audit row when the file cannot be served', async () => {
    const row = await upload('lost.png');
    await openAttachmentStore(t.config, t.db).discard((await orgOf(t, concernId)) ?? '', row.id);
    const before = await downloadsAudited();
    const download = await dso.get(`/concerns/${concernId}/attachments/${row.id}`);
    assert.equal(download.statusCode, 500);
    assert.doesNotMatch(download.body, /lost\.png/);
    assert.equal(await downloadsAudited(), before);
  });
});

async function orgOf(t: TestApp, concernId: string) {
  const concern = await t.db
    .selectFrom('concerns')
    .select('organisation_id')
    .where('id', '=', concernId)
    .executeTakeFirst();
  return concern?.organisation_id;
}
