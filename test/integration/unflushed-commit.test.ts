import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditedRead } from '../../src/concerns/audited-read.ts';
import type { HavenDb } from '../../src/db/connect.ts';
import { seedDemoData } from '../../src/db/demo-data.ts';
import { transactionNotWaitingForDisk } from '../../src/db/unflushed-commit.ts';
import { actorFor } from '../support/builders.ts';
import { type TestDatabase, createTestDatabase, testDialect } from '../support/database.ts';

// An audited read's commit does not wait for the disk; every other commit does, whatever ran
// on the connection before it (db/unflushed-commit.ts).

/** How this connection's next commit treats the disk: 'wait' or 'no wait'. */
async function commitWaits(db: HavenDb): Promise<'wait' | 'no wait'> {
  if (testDialect === 'postgres') {
    const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db);
    return rows[0]!.synchronous_commit === 'off' ? 'no wait' : 'wait';
  }
  const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
  // 2 is FULL, which in WAL mode flushes the log at every commit; 1 (NORMAL) does not.
  return Number(rows[0]!.synchronous) === 2 ? 'wait' : 'no wait';
}

describe(`commits that do not wait for the disk (${testDialect})`, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
    await seedDemoData(database.db);
  });
  after(() => database.drop());

  it('waits for the disk in every ordinary transaction', async () => {
    assert.equal(await database.db.transaction().execute(commitWaits), 'wait');
  });

  it("lets an audited read's commit go without waiting, and the next transaction waits again", async () => {
    // SQLite flushes an audited read at least once a second: the first here is flushed.
    const seen: string[] = [];
    for (let n = 0; n < 2; n++) {
      await transactionNotWaitingForDisk(database.db, async (trx) => {
        seen.push(await commitWaits(trx));
      });
      assert.equal(await database.db.transaction().execute(commitWaits), 'wait', 'put back after the commit');
    }
    assert.deepEqual(seen, testDialect === 'postgres' ? ['no wait', 'no wait'] : ['wait', 'no wait']);
  });

  const oneConnection = 'SQLite has one connection, held by the outer transaction: no second begins beside it';
  it(
    'waits again in a transaction begun inside one that does not',
    { skip: testDialect === 'sqlite' && oneConnection },
    async () => {
      await transactionNotWaitingForDisk(database.db, async (trx) => {
        assert.equal(await commitWaits(trx), 'no wait');
        assert.equal(await database.db.transaction().execute(commitWaits), 'wait');
      });
    },
  );

  it('shows nothing an audited read read when its audit cannot be written', async () => {
    const dso = await actorFor(database.db, 'dso@city.example');
    const unknown = { ...dso, userId: randomUUID() };
    await assert.rejects(
      auditedRead(
        database.db,
        unknown,
        null,
        async () => ['read'],
        (read) => ({ 'concern.viewed': read.map(() => randomUUID()) }),
      ),
    );
    assert.equal(await database.db.transaction().execute(commitWaits), 'wait');
  });

  it('puts the wait back when the transaction rolls back', async () => {
    await transactionNotWaitingForDisk(database.db, async () => {});
    await assert.rejects(
      transactionNotWaitingForDisk(database.db, async (trx) => {
        assert.equal(await commitWaits(trx), 'no wait');
        throw new Error('the read failed');
      }),
      /the read failed/,
    );
    assert.equal(await database.db.transaction().execute(commitWaits), 'wait');
  });
});
