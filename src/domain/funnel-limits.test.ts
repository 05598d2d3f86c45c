import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { funnelLimit, funnelLimits, funnelPosition, poissonCdf, poissonQuantile } from './funnel-limits.ts';

// Expectations worked by hand from the Poisson probabilities e^−m m^k / k! (Spiegelhalter 2005,
// appendix A.1.1). For m = 5: F(0) = 0.006738, F(1) = 0.040428, F(9) = 0.968172,
// F(10) = 0.986305, F(12) = 0.997981, F(13) = 0.999302.
const close = (actual: number, expected: number, within = 1e-5) =>
  assert.ok(Math.abs(actual - expected) < within, `${actual} is not ${expected}`);

describe('Poisson distribution', () => {
  it('adds up the probabilities', () => {
    close(poissonCdf(0, 5), 0.006738);
    close(poissonCdf(1, 5), 0.040428);
    close(poissonCdf(10, 5), 0.986305);
    assert.equal(poissonCdf(-1, 5), 0);
  });
  it('finds the smallest count reaching a probability', () => {
    assert.equal(poissonQuantile(0.025, 5), 1);
    assert.equal(poissonQuantile(0.975, 5), 10);
    assert.equal(poissonQuantile(0.999, 5), 13);
    assert.equal(poissonQuantile(0.001, 5), 0);
  });
  it('does not underflow for a large service area', () => {
    // Mean 1,000: the 97.5% quantile is near 1000 + 1.96 × √1000 ≈ 1062.
    const r = poissonQuantile(0.975, 1000);
    assert.ok(r >= 1060 && r <= 1064, String(r));
  });
});

describe('funnel plot control limits (Spiegelhalter 2005)', () => {
  it('interpolates between counts: 100 staff at 5 per 100', () => {
    // Lower 95%: r = 1, α = (0.040428 − 0.025) / (0.040428 − 0.006738) = 0.45794 → (1 − 0.45794) / 100.
    close(funnelLimit(0.025, 0.05, 100), 0.0054207);
    // Upper 95%: r = 10, α = (0.986305 − 0.975) / (0.986305 − 0.968172) = 0.62345 → (10 − 0.62345) / 100.
    close(funnelLimit(0.975, 0.05, 100), 0.0937656);
    // Upper 99.8%: r = 13, α = (0.999302 − 0.999) / (0.999302 − 0.997981) = 0.2286 → (13 − 0.2286) / 100.
    close(funnelLimit(0.999, 0.05, 100), 0.1277135);
  });
  it('never draws a limit below zero', () => {
    assert.equal(funnelLimit(0.001, 0.05, 100), 0);
    assert.equal(funnelLimits(0.05, 40).lower95, 0);
  });
  it('widens for a smaller service area', () => {
    // 40 staff, mean 2: upper 95% r = 5 (F(4) = 0.947347, F(5) = 0.983436), α = 0.23372 → 4.76628 / 40.
    close(funnelLimits(0.05, 40).upper95, 0.1191559);
    assert.ok(funnelLimits(0.05, 40).upper998 > funnelLimits(0.05, 100).upper998);
  });
  it('places a rate against the limits', () => {
    const limits = funnelLimits(0.05, 100);
    assert.equal(funnelPosition(0.05, limits), 'within');
    assert.equal(funnelPosition(0.1, limits), 'above-95');
    assert.equal(funnelPosition(0.13, limits), 'above-99.8');
    assert.equal(funnelPosition(0.005, limits), 'below-95');
    assert.equal(funnelPosition(0, funnelLimits(0.5, 100)), 'below-99.8');
  });
});
