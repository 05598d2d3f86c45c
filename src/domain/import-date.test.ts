import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ImportDateFormat, parseImportDate } from './import-date.ts';

describe('dates in an imported file', () => {
  const cases: Array<[string, ImportDateFormat, string | null]> = [
    // UK winter (GMT) and summer (BST): 14:05 in July is 13:05 UTC.
    ['31/01/2024 14:05', 'dd/mm/yyyy hh:mm', '2024-01-31T14:05:00.000Z'],
    ['01/07/2024 14:05', 'dd/mm/yyyy hh:mm', '2024-07-01T13:05:00.000Z'],
    ['1/7/2024 9:30', 'dd/mm/yyyy hh:mm', '2024-07-01T08:30:00.000Z'],
    ['01/07/2024', 'dd/mm/yyyy hh:mm', '2024-07-01T11:00:00.000Z'],
    ['01/07/2024', 'dd/mm/yyyy', '2024-07-01T11:00:00.000Z'],
    ['2024-01-31T14:05', 'yyyy-mm-dd hh:mm', '2024-01-31T14:05:00.000Z'],
    ['2024-01-31 14:05:59', 'yyyy-mm-dd hh:mm', '2024-01-31T14:05:00.000Z'],
    ['2024-01-31', 'yyyy-mm-dd', '2024-01-31T12:00:00.000Z'],
    ['01/31/2024 14:05', 'mm/dd/yyyy hh:mm', '2024-01-31T14:05:00.000Z'],
    // The last hour of a summer day is still that day (it was read as the next day's).
    ['01/06/2025 23:30', 'dd/mm/yyyy hh:mm', '2025-06-01T22:30:00.000Z'],
    ['01/06/2025 00:30', 'dd/mm/yyyy hh:mm', '2025-05-31T23:30:00.000Z'],
    // The clocks' changes: 01:30 on the last Sunday of March is skipped (read as 02:30 BST), and
    // 01:30 on the last Sunday of October happens twice (read as the second, GMT).
    ['30/03/2025 01:30', 'dd/mm/yyyy hh:mm', '2025-03-30T01:30:00.000Z'],
    ['26/10/2025 01:30', 'dd/mm/yyyy hh:mm', '2025-10-26T01:30:00.000Z'],
    ['26/10/2025 00:30', 'dd/mm/yyyy hh:mm', '2025-10-25T23:30:00.000Z'],
    // Impossible or not in the chosen format.
    ['31/02/2024 10:00', 'dd/mm/yyyy hh:mm', null],
    ['29/02/2023', 'dd/mm/yyyy', null],
    ['29/02/2024', 'dd/mm/yyyy', '2024-02-29T12:00:00.000Z'],
    ['31/01/2024 24:00', 'dd/mm/yyyy hh:mm', null],
    ['31/01/2024 10:60', 'dd/mm/yyyy hh:mm', null],
    ['01/31/2024 14:05', 'dd/mm/yyyy hh:mm', null],
    ['2024-01-31', 'dd/mm/yyyy', null],
    ['=HYPERLINK("x")', 'dd/mm/yyyy hh:mm', null],
    ['', 'yyyy-mm-dd', null],
    ['31/01/0024', 'dd/mm/yyyy', null],
  ];
  for (const [text, format, expected] of cases) {
    it(`${JSON.stringify(text)} as ${format} → ${expected}`, () => {
      assert.equal(parseImportDate(text, format), expected);
    });
  }
});
