import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addCalendarMonths, subjectAccessClock, subjectAccessDueOn } from './subject-access-clock.ts';

describe('the subject access clock (ICO: one calendar month, extendable by two)', () => {
  const dueCases: Array<[string, string, number, string]> = [
    ['the corresponding date next month', '2026-06-10', 0, '2026-07-10'],
    ['Good Friday and Easter Monday are not working days', '2026-03-03', 0, '2026-04-07'],
    ['a shorter month ends on its last day', '2026-01-31', 0, '2026-03-02'], // 28 Feb 2026 is a Saturday
    ['a leap February has a 29th', '2028-01-30', 0, '2028-02-29'],
    ['31 March to 30 April', '2026-03-31', 0, '2026-04-30'],
    ['received on a Saturday, counted from that day', '2026-09-05', 0, '2026-10-05'],
    ['due on a Saturday moves to Monday', '2026-10-14', 0, '2026-11-16'], // 14 Nov 2026 is a Saturday
    ['Christmas and Boxing Day are not working days', '2026-11-25', 0, '2026-12-29'], // 25 Dec Fri, 28 Dec substitute Boxing Day
    ['across the year end', '2026-12-15', 0, '2027-01-15'],
    ['extended by one month: a Sunday, then the early May bank holiday', '2026-03-03', 1, '2026-05-05'],
    ['extended by two months', '2026-03-03', 2, '2026-06-03'],
    ['extended from the 31st keeps the month end', '2026-01-31', 2, '2026-04-30'],
  ];
  for (const [what, receivedOn, extension, expected] of dueCases) {
    it(`${what}: received ${receivedOn}, +${extension} → ${expected}`, () => {
      assert.equal(subjectAccessDueOn(receivedOn, extension), expected);
    });
  }

  it('refuses an extension beyond two months, a negative or a fractional one', () => {
    for (const bad of [3, -1, 0.5]) assert.throws(() => subjectAccessDueOn('2026-03-03', bad), RangeError);
  });

  const monthCases: Array<[string, number, string]> = [
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-29', 1, '2026-02-28'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-31', 2, '2027-02-28'],
  ];
  for (const [from, months, expected] of monthCases) {
    it(`${from} + ${months} calendar month(s) is ${expected}`, () =>
      assert.equal(addCalendarMonths(from, months), expected));
  }

  const clockCases: Array<
    [string, { receivedOn: string; extensionMonths: number; releasedOn: string | null }, string, unknown]
  > = [
    [
      'days left',
      { receivedOn: '2026-06-10', extensionMonths: 0, releasedOn: null },
      '2026-06-30',
      { state: 'due', dueOn: '2026-07-10', daysLeft: 10 },
    ],
    [
      'due today is 0 days left',
      { receivedOn: '2026-06-10', extensionMonths: 0, releasedOn: null },
      '2026-07-10',
      { state: 'due', dueOn: '2026-07-10', daysLeft: 0 },
    ],
    [
      'overdue',
      { receivedOn: '2026-06-10', extensionMonths: 0, releasedOn: null },
      '2026-07-13',
      { state: 'overdue', dueOn: '2026-07-10', daysOverdue: 3 },
    ],
    [
      'an extension stops it being overdue',
      { receivedOn: '2026-06-10', extensionMonths: 2, releasedOn: null },
      '2026-07-13',
      { state: 'due', dueOn: '2026-09-10', daysLeft: 59 },
    ],
    [
      'across the clocks changing',
      { receivedOn: '2026-03-20', extensionMonths: 0, releasedOn: null },
      '2026-03-27',
      { state: 'due', dueOn: '2026-04-20', daysLeft: 24 },
    ],
    [
      'released on time',
      { receivedOn: '2026-06-10', extensionMonths: 0, releasedOn: '2026-07-10' },
      '2026-08-01',
      { state: 'released', dueOn: '2026-07-10', releasedOn: '2026-07-10', onTime: true },
    ],
    [
      'released late',
      { receivedOn: '2026-06-10', extensionMonths: 0, releasedOn: '2026-07-13' },
      '2026-08-01',
      { state: 'released', dueOn: '2026-07-10', releasedOn: '2026-07-13', onTime: false },
    ],
  ];
  for (const [what, request, today, expected] of clockCases) {
    it(`clock: ${what}`, () => assert.deepEqual(subjectAccessClock(request, today), expected));
  }
});
