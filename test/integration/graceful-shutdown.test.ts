import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { demoPassword } from '../../src/db/demo-data.ts';
import { type ThrowawayDatabase, createEmptyDatabase } from '../../src/db/postgres-admin.ts';
import { testDialect } from '../support/database.ts';
import { type HavenProcess, overHttp, startHavenProcess } from '../support/haven-process.ts';
import { WebClient } from '../support/web-client.ts';

// Issue 12: on SIGTERM an instance stops taking new requests, finishes those in flight, then exits.
describe(`SIGTERM while a request is in flight (${testDialect})`, () => {
  let haven: HavenProcess;
  let database: ThrowawayDatabase | undefined;
  let folder = '';

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'haven-shutdown-'));
    const place: Record<string, string> =
      testDialect === 'postgres'
        ? await createEmptyDatabase(process.env.TEST_DATABASE_URL!, 'haven_shutdown').then((created) => {
            database = created;
            return { DATABASE_URL: created.config.kind === 'postgres' ? created.config.url : '' };
          })
        : { HAVEN_DATA_DIR: folder };
    haven = await startHavenProcess({
      ...place,
      HAVEN_ENV: 'test',
      LOG_LEVEL: 'warn',
      ATTACHMENTS_DIR: path.join(folder, 'attachments'),
      TWO_FACTOR_ENFORCED: 'false',
      HAVEN_DEMO_DATA: 'true',
      JOBS_ENABLED: 'true',
    });
    await haven.ready();
  });
  after(async () => {
    await haven?.stop();
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('finishes a sign-in whose form is still arriving, refuses new connections, and exits 0', async () => {
    const client = new WebClient(overHttp(haven.baseUrl));
    const page = await client.get('/sign-in');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const cookie = page.headers['set-cookie'];
    const body = new URLSearchParams({ _csrf: csrf, email: 'dso@city.example', password: demoPassword }).toString();
    const { port } = new URL(haven.baseUrl);

    // The request starts: headers and half its body are sent, then Haven is told to stop.
    const answer = new Promise<{ status: number; location: string }>((resolve, reject) => {
      const sending = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/sign-in',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            cookie: String(cookie).split(';')[0],
          },
        },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, location: String(response.headers.location) });
        },
      );
      sending.on('error', reject);
      sending.write(body.slice(0, 20));
      setTimeout(() => {
        haven.child.kill('SIGTERM');
        // Long enough for the signal to arrive and the listener to close.
        setTimeout(() => sending.end(body.slice(20)), 1_000);
      }, 200);
    });

    const { status, location } = await answer;
    assert.equal(status, 303, 'the sign-in in flight completed');
    assert.equal(location, '/');
    assert.equal(await haven.exited, 0, 'then the process exited cleanly');
    const refused = await fetch(`${haven.baseUrl}/healthz`).then(
      () => 'answered',
      () => 'refused',
    );
    assert.equal(refused, 'refused', 'no new connections once it has stopped');
  });
});
