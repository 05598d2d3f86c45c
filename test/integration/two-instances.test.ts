import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { demoPassword } from '../../src/db/demo-data.ts';
import { migrationNames } from '../../src/db/migrations/index.ts';
import { type ThrowawayDatabase, createEmptyDatabase } from '../../src/db/postgres-admin.ts';
import { triage } from '../support/case-journey.ts';
import { addPerson, answerTheRest, sendConcern, startConcern, typicalAnswers } from '../support/concern-journey.ts';
import { testDialect } from '../support/database.ts';
import { smallPng } from '../support/files.ts';
import { type HavenProcess, overHttp, startHavenProcess } from '../support/haven-process.ts';
import { WebClient } from '../support/web-client.ts';

// Issue 12's proof: two Haven processes, as two instances behind a load balancer would be, on one
// PostgreSQL database that starts empty. Each has its own attachments folder, so a file can only
// reach the other instance through the shared (database) store.
const skip =
  testDialect === 'postgres'
    ? false
    : 'several instances share a PostgreSQL database; on SQLite Haven is one process (run with HAVEN_TEST_DATABASE=postgres)';
if (skip) console.log(`two Haven instances: skipped — ${skip}`);

describe('two Haven instances on one PostgreSQL database', () => {
  if (skip) {
    // Counted as skipped, with its reason, in npm test's summary.
    it('runs on PostgreSQL only', { skip }, () => {});
    return;
  }
  let database: ThrowawayDatabase;
  let a: HavenProcess;
  let b: HavenProcess;
  const folders: string[] = [];

  before(async () => {
    database = await createEmptyDatabase(process.env.TEST_DATABASE_URL!, 'haven_scale');
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const instance = () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'haven-instance-'));
      folders.push(folder);
      return startHavenProcess({
        HAVEN_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.config.kind === 'postgres' ? database.config.url : '',
        ATTACHMENTS_DIR: folder,
        // Shared by every instance: sessions and throttle keys are signed and keyed with it.
        SESSION_SECRET: 'two-instances-share-this-session-secret-0123456789',
        TWO_FACTOR_ENFORCED: 'false',
        HAVEN_DEMO_DATA: 'true',
        SIGN_IN_ATTEMPTS_PER_15_MINUTES: '1000',
      });
    };
    // Started together on an empty database: both race for the migrations.
    [a, b] = await Promise.all([instance(), instance()]);
    await Promise.all([a.ready(), b.ready()]);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('migrates once: one instance applies every migration, the other waits and applies none', async () => {
    const applied = [a, b].map((instance) => Number(/Database migrations applied: (\d+)/.exec(instance.output())?.[1]));
    assert.deepEqual(
      [...applied].sort((x, y) => x - y),
      [0, migrationNames.length],
    );
    const recorded = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(database.db);
    assert.equal(recorded.rows[0]!.n, migrationNames.length, 'each migration recorded once');
    assert.equal(
      Number(
        (
          await database.db
            .selectFrom('organisations')
            .select((e) => e.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      2,
      'the demo councils seeded once',
    );
  });

  it('a concern and its photo recorded on A are triaged and downloaded on B', async () => {
    const reporter = new WebClient(overHttp(a.baseUrl));
    assert.equal((await reporter.signIn('reporter@city.example')).statusCode, 303);
    const draftId = await startConcern(reporter);
    await addPerson(reporter, draftId);
    await answerTheRest(reporter, draftId, await typicalAnswers(database.db));
    const { id, reference } = await sendConcern(reporter, draftId);
    await reporter.get(`/concerns/${id}/attachments/new`);
    const attached = await reporter.postFile(
      `/concerns/${id}/attachments/new`,
      { description: 'The kitchen' },
      { name: 'kitchen.png', type: 'image/png', bytes: smallPng },
    );
    assert.equal(attached.statusCode, 303, attached.body.slice(0, 400));

    const dso = new WebClient(overHttp(b.baseUrl));
    assert.equal((await dso.signIn('dso@city.example')).statusCode, 303);
    const queue = await dso.get('/triage');
    assert.equal(queue.statusCode, 200);
    assert.ok(queue.body.includes(reference), 'B shows the concern recorded on A in its queue');
    await triage(database.db, dso, id);
    const triagedRow = await database.db
      .selectFrom('concerns')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.notEqual(triagedRow.status, 'new', 'triaged through B');
    const attachment = await database.db
      .selectFrom('attachments')
      .select('id')
      .where('concern_id', '=', id)
      .executeTakeFirstOrThrow();
    const download = await dso.get(`/concerns/${id}/attachments/${attachment.id}`);
    assert.equal(download.statusCode, 200);
    assert.deepEqual(new Uint8Array(download.rawPayload), smallPng);
  });

  it('ten wrong passwords spread over both instances lock the account once', async () => {
    const clients = [a, b].map((instance) => new WebClient(overHttp(instance.baseUrl)));
    for (const client of clients) await client.get('/sign-in');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const client = clients[attempt % 2]!;
      const response = await client.post('/sign-in', { email: 'dsl@city.example', password: `guess-${attempt}` });
      statuses.push(response.statusCode);
    }
    // Two limits (one per instance) would have let all ten through as ordinary failures.
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    for (const client of clients) {
      assert.equal(
        (await client.post('/sign-in', { email: 'dsl@city.example', password: demoPassword })).statusCode,
        429,
      );
    }
  });
});
