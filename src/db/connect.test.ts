import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { connectDatabase } from './connect.ts';

// SQLite statements are kept prepared between queries (connect.ts): these are the cases where
// a kept statement could answer wrongly if the cache were careless.

test('a kept statement still answers after the table it reads has changed shape', async () => {
  const db = connectDatabase({ kind: 'sqlite', file: ':memory:' });
  try {
    await sql`create table notes (id integer primary key, body text)`.execute(db);
    await sql`insert into notes (body) values ('first')`.execute(db);
    const read = () => sql<Record<string, unknown>>`select * from notes`.execute(db);
    assert.deepEqual((await read()).rows, [{ id: 1, body: 'first' }]);
    await sql`alter table notes add column author text`.execute(db);
    assert.deepEqual((await read()).rows, [{ id: 1, body: 'first', author: null }]);
  } finally {
    await db.destroy();
  }
});

test('a query stopped part-way through streaming can run again in full', async () => {
  const db = connectDatabase({ kind: 'sqlite', file: ':memory:' });
  try {
    await sql`create table notes (id integer primary key)`.execute(db);
    await sql`insert into notes (id) values (1), (2), (3)`.execute(db);
    const query = () =>
      db
        .selectFrom('notes' as never)
        .select(sql<number>`id`.as('id'))
        .orderBy(sql`id`);
    for await (const row of query().stream()) {
      assert.equal(row.id, 1);
      break;
    }
    assert.deepEqual(
      (await query().execute()).map((row) => row.id),
      [1, 2, 3],
    );
  } finally {
    await db.destroy();
  }
});
