import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AgeGroup, type AgeProblem, ageOn, ageProblem } from './person-age.ts';

describe('age in whole years', () => {
  const table: Array<[string, string, number, string]> = [
    ['2008-03-03', '2026-03-03', 18, 'on the 18th birthday'],
    ['2008-03-04', '2026-03-03', 17, 'the day before the 18th birthday'],
    ['2008-02-29', '2026-02-28', 17, 'a leap-day birthday, not yet reached in a common year'],
    ['2008-02-29', '2026-03-01', 18, 'a leap-day birthday, passed'],
    ['2026-03-03', '2026-03-03', 0, 'born today'],
    ['1950-12-31', '2026-01-01', 75, 'birthday at the end of the year'],
  ];
  for (const [born, today, years, why] of table) {
    it(`${why}: ${born} → ${years} on ${today}`, () => assert.equal(ageOn(born, today), years));
  }
});

describe('ages that cannot belong to the person', () => {
  const table: Array<[number, AgeGroup | 'unknown', AgeProblem | null]> = [
    [0, 'child', null],
    [17, 'child', null],
    [18, 'child', 'child-is-18-or-over'],
    [17, 'adult', 'adult-is-under-18'],
    [18, 'adult', null],
    [120, 'adult', null],
    [121, 'adult', 'too-old'],
    [300, 'child', 'too-old'],
    [17, 'unknown', null],
    [121, 'unknown', 'too-old'],
  ];
  for (const [years, ageGroup, expected] of table) {
    it(`${years} for a ${ageGroup} → ${expected ?? 'fine'}`, () => assert.equal(ageProblem(years, ageGroup), expected));
  }
});
