// How a referral outcome counts in reports (Scrutiny recommendation 2: "the number who engaged
// … but still experienced negative outcomes", never the successes alone). The coordinator
// classes each of the organisation's outcomes; an outcome not yet classed counts as not known.

export const outcomeClasses = ['positive', 'negative', 'engaged', 'not-engaged', 'not-known'] as const;
export type OutcomeClass = (typeof outcomeClasses)[number];

export const outcomeClassNames: Record<OutcomeClass, string> = {
  positive: 'Engaged, with a positive outcome',
  negative: 'Engaged, with a negative outcome',
  engaged: 'Engaged, outcome neither positive nor negative',
  'not-engaged': 'Did not engage (support declined, or the referral not accepted)',
  'not-known': 'Outcome not known',
};

/** The class an outcome counts under: its own, or not known when it has none (or one no longer offered). */
export function classOf(value: string | null): OutcomeClass {
  return (outcomeClasses as readonly string[]).includes(value ?? '') ? (value as OutcomeClass) : 'not-known';
}

/** Whether the person engaged: the three engaged classes. */
export const engagedClasses: readonly OutcomeClass[] = ['positive', 'negative', 'engaged'];
