import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectDatabase } from '../db/connect.ts';
import { type TestDatabase, createTestDatabase, testDialect } from '../../test/support/database.ts';
import { seedDemoData } from '../db/demo-data.ts';
import { type AttachmentStore, AttachmentNotStored, AttachmentStoreUnavailable } from './attachment-store.ts';
import { DatabaseAttachmentStore, chunkBytes } from './database-store.ts';
import { DirectoryAttachmentStore } from './directory-store.ts';

// Every implementation shipped passes the same tests (issue 12), on both databases.
const folders: string[] = [];
const newFolder = () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'haven-store-'));
  folders.push(folder);
  return folder;
};

/** Pieces of odd sizes, so re-chunking is exercised; throws after `failAfter` pieces if given. */
async function* pieces(bytes: Buffer, failAfter?: number): AsyncGenerator<Buffer> {
  let sent = 0;
  for (let start = 0; start < bytes.length; start += 100_003) {
    if (failAfter !== undefined && sent === failAfter) throw new Error('the upload stopped');
    sent += 1;
    yield bytes.subarray(start, start + 100_003);
  }
}

const readAll = async (store: AttachmentStore, organisationId: string, id: string) =>
  Buffer.concat(await (await store.open(organisationId, id)).toArray());

describe(`attachment stores (${testDialect})`, () => {
  let database: TestDatabase;
  let organisationId = '';
  before(async () => {
    database = await createTestDatabase();
    await seedDemoData(database.db);
    organisationId = (await database.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await database.drop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  const stores: Array<[string, () => AttachmentStore]> = [
    ['directory', () => new DirectoryAttachmentStore(newFolder())],
    ['database', () => new DatabaseAttachmentStore(database.db)],
  ];

  for (const [kind, makeStore] of stores) {
    it(`${kind}: keeps bytes given whole or in pieces and gives them back exactly`, async () => {
      const store = makeStore();
      const bytes = randomBytes(chunkBytes * 2 + 12_345);
      const [whole, streamed] = [randomUUID(), randomUUID()];
      await store.save(organisationId, whole, bytes);
      await store.save(organisationId, streamed, pieces(bytes));
      assert.deepEqual(await readAll(store, organisationId, whole), bytes);
      assert.deepEqual(await readAll(store, organisationId, streamed), bytes);
      await assert.rejects(store.open(organisationId, randomUUID()), AttachmentNotStored);
    });

    it(`${kind}: an upload cut short keeps nothing`, async () => {
      const store = makeStore();
      const id = randomUUID();
      await assert.rejects(
        store.save(organisationId, id, pieces(randomBytes(chunkBytes * 3), 4)),
        AttachmentStoreUnavailable,
      );
      await assert.rejects(store.open(organisationId, id), AttachmentNotStored);
      if (store instanceof DirectoryAttachmentStore) {
        assert.deepEqual(
          readdirSync(store.directory, { recursive: true }).filter((name) => String(name).includes(id)),
          [],
        );
      } else {
        const chunks = await database.db
          .selectFrom('attachment_chunks')
          .select('seq')
          .where('attachment_id', '=', id)
          .execute();
        assert.equal(chunks.length, 0, 'no chunk of it is left');
      }
    });

    it(`${kind}: discards bytes, and discarding again is harmless`, async () => {
      const store = makeStore();
      const id = randomUUID();
      await store.save(organisationId, id, Buffer.from('letter'));
      await store.discard(organisationId, id);
      await store.discard(organisationId, id);
      await assert.rejects(store.open(organisationId, id), AttachmentNotStored);
    });

    it(`${kind}: keeps each organisation's files apart`, async () => {
      const store = makeStore();
      const id = randomUUID();
      await store.save(organisationId, id, Buffer.from('photo'));
      const other = (
        await database.db
          .selectFrom('organisations')
          .select('id')
          .where('id', '!=', organisationId)
          .executeTakeFirstOrThrow()
      ).id;
      await assert.rejects(store.open(other, id), AttachmentNotStored);
    });
  }

  it('directory: a share that cannot be reached is "unavailable", and nothing is kept', async () => {
    const notAFolder = path.join(newFolder(), 'file');
    writeFileSync(notAFolder, '');
    const store = new DirectoryAttachmentStore(path.join(notAFolder, 'attachments'));
    await assert.rejects(store.save(organisationId, randomUUID(), Buffer.from('x')), AttachmentStoreUnavailable);
    await assert.rejects(store.open(organisationId, randomUUID()), AttachmentStoreUnavailable);
  });

  it('database: a database that cannot be reached is "unavailable"', async () => {
    const unreachable =
      testDialect === 'postgres'
        ? connectDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/haven' })
        : connectDatabase({ kind: 'sqlite', file: path.join(newFolder(), 'closed.sqlite') });
    if (testDialect === 'sqlite') await unreachable.destroy();
    const store = new DatabaseAttachmentStore(unreachable);
    await assert.rejects(store.save(organisationId, randomUUID(), Buffer.from('x')), AttachmentStoreUnavailable);
    await assert.rejects(store.open(organisationId, randomUUID()), AttachmentStoreUnavailable);
    if (testDialect === 'postgres') await unreachable.destroy();
  });

  it('database: serves files still in the directory until they are moved', async () => {
    const directory = new DirectoryAttachmentStore(newFolder());
    const id = randomUUID();
    await directory.save(organisationId, id, Buffer.from('kept before the move'));
    const store = new DatabaseAttachmentStore(database.db, directory);
    assert.equal((await readAll(store, organisationId, id)).toString(), 'kept before the move');
  });
});
