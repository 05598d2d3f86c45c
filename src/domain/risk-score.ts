// The council's risk toolkit (seed 000, "Risk Evaluation and Prioritisation"): impact and
// probability each scored 1–5 on a five by five matrix, the score their product. The toolkit
// rates risks Red, Amber or Green ("Red risks are considered unacceptable"); its matrix shades
// 15 and above red, 5 to 12 amber and 4 and below green, which these bands follow.

export const scaleValues = [1, 2, 3, 4, 5] as const;
export type Scale = (typeof scaleValues)[number];

export const impactNames: Record<Scale, string> = {
  1: 'Insignificant',
  2: 'Minor',
  3: 'Moderate',
  4: 'Major',
  5: 'Severe',
};
export const probabilityNames: Record<Scale, string> = {
  1: 'Rare',
  2: 'Unlikely',
  3: 'Possible',
  4: 'Likely',
  5: 'Almost certain',
};

export type RiskBand = 'red' | 'amber' | 'green';
export const bandNames: Record<RiskBand, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

export function isScale(value: number): value is Scale {
  return Number.isInteger(value) && value >= 1 && value <= 5;
}

/** Impact × probability; throws for a value off the scale, which no form lets through. */
export function riskScore(impact: number, probability: number): number {
  if (!isScale(impact) || !isScale(probability)) throw new RangeError('impact and probability are 1 to 5');
  return impact * probability;
}

export function riskBand(score: number): RiskBand {
  if (score >= 15) return 'red';
  if (score >= 5) return 'amber';
  return 'green';
}
