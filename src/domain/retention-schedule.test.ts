import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type RetentionFacts,
  type RetentionPerson,
  type RetentionSchedule,
  defaultRetentionSchedules,
  effectiveReviewOn,
  reviewDate,
} from './retention-schedule.ts';

const person = (overrides: Partial<RetentionPerson>): RetentionPerson => ({
  ageGroup: 'adult',
  role: 'person_at_risk',
  dateOfBirth: null,
  approximateAge: null,
  approximateAgeOn: null,
  ...overrides,
});
const facts = (overrides: Partial<RetentionFacts>): RetentionFacts => ({
  allegation: false,
  people: [],
  happenedOn: '2026-01-05',
  recordedOn: '2026-01-06',
  closedOn: null,
  ...overrides,
});
const child = (dateOfBirth: string | null, approximate?: [number, string]) =>
  person({
    ageGroup: 'child',
    dateOfBirth,
    approximateAge: approximate?.[0] ?? null,
    approximateAgeOn: approximate?.[1] ?? null,
  });

describe('reviewDate under the shipped schedules', () => {
  const table: Array<[string, RetentionFacts, ReturnType<typeof reviewDate>]> = [
    [
      "a child's record: date of birth + 25 years",
      facts({ people: [child('2015-03-10')] }),
      { kind: 'child', reviewOn: '2040-03-10', basis: 'date-of-birth' },
    ],
    [
      'two children: the youngest decides',
      facts({ people: [child('2012-01-01'), child('2019-07-31')] }),
      { kind: 'child', reviewOn: '2044-07-31', basis: 'date-of-birth' },
    ],
    [
      'a child born on a leap day',
      facts({ people: [child('2016-02-29')] }),
      { kind: 'child', reviewOn: '2041-02-28', basis: 'date-of-birth' },
    ],
    [
      'a child with only an approximate age: the latest birth it allows',
      facts({ people: [child(null, [10, '2026-01-06'])] }),
      { kind: 'child', reviewOn: '2041-01-06', basis: 'approximate-age' },
    ],
    [
      'a child with no birth date or age: the date recorded + 25 years',
      facts({ people: [child(null)] }),
      { kind: 'child', reviewOn: '2051-01-06', basis: 'date-recorded' },
    ],
    [
      'an unknown child beside a known one: the later start wins',
      facts({ people: [child('2010-05-05'), child(null)] }),
      { kind: 'child', reviewOn: '2051-01-06', basis: 'date-recorded' },
    ],
    [
      'a child named with an adult is a child record, open or closed',
      facts({ people: [person({}), child('2015-03-10')], closedOn: '2026-02-01' }),
      { kind: 'child', reviewOn: '2040-03-10', basis: 'date-of-birth' },
    ],
    [
      'an allegation, person aged 30: retirement at 67 is later than 10 years',
      facts({
        allegation: true,
        people: [person({ role: 'alleged_source_of_harm', dateOfBirth: '1996-04-01' })],
      }),
      { kind: 'allegation', reviewOn: '2063-04-01', basis: 'retirement-age' },
    ],
    [
      'an allegation, person aged 64: 10 years from the allegation is later',
      facts({
        allegation: true,
        people: [person({ role: 'alleged_source_of_harm', dateOfBirth: '1962-01-01' })],
      }),
      { kind: 'allegation', reviewOn: '2036-01-05', basis: 'date-of-allegation' },
    ],
    [
      'an allegation, no date of birth for the person it is about: 10 years, flagged',
      facts({ allegation: true, people: [child('2015-03-10'), person({ role: 'alleged_source_of_harm' })] }),
      { kind: 'allegation', reviewOn: '2036-01-05', basis: 'date-of-allegation-no-birth-date' },
    ],
    [
      'an adult record, closed: closure + 6 years',
      facts({ people: [person({ dateOfBirth: '1950-01-01' })], closedOn: '2026-03-31' }),
      { kind: 'adult', reviewOn: '2032-03-31', basis: 'closure' },
    ],
    [
      'an adult record still open: no review date yet',
      facts({ people: [person({})] }),
      { kind: 'adult', reviewOn: null, basis: 'still-open' },
    ],
    [
      'a concern naming nobody (imported, unrelated): closure + 6 years',
      facts({ closedOn: '2020-06-01' }),
      { kind: 'other', reviewOn: '2026-06-01', basis: 'closure' },
    ],
  ];
  for (const [name, given, expected] of table) {
    it(name, () => assert.deepEqual(reviewDate(given, defaultRetentionSchedules), expected));
  }
});

describe('reviewDate under a coordinator’s schedules', () => {
  const changed: RetentionSchedule[] = [
    { kind: 'child', years: 30, retirementAge: null, source: 'Council policy' },
    { kind: 'allegation', years: 15, retirementAge: 65, source: 'Council policy' },
  ];
  const table: Array<[string, RetentionFacts, string | null]> = [
    ['a child at 30 years', facts({ people: [child('2015-03-10')] }), '2045-03-10'],
    [
      'an allegation at 65 or 15 years',
      facts({ allegation: true, people: [person({ role: 'alleged_source_of_harm', dateOfBirth: '1970-01-01' })] }),
      '2041-01-05',
    ],
    ['a kind the coordinator left alone keeps the default', facts({ closedOn: '2026-03-31' }), '2032-03-31'],
  ];
  for (const [name, given, expected] of table) {
    it(name, () => assert.equal(reviewDate(given, changed).reviewOn, expected));
  }
});

describe('effectiveReviewOn', () => {
  const table: Array<[string, string | null, string | null, string | null]> = [
    ['no decision yet', '2030-01-01', null, '2030-01-01'],
    ['kept beyond the rule', '2030-01-01', '2033-01-01', '2033-01-01'],
    ['a keep date before the rule never brings it forward', '2030-01-01', '2029-01-01', '2030-01-01'],
    ['still open stays unreviewed', null, '2033-01-01', null],
  ];
  for (const [name, rule, kept, expected] of table) {
    it(name, () => assert.equal(effectiveReviewOn(rule, kept), expected));
  }
});
