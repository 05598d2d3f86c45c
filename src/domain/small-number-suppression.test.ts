import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSmallCount, roundToNearestFive, suppressSmallCounts } from './small-number-suppression.ts';

describe('small-number suppression', () => {
  it('hides counts of 1 to 4, never 0 or 5', () => {
    assert.deepEqual(
      [0, 1, 4, 5, 50].map((n) => isSmallCount(n)),
      [false, true, true, false, false],
    );
    assert.equal(isSmallCount(9, 10), true, 'the threshold can be raised');
  });

  it('hides nothing more when no total is shown', () => {
    assert.deepEqual(suppressSmallCounts([3, 10, 12], []), ['small', null, null]);
  });

  it('hides the next smallest figure when a total would give a small one back', () => {
    // 3 + 0 + 10 + 12 = 25: hiding 3 alone, 25 − 10 − 12 − 0 gives it back; the 10 goes too (not the 0).
    const counts = [3, 0, 10, 12, 25];
    assert.deepEqual(suppressSmallCounts(counts, [{ parts: [0, 1, 2, 3], total: 4 }]), [
      'small',
      null,
      'secondary',
      null,
      null,
    ]);
  });

  it('needs nothing more when two figures in the line are already hidden', () => {
    const counts = [3, 2, 10, 15];
    assert.deepEqual(suppressSmallCounts(counts, [{ parts: [0, 1, 2], total: 3 }]), ['small', 'small', null, null]);
  });

  it('hides a small total with its only figure', () => {
    assert.deepEqual(suppressSmallCounts([3, 0, 3], [{ parts: [0, 1], total: 2 }]), ['small', null, 'small']);
  });

  it('follows a hidden figure across rows and columns', () => {
    // Two agencies × (outcome recorded, awaited), with row and column totals:
    //   A: 2 + 6 = 8     B: 7 + 9 = 16     totals: 9 + 15 = 24
    // The 2 is small; its row hides the 6; the 6's column then has one hidden, so the 9 goes;
    // the 2's column hides the 7; row B then has 7 and 9 hidden, and row A has 2 and 6.
    const counts = [2, 6, 8, 7, 9, 16, 9, 15, 24];
    const lines = [
      { parts: [0, 1], total: 2 },
      { parts: [3, 4], total: 5 },
      { parts: [6, 7], total: 8 },
      { parts: [0, 3], total: 6 },
      { parts: [1, 4], total: 7 },
      { parts: [2, 5], total: 8 },
    ];
    const hidden = suppressSmallCounts(counts, lines);
    for (const line of lines) {
      const hiddenInLine = [...line.parts, line.total].filter((i) => hidden[i] !== null).length;
      assert.notEqual(hiddenInLine, 1, `line ${JSON.stringify(line)} gives a figure back`);
    }
    assert.equal(hidden[0], 'small');
    assert.deepEqual(
      hidden.map((h, i) => (h ? i : -1)).filter((i) => i >= 0),
      [0, 1, 3, 4],
    );
  });
});

describe('rounding to the nearest 5 (the Safeguarding Adults Collection’s rule)', () => {
  it('rounds each count from its true figure, halves up, and never shows a count as 0', () => {
    const cases: Array<[number, number]> = [
      [0, 0],
      [1, 5],
      [2, 5],
      [3, 5],
      [7, 5],
      [8, 10],
      [12, 10],
      [13, 15],
      [305, 305],
      [44, 45],
    ];
    for (const [count, shown] of cases) assert.equal(roundToNearestFive(count), shown, String(count));
  });
});
