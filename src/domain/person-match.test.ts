import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type MatchReason,
  type PersonFacts,
  matchSearchTerms,
  nameTokens,
  postcodeOf,
  rankMatches,
  scoreMatch,
} from './person-match.ts';

const person = (facts: Partial<PersonFacts>): PersonFacts => ({
  name: null,
  dateOfBirth: null,
  approximateAge: null,
  approximateAgeOn: null,
  address: null,
  ...facts,
});

describe('names, postcodes and search terms', () => {
  const names: Array<[string | null, string[]]> = [
    ['Jane Smith', ['jane', 'smith']],
    ["Dr. Zoë O'Neil", ['zoe', 'oneil']],
    ['  MRS  ann-marie   jones ', ['ann', 'marie', 'jones']],
    ['Łukasz 100% Nowak_', ['łukasz', '100', 'nowak']],
    [null, []],
  ];
  for (const [name, tokens] of names) {
    it(`reads the name ${JSON.stringify(name)} as ${JSON.stringify(tokens)}`, () =>
      assert.deepEqual(nameTokens(name), tokens));
  }

  const postcodes: Array<[string | null, string | null]> = [
    ['Flat 4, Riverside Estate, Oxford OX1 4AB', 'OX14AB'],
    ['12 High Street, ox14ab', 'OX14AB'],
    ['1 Long Lane, SW1A 1AA', 'SW1A1AA'],
    ['Riverside Estate', null],
    [null, null],
  ];
  for (const [address, postcode] of postcodes) {
    it(`finds the postcode ${postcode} in ${JSON.stringify(address)}`, () =>
      assert.equal(postcodeOf(address), postcode));
  }

  it('looks up name words of two letters or more, the date of birth and the postcode', () => {
    assert.deepEqual(
      matchSearchTerms(person({ name: 'J Smith', dateOfBirth: '1970-02-03', address: '4 Mill Road, OX4 1AA' })),
      { nameTokens: ['smith'], dateOfBirth: '1970-02-03', postcode: 'OX41AA' },
    );
  });
});

describe('how alike two records are', () => {
  const jane = person({ name: 'Jane Smith', dateOfBirth: '1980-05-17', address: '4 Mill Road, Oxford OX4 1AA' });
  const cases: Array<[string, PersonFacts, PersonFacts, number, MatchReason[]]> = [
    ['the same person, recorded twice', jane, jane, 120, ['same-name', 'same-date-of-birth', 'same-address']],
    [
      'a misspelt surname with the same date of birth',
      jane,
      person({ name: 'Jane Smyth', dateOfBirth: '1980-05-17' }),
      75,
      ['similar-name', 'same-date-of-birth'],
    ],
    [
      'an initial and the same postcode at a different door',
      jane,
      person({ name: 'J. Smith', address: '6 Mill Road, OX4 1AA' }),
      55,
      ['similar-name', 'same-postcode'],
    ],
    [
      'day and month swapped',
      jane,
      person({ name: 'Jane Smith', dateOfBirth: '1980-17-05' }),
      65,
      ['same-name', 'similar-date-of-birth'],
    ],
    [
      'the same name but another date of birth: someone else',
      jane,
      person({ name: 'Jane Smith', dateOfBirth: '1999-01-01' }),
      10,
      ['same-name', 'different-date-of-birth'],
    ],
    [
      'a sibling at the same address',
      jane,
      person({ name: 'Mark Smith', dateOfBirth: '1984-02-02', address: '4 Mill Road, Oxford OX4 1AA' }),
      0,
      ['same-surname', 'different-date-of-birth', 'same-address'],
    ],
    ['someone else at the same address', jane, person({ name: 'Ali Khan', address: jane.address }), 0, []],
    [
      'an unknown name, about the right age, same address',
      person({ name: null, approximateAge: 45, approximateAgeOn: '2026-01-10', address: jane.address }),
      jane,
      40,
      ['similar-age', 'same-address'],
    ],
    [
      'only a first name, and an age that cannot fit',
      person({ name: 'Jane', approximateAge: 10, approximateAgeOn: '2026-01-10' }),
      jane,
      5,
      ['similar-name', 'different-age'],
    ],
    ['nothing known on either side', person({}), person({}), 0, []],
  ];
  for (const [name, subject, candidate, score, reasons] of cases) {
    it(`${name}: ${score}`, () => assert.deepEqual(scoreMatch(subject, candidate), { score, reasons }));
  }
});

describe('ranking candidates', () => {
  const subject = person({ name: 'Jane Smith', dateOfBirth: '1980-05-17' });
  const candidates = [
    { id: 'other', ...person({ name: 'Jane Smith', dateOfBirth: '1999-01-01' }) },
    { id: 'possible', ...person({ name: 'Jane Smith' }) },
    { id: 'strong', ...person({ name: 'Jane Smyth', dateOfBirth: '1980-05-17' }) },
    { id: 'unrelated', ...person({ name: 'Peter Jones', dateOfBirth: '1980-05-17' }) },
  ];

  it('offers the likely ones, most likely first, each marked strong or possible', () => {
    const ranked = rankMatches(subject, candidates);
    assert.deepEqual(
      ranked.map((m) => [m.candidate.id, m.strength]),
      [
        ['strong', 'strong'],
        ['possible', 'possible'],
      ],
    );
  });

  it('returns suggestions only: the candidates are handed back unchanged, never linked', () => {
    const ranked = rankMatches(subject, candidates);
    assert.ok(ranked.every((m) => candidates.includes(m.candidate)));
  });

  it('offers at most the number asked for', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ id: String(i), ...person({ name: 'Jane Smith' }) }));
    assert.equal(rankMatches(subject, many, 5).length, 5);
  });
});
