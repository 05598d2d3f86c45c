// Ages of the people on a concern. The child and adult routes differ (procedures 7 and 9),
// so an age that contradicts "child" or "adult" is caught while the reporter is still there.

export type AgeGroup = 'child' | 'adult';

/** Children are under 18 (Children Act 1989); adults are 18 or over (Care Act 2014). */
export const adulthood = 18;

/** No one on a concern is older than this; a larger age is a typing mistake. */
export const oldestAge = 120;

/** Whole years between a date of birth and today, both YYYY-MM-DD. */
export function ageOn(dateOfBirth: string, today: string): number {
  const [birthYear, birthMonthDay] = [Number(dateOfBirth.slice(0, 4)), dateOfBirth.slice(5)];
  const [year, monthDay] = [Number(today.slice(0, 4)), today.slice(5)];
  return year - birthYear - (monthDay < birthMonthDay ? 1 : 0);
}

export type AgeProblem = 'too-old' | 'adult-is-under-18' | 'child-is-18-or-over';

/** Why an age in whole years cannot belong to this person, or null when it can. */
export function ageProblem(years: number, ageGroup: AgeGroup | 'unknown'): AgeProblem | null {
  if (years > oldestAge) return 'too-old';
  if (ageGroup === 'child' && years >= adulthood) return 'child-is-18-or-over';
  if (ageGroup === 'adult' && years < adulthood) return 'adult-is-under-18';
  return null;
}
