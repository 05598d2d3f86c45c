import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rating } from './self-assessment-rating.ts';
import { allowsNotApplicable, sectionOf, sectionRating } from './self-assessment-sections.ts';

describe('the sections of the Boards’ self-assessment', () => {
  it('finds a standard’s section by its number', () => {
    assert.deepEqual(sectionOf('3.1'), { number: 3, title: 'Commissioning Arrangements' });
    assert.deepEqual(sectionOf('9.2'), { number: 9, title: 'Section 9' });
    assert.equal(allowsNotApplicable('3.4'), true);
    assert.equal(allowsNotApplicable('1.3'), false);
  });

  const cases: Array<[Array<Rating | null>, Rating | null]> = [
    [[], null],
    [[null, null], null],
    [['green', 'green'], 'green'],
    [['green', 'amber', 'green'], 'amber'],
    [['amber', 'red', 'green'], 'red'],
    [['not_applicable', 'green'], 'green'],
    [['not_applicable', null], 'not_applicable'],
    [[null, 'amber'], 'amber'],
  ];
  for (const [ratings, expected] of cases) {
    it(`rates a section of ${JSON.stringify(ratings)} as ${expected}`, () => {
      assert.equal(sectionRating(ratings), expected);
    });
  }
});
