import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anscombeResiduals, assessTrend, baselineMonths, upperQuantile } from './trend-flags.ts';

// Expected figures worked by hand (and checked with a pocket calculation of the same formulae):
// the Poisson and negative binomial cumulative probabilities are summed term by term.
describe('trend flags (improved Farrington, monthly variant)', () => {
  it('takes the same month and the month either side in each of the five years before', () => {
    const months = baselineMonths('2025-01');
    assert.equal(months.length, 15);
    assert.deepEqual(months.slice(0, 3), ['2019-12', '2020-01', '2020-02']);
    assert.deepEqual(months.slice(-3), ['2023-12', '2024-01', '2024-02']);
    assert.deepEqual(baselineMonths('2025-12').slice(-3), ['2024-11', '2024-12', '2025-01']);
  });

  it('finds the 99% point of a Poisson: P(Y ≤ 7) = 0.988 and P(Y ≤ 8) = 0.996 for a mean of 3', () => {
    assert.equal(upperQuantile(3, 1, 0.01), 8);
    // Mean 1: P(Y ≤ 3) = 0.981, P(Y ≤ 4) = 0.9963.
    assert.equal(upperQuantile(1, 1, 0.01), 4);
    assert.equal(upperQuantile(0, 1, 0.01), 0);
  });

  it('uses a Poisson when the baseline is no more spread out than one (φ = 1)', () => {
    // Mean 3; Σ(y − 3)² = 4, so φ = 4 / 3 / 8 = 0.17, taken as 1: the threshold is Poisson(3)'s 8.
    const baseline = [2, 3, 4, 3, 2, 3, 4, 3, 3];
    assert.deepEqual(assessTrend(9, baseline), {
      observed: 9,
      baselineSize: 9,
      expected: 3,
      dispersion: 1,
      threshold: 8,
      verdict: 'rising',
    });
    assert.equal(assessTrend(8, baseline).verdict, 'within');
  });

  it('widens the threshold for an overdispersed baseline (negative binomial)', () => {
    // Mean 36 / 9 = 4; Σ(y − 4)² = 60, φ = 60 / 4 / 8 = 1.875. Size 4 / 0.875 = 4.571, p = 0.533:
    // P(Y ≤ 11) = 0.985 and P(Y ≤ 12) = 0.991, so 12 is within and 13 rises.
    const baseline = [1, 5, 2, 8, 3, 6, 4, 7, 0];
    const at12 = assessTrend(12, baseline);
    assert.equal(at12.expected, 4);
    assert.equal(at12.dispersion, 1.875);
    assert.equal(at12.threshold, 12);
    assert.equal(at12.verdict, 'within');
    assert.equal(assessTrend(13, baseline).verdict, 'rising');
  });

  it('down-weights a past exceedance in the baseline before predicting (Noufaily’s reweighting)', () => {
    // Fourteen months of 2–4 and one of 20: mean 62 / 15 = 4.133, φ = 4.765, threshold 20.
    // The 20's standardised Anscombe residual is 2.69 > 2.58, so its weight is 2.69⁻² = 0.138,
    // the weights scaled to add up to 15 (1.061 each, 0.147 for the 20): mean 3.166, φ 1.090,
    // and the threshold falls to 8. Twelve concerns now rise; without the reweighting they would not.
    const baseline = [2, 3, 4, 3, 2, 3, 4, 3, 3, 2, 3, 4, 3, 3, 20];
    const residuals = anscombeResiduals(baseline, { mean: 62 / 15, dispersion: 4.764976958525345 });
    assert.equal(residuals.at(-1)!.toFixed(2), '2.69');
    const result = assessTrend(12, baseline);
    assert.equal(result.expected!.toFixed(3), '3.166');
    assert.equal(result.dispersion!.toFixed(3), '1.090');
    assert.equal(result.threshold, 8);
    assert.equal(result.verdict, 'rising');
  });

  it('never flags a handful of concerns, nor a category without six months of history', () => {
    // Baseline all zero: threshold 0, but 3 concerns are below the small-number threshold of 5.
    assert.equal(assessTrend(3, [0, 0, 0, 0, 0, 0]).verdict, 'too-few');
    assert.equal(assessTrend(5, [0, 0, 0, 0, 0, 0]).verdict, 'rising');
    const short = assessTrend(40, [1, 2, 1, 2, 1]);
    assert.equal(short.verdict, 'too-little-history');
    assert.equal(short.threshold, null);
  });
});
