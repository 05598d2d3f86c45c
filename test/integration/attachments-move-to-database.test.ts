import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runHaven } from '../../src/cli/haven.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { seedDemoData } from '../../src/db/demo-data.ts';
import { attachFile } from '../../src/features/attachments/attach-file.ts';
import { actorFor, buildConcern } from '../support/builders.ts';
import { type TestDatabase, createTestDatabase, testDialect } from '../support/database.ts';
import { smallPng } from '../support/files.ts';
import { DatabaseAttachmentStore } from '../../src/attachment-store/database-store.ts';
import { DirectoryAttachmentStore } from '../../src/attachment-store/directory-store.ts';
import { EncryptingAttachmentStore } from '../../src/attachment-store/encrypting-store.ts';
import { encryptField } from '../../src/field-encryption/field-encryption.ts';

describe(`haven attachments move-to-database (${testDialect})`, () => {
  let database: TestDatabase;
  let folder = '';
  const config = (store: 'directory' | 'database'): Config => ({
    ...loadConfig({ HAVEN_ENV: 'test', ATTACHMENTS_DIR: folder, ATTACHMENT_STORE: store }),
    database: database.config,
  });
  const move = async (store: 'directory' | 'database') => {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runHaven(['attachments', 'move-to-database'], config(store), {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { status, out: out.join('\n'), err: err.join('\n') };
  };

  before(async () => {
    database = await createTestDatabase();
    await seedDemoData(database.db);
    folder = mkdtempSync(path.join(tmpdir(), 'haven-move-'));
  });
  after(async () => {
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('moves every file into the database, can be run again, and finishes a run that stopped half-way', async () => {
    // Both stores hold ciphertext (issue 13), as openAttachmentStore gives them to Haven.
    const directory = new DirectoryAttachmentStore(folder);
    const encryptedDirectory = new EncryptingAttachmentStore(directory);
    const actor = await actorFor(database.db, 'reporter@city.example');
    const concern = await buildConcern(database.db, 'reporter@city.example');
    const bytes = Buffer.from(smallPng);
    for (const fileName of ['one.png', 'two.png', 'three.png']) {
      const upload = { bytes, truncated: false, fileName, description: '' };
      assert.deepEqual(await attachFile(database.db, encryptedDirectory, actor, concern.id, upload, null), {
        ok: true,
      });
    }
    const ids = (await database.db.selectFrom('attachments').select('id').execute()).map((row) => row.id);
    // A run that copied one file and stopped before deleting it.
    const store = new EncryptingAttachmentStore(new DatabaseAttachmentStore(database.db));
    await store.save(actor.organisationId, ids[0]!, bytes);

    const refused = await move('directory');
    assert.equal(refused.status, 2, 'refused while Haven still reads the directory');
    assert.ok(existsSync(directory.fileOf(actor.organisationId, ids[1]!)));

    const first = await move('database');
    assert.equal(first.status, 0, first.err);
    assert.match(first.out, /Moved 2 attachment files into the database \(1 finished from an earlier run\)/);
    for (const id of ids) {
      assert.equal(existsSync(directory.fileOf(actor.organisationId, id)), false);
      assert.deepEqual(Buffer.concat(await (await store.open(actor.organisationId, id)).toArray()), bytes);
    }
    const again = await move('database');
    assert.equal(again.status, 0, again.err);
    assert.match(again.out, /Moved 0 attachment files/);
  });

  it('first starts up as Haven does: a file kept before encryption at rest is encrypted, then moved', async () => {
    const old = await createTestDatabase();
    try {
      await seedDemoData(old.db);
      const actor = await actorFor(old.db, 'reporter@city.example');
      const concern = await buildConcern(old.db, 'reporter@city.example');
      // As a Haven before migration 0033 kept it: plaintext on the disk, its first start not yet run.
      const bytes = Buffer.concat([Buffer.from('OLD-PLAINTEXT-LETTER '), Buffer.from(smallPng)]);
      const attachmentId = randomUUID();
      await new DirectoryAttachmentStore(folder).save(actor.organisationId, attachmentId, bytes);
      await old.db
        .insertInto('attachments')
        .values({
          id: attachmentId,
          organisation_id: actor.organisationId,
          concern_id: concern.id,
          file_name: 'letter.png',
          content_type: 'image/png',
          size_bytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          description: encryptField('An old letter'),
          uploaded_by: actor.userId,
          uploaded_at: new Date().toISOString(),
        })
        .execute();
      const out: string[] = [];
      const status = await runHaven(
        ['attachments', 'move-to-database'],
        { ...config('database'), database: old.config },
        { out: (line) => out.push(line), err: (line) => out.push(line) },
      );
      assert.equal(status, 0, out.join('\n'));
      assert.match(out.join('\n'), /Moved 1 attachment files into the database/);
      assert.equal(existsSync(new DirectoryAttachmentStore(folder).fileOf(actor.organisationId, attachmentId)), false);
      const chunks = await old.db
        .selectFrom('attachment_chunks')
        .select('bytes')
        .where('attachment_id', '=', attachmentId)
        .execute();
      const stored = Buffer.concat(chunks.map((row) => Buffer.from(row.bytes)));
      assert.equal(stored.indexOf('OLD-PLAINTEXT-LETTER'), -1, 'moved as ciphertext');
      const store = new EncryptingAttachmentStore(new DatabaseAttachmentStore(old.db));
      assert.deepEqual(Buffer.concat(await (await store.open(actor.organisationId, attachmentId)).toArray()), bytes);
    } finally {
      await old.drop();
    }
  });
});
