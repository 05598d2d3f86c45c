import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWorkingDay, nextWorkingDay, triageDeadline, triageStanding, triageUrgency } from './triage-deadline.ts';

describe('working days in England and Wales', () => {
  const table: Array<[string, boolean, string]> = [
    ['2026-11-23', true, 'a Monday'],
    ['2026-11-28', false, 'a Saturday'],
    ['2026-11-29', false, 'a Sunday'],
    ['2026-12-25', false, 'Christmas Day'],
    ['2026-12-28', false, 'Boxing Day substitute (26th is a Saturday)'],
    ['2026-04-03', false, 'Good Friday'],
    ['2026-04-06', false, 'Easter Monday'],
    ['2026-08-31', false, 'Summer bank holiday (England, not Scotland)'],
    ['2020-05-08', false, 'VE Day, moved from the Monday in 2020'],
    ['2020-05-04', true, 'the usual early-May Monday, not a holiday in 2020'],
    ['2027-01-01', false, 'New Year’s Day'],
  ];
  for (const [date, expected, why] of table) {
    it(`${date} (${why}) → ${expected ? 'working' : 'not working'}`, () => assert.equal(isWorkingDay(date), expected));
  }

  it('honours the organisation’s own closure days', () => {
    assert.equal(isWorkingDay('2026-12-29', new Set(['2026-12-29'])), false);
    assert.equal(nextWorkingDay('2026-12-24', new Set(['2026-12-29', '2026-12-30', '2026-12-31'])), '2027-01-04');
  });
});

describe('triage deadline: close of business on the next working day (policy 10.4)', () => {
  const table: Array<[string, string, string]> = [
    ['Monday morning', '2026-11-23T09:15:00Z', '2026-11-24T17:00:00Z'],
    ['Friday afternoon, due Monday', '2026-11-27T15:00:00Z', '2026-11-30T17:00:00Z'],
    ['Saturday, due Monday', '2026-11-28T11:00:00Z', '2026-11-30T17:00:00Z'],
    ['Christmas Eve, due after the substitute Boxing Day', '2026-12-24T10:00:00Z', '2026-12-29T17:00:00Z'],
    ['Thursday before Easter, due Tuesday', '2026-04-02T10:00:00Z', '2026-04-07T16:00:00Z'],
    ['late evening in summer is already the next day in London', '2026-07-06T23:30:00Z', '2026-07-08T16:00:00Z'],
  ];
  for (const [name, received, due] of table) {
    it(name, () => assert.equal(triageDeadline(new Date(received)).toISOString(), new Date(due).toISOString()));
  }
});

describe('triage urgency', () => {
  const deadline = new Date('2026-11-24T17:00:00Z');
  const table: Array<[string, string]> = [
    ['2026-11-23T12:00:00Z', 'due-later'],
    ['2026-11-24T08:00:00Z', 'due-today'],
    ['2026-11-24T17:00:00Z', 'due-today'],
    ['2026-11-24T17:00:01Z', 'overdue'],
  ];
  for (const [now, expected] of table) {
    it(`${now} → ${expected}`, () => assert.equal(triageUrgency(deadline, new Date(now)), expected));
  }
});

describe('where a concern stands against its triage deadline in a report', () => {
  const deadlineAt = '2026-11-24T17:00:00.000Z';
  const now = new Date('2026-11-25T09:00:00Z');
  const table: Array<[string, string | null, boolean, string, Date]> = [
    ['triaged by the deadline', '2026-11-24T17:00:00.000Z', false, 'within', now],
    ['triaged after it', '2026-11-24T17:00:01.000Z', false, 'late', now],
    ['imported with a triage time: judged like any other', '2026-11-25T08:00:00.000Z', true, 'late', now],
    ['not triaged, deadline passed', null, false, 'overdue', now],
    ['not triaged, not yet due', null, false, 'not-due', new Date('2026-11-24T12:00:00Z')],
    ['imported without a triage time: not recorded, however old', null, true, 'not-recorded', now],
  ];
  for (const [name, triagedAt, imported, expected, at] of table) {
    it(`${name} → ${expected}`, () => assert.equal(triageStanding({ deadlineAt, triagedAt, imported }, at), expected));
  }
});
