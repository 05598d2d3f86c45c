import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  calendarYearPeriod,
  customPeriod,
  financialYearOf,
  financialYearPeriod,
  londonMonthOfUtcHour,
  monthPeriod,
  monthsOf,
  periodInstants,
  quarterPeriod,
} from './report-period.ts';

describe('report periods', () => {
  it('a month runs from its first to its last day, February in a leap year included', () => {
    assert.deepEqual(monthPeriod(2024, 2), {
      kind: 'month',
      firstDay: '2024-02-01',
      lastDay: '2024-02-29',
      label: 'February 2024',
    });
    assert.equal(monthPeriod(2025, 12).lastDay, '2025-12-31');
  });

  it('quarters follow the financial year: quarter 4 is January to March of the next year', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((q) => {
        const p = quarterPeriod(2025, q as 1 | 2 | 3 | 4);
        return [p.firstDay, p.lastDay];
      }),
      [
        ['2025-04-01', '2025-06-30'],
        ['2025-07-01', '2025-09-30'],
        ['2025-10-01', '2025-12-31'],
        ['2026-01-01', '2026-03-31'],
      ],
    );
    assert.match(quarterPeriod(2025, 4).label, /Quarter 4 of 2025-26 \(January to March 2026\)/);
  });

  it('a financial year runs April to March; a calendar year January to December', () => {
    assert.deepEqual(
      [financialYearPeriod(2025).firstDay, financialYearPeriod(2025).lastDay],
      ['2025-04-01', '2026-03-31'],
    );
    assert.equal(financialYearPeriod(1999).label, 'Financial year 1999-00');
    assert.deepEqual(
      [calendarYearPeriod(2021).firstDay, calendarYearPeriod(2021).lastDay],
      ['2021-01-01', '2021-12-31'],
    );
    assert.equal(financialYearOf('2026-03-31'), 2025);
    assert.equal(financialYearOf('2026-04-01'), 2026);
  });

  it('a custom period must not end before it starts, nor span more than five years', () => {
    assert.equal(customPeriod('2026-02-01', '2026-01-31'), 'ends-before-start');
    assert.equal(customPeriod('2006-01-01', '2025-12-31'), 'too-long');
    assert.equal(customPeriod('2021-01-01', '2026-01-01'), 'too-long');
    const fiveYears = customPeriod('2021-01-01', '2025-12-31');
    assert.ok(typeof fiveYears === 'object');
    assert.equal(fiveYears.label, '1 January 2021 to 31 December 2025');
    const oneDay = customPeriod('2026-01-05', '2026-01-05');
    assert.ok(typeof oneDay === 'object');
  });

  it('spans UK midnights, in GMT and in BST', () => {
    assert.deepEqual(periodInstants(monthPeriod(2026, 1)), {
      from: '2026-01-01T00:00:00.000Z',
      until: '2026-02-01T00:00:00.000Z',
    });
    // July is in BST: UK midnight is 23:00 UTC the evening before.
    assert.deepEqual(periodInstants(monthPeriod(2026, 7)), {
      from: '2026-06-30T23:00:00.000Z',
      until: '2026-07-31T23:00:00.000Z',
    });
  });

  it('lists the months a period touches', () => {
    assert.deepEqual(monthsOf(quarterPeriod(2025, 3)), ['2025-10', '2025-11', '2025-12']);
    assert.equal(monthsOf(financialYearPeriod(2025)).length, 12);
    assert.deepEqual(monthsOf(monthPeriod(2026, 3)), ['2026-03']);
  });

  it('puts an hour in its UK month: 23:00 UTC on 31 May is June in BST', () => {
    assert.equal(londonMonthOfUtcHour('2026-05-31T23'), '2026-06');
    assert.equal(londonMonthOfUtcHour('2026-01-31T23'), '2026-01');
  });
});
