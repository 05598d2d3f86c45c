import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accountDelaySeconds,
  accountWaitSeconds,
  addressWaitSeconds,
  describeWait,
  maxAccountDelaySeconds,
} from './sign-in-throttle.ts';

const now = new Date('2026-03-02T10:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

describe('sign-in throttle', () => {
  it('lets the first failures through, then doubles the delay up to the cap', () => {
    const cases: Array<[number, number]> = [
      [0, 0],
      [4, 0],
      [5, 2],
      [6, 4],
      [10, 64],
      [13, 512],
      [14, maxAccountDelaySeconds],
      [1000, maxAccountDelaySeconds],
    ];
    for (const [failures, delay] of cases) assert.equal(accountDelaySeconds(failures), delay, `${failures}`);
  });

  it('counts the wait from the latest failure, and forgets an account a day later', () => {
    const cases: Array<[number, number, number]> = [
      [4, 0, 0],
      [5, 0, 2],
      [5, 2, 0],
      [14, 60, maxAccountDelaySeconds - 60],
      [200, maxAccountDelaySeconds, 0],
      [200, 24 * 3600, 0],
    ];
    for (const [failures, secondsAgo, wait] of cases) {
      const count = { failures, windowStartedAt: ago(secondsAgo), lastFailureAt: ago(secondsAgo) };
      assert.equal(accountWaitSeconds(count, now), wait, `${failures} failures ${secondsAgo}s ago`);
    }
    assert.equal(accountWaitSeconds(undefined, now), 0);
  });

  it('stops an address that used its failures until its window ends', () => {
    const count = (failures: number, windowAgo: number) => ({
      failures,
      windowStartedAt: ago(windowAgo),
      lastFailureAt: ago(0),
    });
    assert.equal(addressWaitSeconds(count(9, 60), now, 10), 0);
    assert.equal(addressWaitSeconds(count(10, 60), now, 10), 840);
    assert.equal(addressWaitSeconds(count(10, 900), now, 10), 0);
    assert.equal(addressWaitSeconds(undefined, now, 10), 0);
  });

  it('says how long to wait in words', () => {
    assert.equal(describeWait(0.2), '1 second');
    assert.equal(describeWait(30), '30 seconds');
    assert.equal(describeWait(60), '1 minute');
    assert.equal(describeWait(61), '2 minutes');
    assert.equal(describeWait(900), '15 minutes');
  });
});
