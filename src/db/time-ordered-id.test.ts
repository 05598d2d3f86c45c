import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeOrderedId } from './time-ordered-id.ts';

test('a time-ordered id is a version 7 UUID that sorts by the time it was made', () => {
  const earlier = timeOrderedId(Date.parse('2026-03-01T09:00:00Z'));
  const later = timeOrderedId(Date.parse('2026-03-01T09:00:00.001Z'));
  assert.match(earlier, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(earlier < later);
  // The first 48 bits are the milliseconds, in hex.
  assert.equal(earlier.slice(0, 13), '019ca8a0-3e80');
  assert.notEqual(timeOrderedId(0), timeOrderedId(0));
});

test('ids made in the same millisecond stay distinct across many refills of the random bytes', () => {
  const ids = Array.from({ length: 1000 }, () => timeOrderedId(0));
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(new Set(ids.map((id) => id.slice(14))).size, ids.length);
});

test('ids made in the same millisecond sort in the order they were made', () => {
  const sameMillisecond = Date.parse('2026-11-26T16:00:00Z');
  const ids = Array.from({ length: 3000 }, () => timeOrderedId(sameMillisecond));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  // A clock stepping back a little does not break the order either.
  const after = timeOrderedId(sameMillisecond - 5);
  assert.ok(after > ids.at(-1)!);
});
