import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { londonDate, londonTime } from './london-clock.ts';

// The runtime's own formatting in Europe/London, one instant at a time, is what the clock must match.
const londonCalendar = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
const londonWallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  hour: '2-digit',
  minute: '2-digit',
});
const wallClockAt = (at: Date) => `${londonCalendar.format(at)} ${londonWallClock.format(at)}`;

const dayMs = 86_400_000;
const from = Date.UTC(1990, 0, 1);
const until = Date.UTC(2040, 0, 1);

describe('the London clock', () => {
  it('gives the London calendar date of every instant, 1990–2039, in steps of 97 minutes 13 seconds that land at every hour of the day', () => {
    const wrong: string[] = [];
    // 97 minutes and 13 seconds: coprime with a day's minutes, so the steps visit every hour, both sides of each change.
    for (let at = from; at < until; at += 97 * 60_000 + 13_000) {
      const date = new Date(at);
      if (londonDate(date) !== londonCalendar.format(date)) wrong.push(date.toISOString());
    }
    assert.deepEqual(wrong.slice(0, 5), []);
  });

  it('turns the hours around midnight, around the clocks’ changes and at midday of every day, 1990–2039, into the instant London shows them, but for the hour skipped each March', () => {
    const wrong: string[] = [];
    let skipped = 0;
    const times = [
      [0, 0],
      [0, 30],
      [1, 0],
      [1, 30],
      [2, 0],
      [2, 30],
      [12, 0],
      [23, 0],
      [23, 30],
      [23, 59],
    ] as const;
    for (let day = from; day < until; day += dayMs) {
      const date = new Date(day).toISOString().slice(0, 10);
      for (const [hour, minute] of times) {
        const wall = `${date} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
        const at = londonTime(date, hour, minute);
        if (wallClockAt(at) === wall) continue;
        // A time the clocks jump over is read as the hour after it, as the clock shows it then.
        if (wallClockAt(at) === `${date} ${String(hour + 1).padStart(2, '0')}:${String(minute).padStart(2, '0')}`)
          skipped++;
        else wrong.push(`${wall} → ${at.toISOString()}`);
      }
    }
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.equal(skipped, 50 * 2, '01:00 and 01:30 skipped in each of 50 springs');
  });

  it('keeps the last hour of a summer day on that day', () => {
    assert.equal(londonTime('2025-06-01', 23, 30).toISOString(), '2025-06-01T22:30:00.000Z');
    assert.equal(londonTime('2025-12-01', 23, 30).toISOString(), '2025-12-01T23:30:00.000Z');
    assert.equal(londonDate(new Date('2025-06-01T23:30:00.000Z')), '2025-06-02');
    assert.equal(londonDate(new Date('2025-12-01T23:30:00.000Z')), '2025-12-01');
  });

  it('reads a time that happens twice in October as the second, in GMT', () => {
    assert.equal(londonTime('2025-10-26', 1, 30).toISOString(), '2025-10-26T01:30:00.000Z');
    assert.equal(londonTime('2025-10-26', 0, 59).toISOString(), '2025-10-25T23:59:00.000Z');
  });
});
