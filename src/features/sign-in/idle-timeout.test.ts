import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it, mock } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { WebClient } from '../../../test/support/web-client.ts';

const second = 1000;

// Issue 11.7: on the shortest idle timeout allowed (one minute), someone working steadily stays
// signed in, and someone who stops is signed out once the minute has passed. The clock is
// Node's mocked Date, which the session store, @fastify/session and authentication all read.
describe('idle timeout of one minute', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ SESSION_IDLE_MINUTES: '1' });
  });
  after(() => t.close());
  afterEach(() => mock.timers.reset());

  const signedIn = async (client: WebClient) => (await client.get('/')).statusCode === 200;

  it('keeps someone making a request every 15 seconds signed in well past the minute', async () => {
    const client = new WebClient(t.app);
    await client.signIn('dso@city.example');
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    for (let elapsed = 15; elapsed <= 180; elapsed += 15) {
      mock.timers.tick(15 * second);
      assert.ok(await signedIn(client), `still signed in after ${elapsed} seconds of steady work`);
    }
  });

  it('signs out someone who stops, once a minute has passed since their last request', async () => {
    const client = new WebClient(t.app);
    await client.signIn('dsl@city.example');
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    for (let i = 0; i < 3; i++) {
      mock.timers.tick(15 * second);
      assert.ok(await signedIn(client));
    }
    mock.timers.tick(61 * second);
    assert.equal((await client.get('/')).statusCode, 302, 'sent to sign in');
    assert.equal((await client.get('/')).headers.location, '/sign-in');
  });
});
