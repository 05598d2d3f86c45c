import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addYears,
  assuranceYearOf,
  isActionOverdue,
  isRiskReviewPast,
  isYearLabel,
  policyReviewsDue,
} from './assurance-dates.ts';

const today = '2024-06-01';

describe('assurance dates', () => {
  const years: Array<[string, string]> = [
    ['2023-04-01', '2023-24'],
    ['2024-03-31', '2023-24'],
    ['2024-01-15', '2023-24'],
    ['1999-12-31', '1999-00'],
    ['2026-11-26', '2026-27'],
  ];
  for (const [date, label] of years) {
    it(`places ${date} in the year ${label}`, () => assert.equal(assuranceYearOf(date), label));
  }
  for (const [label, ok] of [
    ['2023-24', true],
    ['1999-00', true],
    ['2023-25', false],
    ['2023/24', false],
    ['23-24', false],
  ] as const) {
    it(`${ok ? 'accepts' : 'refuses'} the year ${label}`, () => assert.equal(isYearLabel(label), ok));
  }

  const actions: Array<[string, string | null, boolean]> = [
    ['not_started', '2024-05-31', true],
    ['in_progress', '2024-05-31', true],
    ['completed', '2024-05-31', false],
    ['in_progress', today, false],
    ['not_started', '2024-06-02', false],
    ['in_progress', null, false],
  ];
  for (const [status, due, overdue] of actions) {
    it(`an action ${status} due ${due ?? 'ongoing'} is ${overdue ? '' : 'not '}overdue on ${today}`, () =>
      assert.equal(isActionOverdue({ status, due_on: due }, today), overdue));
  }

  const risks: Array<[string | null, string | null, boolean]> = [
    ['2024-05-31', null, true],
    [today, null, false],
    [null, null, false],
    ['2024-05-31', '2024-05-30', false],
  ];
  for (const [review, closed, past] of risks) {
    it(`a risk to review ${review ?? 'never'}${closed ? ', closed' : ''} is ${past ? '' : 'not '}past review`, () =>
      assert.equal(isRiskReviewPast({ review_on: review, closed_on: closed }, today), past));
  }

  const additions: Array<[string, number, string]> = [
    ['2023-04-20', 1, '2024-04-20'],
    ['2023-04-20', 3, '2026-04-20'],
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
  ];
  for (const [date, years, expected] of additions) {
    it(`${date} + ${years} year(s) is ${expected}`, () => assert.equal(addYears(date, years), expected));
  }

  it('puts the annual review a year on and Cabinet approval three years on (policy 17.5–17.6)', () => {
    assert.deepEqual(policyReviewsDue({ lastReviewedOn: '2023-06-01', lastApprovedOn: '2021-06-16' }, today), [
      { kind: 'annual', dueOn: '2024-06-01', due: true },
      { kind: 'cabinet', dueOn: '2024-06-16', due: false },
    ]);
    assert.deepEqual(policyReviewsDue({ lastReviewedOn: null, lastApprovedOn: null }, today), []);
  });
});
