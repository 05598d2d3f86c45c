import { gammaln } from 'simple-statistics';

// Trend flags (issue 9; report 47 and 51: the rise in suicidal threats that led to new guidance):
// a category whose count this month is higher than its own history predicts. The method is the
// one UK public-health surveillance uses for exceedances, the improved Farrington algorithm
// (Noufaily et al. 2013, Statistics in Medicine 32:1206–22), in a simpler documented variant for
// monthly counts of a few dozen:
//
// - Baseline: the same month and the month either side of it (w = 1) in each of the previous
//   b = 5 years, as many of them as there are; at least 6 months of history are needed. Taking
//   the same season each year stands in for Noufaily's 10-level seasonal factor, and there is no
//   trend term (Noufaily keeps one only when it is significant; at these counts it seldom is).
// - Model: an intercept-only quasi-Poisson fit, so the expected count is the baseline's
//   (weighted) mean and the dispersion φ = Σ w(y − μ)² / μ / (n − 1), never below 1.
// - Past exceedances in the baseline are down-weighted as Noufaily does: a month whose
//   standardised Anscombe residual s is above 2.58 gets weight s⁻², the weights scaled to add
//   up to n, and the model is fitted again.
// - Threshold: the 99% quantile (α = 0.01) of a negative binomial with that mean and variance
//   φμ (a Poisson when φ = 1). A month is flagged when its count is above the threshold and at
//   least 5, the small-number threshold, so a flag never rests on a handful of concerns.

export type TrendParameters = Readonly<{
  yearsBack: number;
  halfWindow: number;
  alpha: number;
  minimumCount: number;
  minimumBaseline: number;
  reweightAbove: number;
}>;

export const trendParameters: TrendParameters = {
  yearsBack: 5,
  halfWindow: 1,
  alpha: 0.01,
  minimumCount: 5,
  minimumBaseline: 6,
  reweightAbove: 2.58,
};

/** YYYY-MM keys of the reference months for `month`, oldest first: b years back, w months either side. */
export function baselineMonths(month: string, parameters: TrendParameters = trendParameters): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let back = parameters.yearsBack; back >= 1; back -= 1) {
    for (let shift = -parameters.halfWindow; shift <= parameters.halfWindow; shift += 1) {
      const index = (year - back) * 12 + (m - 1) + shift;
      months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
    }
  }
  return months;
}

export type TrendVerdict = 'rising' | 'within' | 'too-few' | 'too-little-history';

export type TrendAssessment = Readonly<{
  observed: number;
  baselineSize: number;
  /** The count the baseline predicts (μ), null without enough history. */
  expected: number | null;
  dispersion: number | null;
  /** The highest count not flagged (the 1 − α quantile), null without enough history. */
  threshold: number | null;
  verdict: TrendVerdict;
}>;

type Fit = { mean: number; dispersion: number };

function fit(counts: readonly number[], weights: readonly number[]): Fit {
  const n = counts.length;
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const mean = counts.reduce((sum, y, i) => sum + weights[i]! * y, 0) / totalWeight;
  if (mean === 0) return { mean, dispersion: 1 };
  const pearson = counts.reduce((sum, y, i) => sum + (weights[i]! * (y - mean) ** 2) / mean, 0);
  return { mean, dispersion: Math.max(1, pearson / (n - 1)) };
}

/** Standardised Anscombe residuals of an intercept-only quasi-Poisson fit (leverage 1/n each). */
export function anscombeResiduals(counts: readonly number[], { mean, dispersion }: Fit): number[] {
  const leverage = 1 / counts.length;
  return counts.map(
    (y) => (1.5 * (y ** (2 / 3) - mean ** (2 / 3))) / (mean ** (1 / 6) * Math.sqrt(dispersion * (1 - leverage))),
  );
}

/** Noufaily's weights: s⁻² above the cut-off, 1 otherwise, scaled to add up to n. */
function reweighted(residuals: readonly number[], cutOff: number): number[] {
  const raw = residuals.map((s) => (s > cutOff ? s ** -2 : 1));
  const scale = residuals.length / raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w * scale);
}

/**
 * The smallest k with P(Y ≤ k) ≥ 1 − α, Y negative binomial with mean μ and variance φμ
 * (size μ/(φ − 1), success probability 1/φ), or Poisson(μ) when φ = 1.
 */
export function upperQuantile(mean: number, dispersion: number, alpha: number): number {
  if (mean === 0) return 0;
  const logPmf =
    dispersion <= 1
      ? (k: number) => k * Math.log(mean) - mean - gammaln(k + 1)
      : (() => {
          const size = mean / (dispersion - 1);
          const p = 1 / dispersion;
          return (k: number) =>
            gammaln(k + size) - gammaln(size) - gammaln(k + 1) + size * Math.log(p) + k * Math.log(1 - p);
        })();
  let cumulative = 0;
  for (let k = 0; ; k += 1) {
    cumulative += Math.exp(logPmf(k));
    if (cumulative >= 1 - alpha - 1e-12) return k;
  }
}

/** Whether this month's count rises beyond what the baseline (the reference months' counts) predicts. */
export function assessTrend(
  observed: number,
  baseline: readonly number[],
  parameters: TrendParameters = trendParameters,
): TrendAssessment {
  const n = baseline.length;
  if (n < parameters.minimumBaseline) {
    return {
      observed,
      baselineSize: n,
      expected: null,
      dispersion: null,
      threshold: null,
      verdict: 'too-little-history',
    };
  }
  const first = fit(
    baseline,
    baseline.map(() => 1),
  );
  const residuals = anscombeResiduals(baseline, first);
  const final = residuals.some((s) => s > parameters.reweightAbove)
    ? fit(baseline, reweighted(residuals, parameters.reweightAbove))
    : first;
  const threshold = upperQuantile(final.mean, final.dispersion, parameters.alpha);
  const verdict: TrendVerdict =
    observed <= threshold ? 'within' : observed < parameters.minimumCount ? 'too-few' : 'rising';
  return { observed, baselineSize: n, expected: final.mean, dispersion: final.dispersion, threshold, verdict };
}
