import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allowedRatings,
  countRatings,
  isAllowedRating,
  isYearLabel,
  missingForCompletion,
  nextYearLabel,
  progressAfterSave,
} from './self-assessment-rating.ts';

describe('self-assessment ratings', () => {
  const allowed: Array<[string, boolean, boolean]> = [
    ['green', false, true],
    ['amber', false, true],
    ['red', false, true],
    ['not_applicable', false, false],
    ['not_applicable', true, true],
    ['purple', true, false],
    ['', true, false],
    ['Green', false, false],
  ];
  for (const [value, allowsNa, expected] of allowed) {
    it(`${JSON.stringify(value)} ${expected ? 'is' : 'is not'} allowed when N/A is ${allowsNa ? '' : 'not '}allowed`, () => {
      assert.equal(isAllowedRating(value, allowsNa), expected);
    });
  }
  it('offers N/A only where the template allows it', () => {
    assert.deepEqual(allowedRatings(false), ['green', 'amber', 'red']);
    assert.deepEqual(allowedRatings(true), ['green', 'amber', 'red', 'not_applicable']);
  });

  const progress: Array<[string, Parameters<typeof progressAfterSave>[0], string]> = [
    ['nothing written', { response: null, evidence: ' ', rating: null, markedComplete: false }, 'not_started'],
    [
      'nothing written, marked complete',
      { response: '', evidence: '', rating: null, markedComplete: true },
      'not_started',
    ],
    ['a response only', { response: 'R', evidence: null, rating: null, markedComplete: false }, 'in_progress'],
    ['a rating only', { response: null, evidence: null, rating: 'red', markedComplete: false }, 'in_progress'],
    ['everything, not marked', { response: 'R', evidence: 'E', rating: 'green', markedComplete: false }, 'in_progress'],
    ['everything, marked', { response: 'R', evidence: 'E', rating: 'green', markedComplete: true }, 'completed'],
    ['no rating, marked', { response: 'R', evidence: 'E', rating: null, markedComplete: true }, 'in_progress'],
  ];
  for (const [name, answer, expected] of progress) {
    it(`progress with ${name} is ${expected}`, () => assert.equal(progressAfterSave(answer), expected));
  }
  it('says what a standard still needs', () => {
    assert.deepEqual(missingForCompletion({ response: 'R', evidence: ' ', rating: null }), ['evidence', 'rating']);
    assert.deepEqual(missingForCompletion({ response: 'R', evidence: 'E', rating: 'amber' }), []);
  });

  it('counts ratings, a blank or unknown one as not recorded', () => {
    const counts = countRatings([
      { rating: 'green' },
      { rating: 'green' },
      { rating: null },
      { rating: 'not_applicable' },
      { rating: 'x' },
    ]);
    assert.deepEqual(counts, { green: 2, amber: 0, red: 0, not_applicable: 1, not_recorded: 2 });
  });

  const years: Array<[string, string | null, boolean]> = [
    ['2023-24', '2024-25', true],
    ['2099-00', '2100-01', true],
    ['2024-26', '2025-26', false],
    ['24-25', null, false],
    ['2024/25', null, false],
  ];
  for (const [label, next, valid] of years) {
    it(`year ${label}: next ${next}, ${valid ? 'valid' : 'not valid'}`, () => {
      assert.equal(nextYearLabel(label), next);
      assert.equal(isYearLabel(label), valid);
    });
  }
});
