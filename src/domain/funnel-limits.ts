import { gammaln } from 'simple-statistics';

// Reporting rates per service area against the organisation's (self-assessment 3.3), judged on
// a funnel plot (Spiegelhalter, "Funnel plots for comparing institutional performance",
// Statistics in Medicine 2005;24:1185–1202). A service area of n staff reporting at the
// organisation's rate θ would send a Poisson number of concerns with mean θn; its control
// limits are that distribution's quantiles, interpolated so they run smoothly with n
// (appendix A.1.1): with r the p-quantile and F the Poisson distribution function,
// α = (F(r) − p) / (F(r) − F(r − 1)) and the limit on the rate is (r − α) / n.

/** The two pairs of limits Spiegelhalter draws: about 2 and 3 standard deviations. */
export const funnelLimitLevels = [
  { name: '95%', lower: 0.025, upper: 0.975 },
  { name: '99.8%', lower: 0.001, upper: 0.999 },
] as const;

/**
 * Where sums of a Poisson variable's probabilities start, and that probability: 20 standard
 * deviations below the mean (the mass below is under 1e-80), moved up while the probability is
 * too small to hold in a double. A service area expected to send 100,000 concerns takes some
 * 13,000 terms, not 100,000.
 */
function firstTerm(mean: number): { start: number; probability: number } {
  const sd = Math.sqrt(mean);
  let start = Math.max(0, Math.floor(mean - 20 * sd));
  let probability = poissonProbability(start, mean);
  while (probability === 0 && start < mean) {
    start = Math.min(Math.floor(mean), start + Math.ceil(sd));
    probability = poissonProbability(start, mean);
  }
  return { start, probability };
}

/** P(X = i), from its logarithm: exact for any mean. */
function poissonProbability(i: number, mean: number): number {
  return Math.exp(i * Math.log(mean) - mean - gammaln(i + 1));
}

/**
 * The smallest count r with P(X ≤ r) ≥ p, with P(X ≤ r) and P(X ≤ r − 1): one walk up the
 * distribution, each term from the one before (P(X = i) = P(X = i − 1) · mean / i).
 */
function poissonStep(p: number, mean: number): { r: number; atR: number; belowR: number } {
  if (mean === 0) return { r: 0, atR: 1, belowR: 0 };
  const first = firstTerm(mean);
  let r = first.start;
  let probability = first.probability;
  let cumulative = probability;
  while (cumulative < p) {
    r += 1;
    probability *= mean / r;
    cumulative += probability;
  }
  return { r, atR: Math.min(1, cumulative), belowR: Math.min(1, cumulative - probability) };
}

/** P(X ≤ k) for X ~ Poisson(mean). */
export function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  if (mean === 0) return 1;
  const { start, probability: first } = firstTerm(mean);
  if (k < start) return 0;
  const end = Math.min(k, Math.ceil(mean + 40 * Math.sqrt(mean)) + 1);
  let probability = first;
  let total = probability;
  for (let i = start + 1; i <= end; i += 1) {
    probability *= mean / i;
    total += probability;
  }
  return Math.min(1, total);
}

/** The smallest count r with P(X ≤ r) ≥ p. */
export function poissonQuantile(p: number, mean: number): number {
  return poissonStep(p, mean).r;
}

/** The control limit on the rate (events per person) at probability p, for n people at rate θ. */
export function funnelLimit(p: number, targetRate: number, people: number): number {
  const { r, atR, belowR } = poissonStep(p, targetRate * people);
  const alpha = (atR - p) / (atR - belowR);
  return Math.max(0, (r - alpha) / people);
}

export type FunnelLimits = Readonly<{
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}>;

/** Both pairs of limits on the rate for n people. */
export function funnelLimits(targetRate: number, people: number): FunnelLimits {
  const [inner, outer] = funnelLimitLevels;
  return {
    lower95: funnelLimit(inner.lower, targetRate, people),
    upper95: funnelLimit(inner.upper, targetRate, people),
    lower998: funnelLimit(outer.lower, targetRate, people),
    upper998: funnelLimit(outer.upper, targetRate, people),
  };
}

/** Where a rate sits against its limits: beyond the 99.8% limits is a signal, beyond 95% an alert. */
export type FunnelPosition = 'above-99.8' | 'above-95' | 'within' | 'below-95' | 'below-99.8';

export function funnelPosition(rate: number, limits: FunnelLimits): FunnelPosition {
  if (rate > limits.upper998) return 'above-99.8';
  if (rate > limits.upper95) return 'above-95';
  if (rate < limits.lower998) return 'below-99.8';
  if (rate < limits.lower95) return 'below-95';
  return 'within';
}
