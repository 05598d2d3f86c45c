import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatConcernReference } from './concern-reference.ts';

it('pads the sequence to six digits', () => {
  const table: Array<[number, number, string]> = [
    [2026, 1, 'HC-2026-000001'],
    [2026, 123, 'HC-2026-000123'],
    [2027, 999_999, 'HC-2027-999999'],
    [2027, 1_234_567, 'HC-2027-1234567'],
  ];
  for (const [year, sequence, expected] of table) assert.equal(formatConcernReference(year, sequence), expected);
});

it('refuses a sequence that is not a positive integer', () => {
  for (const bad of [0, -1, 1.5]) assert.throws(() => formatConcernReference(2026, bad), RangeError);
});
