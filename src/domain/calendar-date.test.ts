import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addYears, parseCalendarDate, todayInLondon } from './calendar-date.ts';

const today = '2026-11-23';

describe('parseCalendarDate', () => {
  const table: Array<[string, [string, string, string], ReturnType<typeof parseCalendarDate>]> = [
    ['a real past date', ['3', '11', '2026'], { ok: true, date: '2026-11-03' }],
    ['today', ['23', '11', '2026'], { ok: true, date: '2026-11-23' }],
    ['spaces around numbers', [' 1 ', ' 2 ', ' 2025 '], { ok: true, date: '2025-02-01' }],
    ['a leap day', ['29', '2', '2024'], { ok: true, date: '2024-02-29' }],
    ['nothing', ['', '', ''], { ok: false, problem: 'missing', field: 'day' }],
    ['no month', ['3', '', '2026'], { ok: false, problem: 'incomplete', field: 'month' }],
    ['no year', ['3', '4', ''], { ok: false, problem: 'incomplete', field: 'year' }],
    ['29 February in a common year', ['29', '2', '2025'], { ok: false, problem: 'not-real', field: 'day' }],
    ['month 13', ['1', '13', '2025'], { ok: false, problem: 'not-real', field: 'day' }],
    ['letters', ['1', 'May', '2025'], { ok: false, problem: 'not-real', field: 'month' }],
    ['a two-digit year', ['1', '5', '25'], { ok: false, problem: 'not-real', field: 'day' }],
    ['tomorrow', ['24', '11', '2026'], { ok: false, problem: 'future', field: 'day' }],
  ];
  for (const [name, [day, month, year], expected] of table) {
    it(name, () => assert.deepEqual(parseCalendarDate({ day, month, year }, today), expected));
  }
});

describe('parseCalendarDate for due dates', () => {
  it('accepts today and the future, refuses the past', () => {
    assert.deepEqual(parseCalendarDate({ day: '23', month: '11', year: '2026' }, today, 'not-past'), {
      ok: true,
      date: '2026-11-23',
    });
    assert.deepEqual(parseCalendarDate({ day: '1', month: '1', year: '2027' }, today, 'not-past'), {
      ok: true,
      date: '2027-01-01',
    });
    assert.deepEqual(parseCalendarDate({ day: '22', month: '11', year: '2026' }, today, 'not-past'), {
      ok: false,
      problem: 'past',
      field: 'day',
    });
  });
});

describe('todayInLondon', () => {
  it('is the London date, which differs from UTC late on a summer evening', () => {
    assert.equal(todayInLondon(new Date('2026-07-01T23:30:00Z')), '2026-07-02');
    assert.equal(todayInLondon(new Date('2026-12-01T23:30:00Z')), '2026-12-01');
  });
});

describe('addYears', () => {
  const table: Array<[string, string, number, string]> = [
    ['an ordinary date', '2001-06-15', 25, '2026-06-15'],
    ['a leap day into a common year', '2004-02-29', 25, '2029-02-28'],
    ['a leap day into a leap year', '2004-02-29', 4, '2008-02-29'],
    ['backwards', '2026-03-01', -10, '2016-03-01'],
    ['the last day of the year', '2019-12-31', 6, '2025-12-31'],
    ['a timestamp is read as its date', '2026-01-05T10:00:00.000Z', 1, '2027-01-05'],
  ];
  for (const [name, date, years, expected] of table) {
    it(name, () => assert.equal(addYears(date, years), expected));
  }
});
