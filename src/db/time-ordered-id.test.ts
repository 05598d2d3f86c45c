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
