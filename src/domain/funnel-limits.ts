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

/** P(X ≤ k) for X ~ Poisson(mean); summed in log space, so a large mean does not underflow. */
export function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  if (mean === 0) return 1;
  let total = 0;
  for (let i = 0; i <= k; i += 1) total += Math.exp(i * Math.log(mean) - mean - gammaln(i + 1));
  return Math.min(1, total);
}

/** The smallest count r with P(X ≤ r) ≥ p. */
export function poissonQuantile(p: number, mean: number): number {
  let r = 0;
  let cumulative = poissonCdf(0, mean);
  const step = (i: number) => Math.exp(i * Math.log(mean) - mean - gammaln(i + 1));
  while (cumulative < p) {
    r += 1;
    cumulative += step(r);
  }
  return r;
}

/** The control limit on the rate (events per person) at probability p, for n people at rate θ. */
export function funnelLimit(p: number, targetRate: number, people: number): number {
  const mean = targetRate * people;
  const r = poissonQuantile(p, mean);
  const atR = poissonCdf(r, mean);
  const belowR = poissonCdf(r - 1, mean);
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
