import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildConcern } from '../../../test/support/builders.ts';
import { smallPng } from '../../../test/support/files.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// Issue 12: the attachment store cannot be reached (a share gone; the path below is under a file,
// so every write and read fails as a lost mount does). The concern stays as it was.
describe('attaching a file while the attachment store cannot be reached', () => {
  let t: TestApp;
  let folder = '';
  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'haven-unreachable-'));
    writeFileSync(path.join(folder, 'not-a-folder'), '');
    t = await startTestApp({
      ATTACHMENT_STORE: 'directory',
      ATTACHMENTS_DIR: path.join(folder, 'not-a-folder', 'attachments'),
    });
  });
  after(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('shows a 503 page saying the concern is saved without the file, and writes nothing', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const events = () => t.db.selectFrom('concern_events').select('id').where('concern_id', '=', concern.id).execute();
    const eventsBefore = (await events()).length;
    const reporter = new WebClient(t.app);
    await reporter.signIn('reporter@city.example');
    const url = `/concerns/${concern.id}/attachments/new`;
    await reporter.get(url);
    const response = await reporter.postFile(url, {}, { name: 'letter.png', type: 'image/png', bytes: smallPng });
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /Sorry, your file could not be attached/);
    assert.match(response.body, /The concern is saved as it was, without this file/);
    assert.doesNotMatch(response.body, /letter\.png/);
    const rows = await t.db.selectFrom('attachments').select('id').where('concern_id', '=', concern.id).execute();
    assert.equal(rows.length, 0, 'no attachment row');
    assert.equal((await events()).length, eventsBefore, 'no timeline entry');
    assert.equal((await reporter.get(`/concerns/${concern.id}`)).statusCode, 200, 'the concern is still there');
  });
});
