import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatDateTime } from './views.ts';

it('formats times in UK time, GOV.UK style', () => {
  const table: Array<[string, string]> = [
    ['2026-03-03T09:05:00Z', '9:05am on 3 March 2026'],
    ['2026-07-01T23:30:00Z', '12:30am on 2 July 2026'],
    ['2026-07-01T12:00:00Z', '1:00pm on 1 July 2026'],
    ['2026-12-25T00:00:00Z', '12:00am on 25 December 2026'],
  ];
  for (const [iso, expected] of table) assert.equal(formatDateTime(iso), expected);
});
