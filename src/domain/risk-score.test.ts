import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { riskBand, riskScore } from './risk-score.ts';

describe('risk score', () => {
  const scores: Array<[impact: number, probability: number, score: number, band: string]> = [
    [1, 1, 1, 'green'],
    [2, 2, 4, 'green'],
    [4, 1, 4, 'green'],
    [5, 1, 5, 'amber'],
    [3, 2, 6, 'amber'],
    [3, 3, 9, 'amber'],
    [4, 3, 12, 'amber'],
    [3, 5, 15, 'red'],
    [4, 4, 16, 'red'],
    [5, 5, 25, 'red'],
  ];
  for (const [impact, probability, score, band] of scores) {
    it(`scores impact ${impact} × probability ${probability} as ${score}, ${band}`, () => {
      assert.equal(riskScore(impact, probability), score);
      assert.equal(riskBand(riskScore(impact, probability)), band);
    });
  }
  for (const [impact, probability] of [
    [0, 3],
    [6, 1],
    [3, 2.5],
    [Number.NaN, 1],
    [-1, -1],
  ]) {
    it(`refuses impact ${impact} and probability ${probability}`, () => {
      assert.throws(() => riskScore(impact!, probability!), RangeError);
    });
  }
});
