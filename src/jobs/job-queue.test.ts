import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HavenDb } from '../db/connect.ts';
import { seedDemoData } from '../db/demo-data.ts';
import { type TestDatabase, createTestDatabase } from '../../test/support/database.ts';
import { claimNextJob, enqueueJob, leaseMs, markJobDone, markJobFailed } from './job-queue.queries.ts';

const t0 = new Date('2026-11-24T09:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('job queue', () => {
  let database: TestDatabase;
  let db: HavenDb;
  let organisationId: string;
  let n = 0;
  // Each test has its own kind, so one test's jobs are never another's to claim.
  const newKind = () => `test-kind-${++n}`;
  const enqueue = (kind: string, dedupeKey = `${kind}:1`, extra: { runAt?: Date; maxAttempts?: number } = {}) =>
    enqueueJob(db, { organisationId, kind, payload: { concernId: 'c1' }, dedupeKey, ...extra }, t0);
  const statusOf = (dedupeKey: string) =>
    db.selectFrom('jobs').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirstOrThrow();

  before(async () => {
    database = await createTestDatabase();
    db = database.db;
    await seedDemoData(db);
    organisationId = (await db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
  });
  after(() => database.drop());

  it('adds a dedupe key once: enqueueing it again does nothing', async () => {
    const kind = newKind();
    assert.equal(await enqueue(kind, 'same-key'), true);
    assert.equal(await enqueue(kind, 'same-key'), false);
    const rows = await db.selectFrom('jobs').select('id').where('dedupe_key', '=', 'same-key').execute();
    assert.equal(rows.length, 1);
  });

  it('claims only due jobs, earliest first, and stores ids only', async () => {
    const kind = newKind();
    await enqueue(kind, `${kind}:later`, { runAt: later(60_000) });
    await enqueue(kind, `${kind}:now`);
    const claimed = await claimNextJob(db, [kind], 'worker-a', t0);
    assert.equal(claimed?.dedupe_key, `${kind}:now`);
    assert.equal(claimed.status, 'running');
    assert.equal(claimed.attempts, 1);
    assert.equal(claimed.locked_by, 'worker-a');
    assert.deepEqual(JSON.parse(claimed.payload), { concernId: 'c1' });
    assert.equal(await claimNextJob(db, [kind], 'worker-a', t0), undefined, 'the later job is not due yet');
    assert.equal((await claimNextJob(db, [kind], 'worker-a', later(60_000)))?.dedupe_key, `${kind}:later`);
  });

  it('leaves kinds the worker does not know to workers that do', async () => {
    const kind = newKind();
    await enqueue(kind);
    assert.equal(await claimNextJob(db, ['some-other-kind'], 'worker-a', t0), undefined);
    assert.equal(await claimNextJob(db, [], 'worker-a', t0), undefined);
  });

  it('retries a failed job later each time, then fails it for good after its last attempt', async () => {
    const kind = newKind();
    await enqueue(kind, `${kind}:1`, { maxAttempts: 3 });
    let now = t0;
    const delays: number[] = [];
    for (const expected of ['retry', 'retry', 'failed'] as const) {
      const job = await claimNextJob(db, [kind], 'worker-a', now);
      assert.ok(job, `claimable at attempt ${delays.length + 1}`);
      assert.equal(await markJobFailed(db, job, 'worker-a', 'EMESSAGE 451', now), expected);
      const row = await statusOf(`${kind}:1`);
      delays.push(Date.parse(row.run_at) - now.getTime());
      assert.equal(await claimNextJob(db, [kind], 'worker-a', now), undefined, 'not again at once');
      now = new Date(row.run_at);
    }
    assert.deepEqual(delays.slice(0, 2), [60_000, 120_000]);
    const row = await statusOf(`${kind}:1`);
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 3);
    assert.equal(row.last_error, 'EMESSAGE 451');
    assert.equal(await claimNextJob(db, [kind], 'worker-a', later(86_400_000)), undefined);
  });

  it('gives a dead worker’s job to another once its lease runs out, and ignores the first if it returns', async () => {
    const kind = newKind();
    await enqueue(kind);
    const first = await claimNextJob(db, [kind], 'worker-a', t0);
    assert.ok(first);
    assert.equal(await claimNextJob(db, [kind], 'worker-b', later(leaseMs)), undefined, 'the lease still holds');
    const second = await claimNextJob(db, [kind], 'worker-b', later(leaseMs + 1));
    assert.equal(second?.id, first.id);
    assert.equal(second.attempts, 2);
    await markJobDone(db, first, 'worker-a', later(leaseMs + 2));
    assert.equal((await statusOf(`${kind}:1`)).status, 'running', 'worker-a no longer holds it');
    await markJobDone(db, second, 'worker-b', later(leaseMs + 3));
    const row = await statusOf(`${kind}:1`);
    assert.equal(row.status, 'done');
    assert.equal(row.locked_by, null);
  });
});
