// The self-assessment's ratings and progress (seed 001; definitions from seed 000, report
// paragraph 18, where the council reports the Boards' rating of each standard).

export const ratings = ['green', 'amber', 'red', 'not_applicable'] as const;
export type Rating = (typeof ratings)[number];
export const ragRatings = ['green', 'amber', 'red'] as const;
export type RagRating = (typeof ragRatings)[number];

export const ratingNames: Readonly<Record<Rating, string>> = {
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
  not_applicable: 'N/A',
};

/** The Boards' definitions, word for word from seed 000 (report to Cabinet, paragraph 18). */
export const ratingDefinitions: Readonly<Record<Rating, string>> = {
  green: 'Fully met and evidenced – Best Practice',
  amber:
    'The standard/compliance point is not met but work has begun or work is underway but has experienced delays in completion',
  red: 'The standard/compliance point is not met, work is not underway and there are issues with commencing work',
  not_applicable: 'Neither a commissioner of services nor a commissioned service, so the standard does not apply',
};

/** The ratings a standard offers: N/A only where the template allows it (commissioning, section 3). */
export function allowedRatings(allowsNotApplicable: boolean): readonly Rating[] {
  return allowsNotApplicable ? ratings : ragRatings;
}

export function isAllowedRating(value: string, allowsNotApplicable: boolean): value is Rating {
  return (allowedRatings(allowsNotApplicable) as readonly string[]).includes(value);
}

export const progressStates = ['not_started', 'in_progress', 'completed'] as const;
export type Progress = (typeof progressStates)[number];
export const progressNames: Readonly<Record<Progress, string>> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
};

/**
 * Where a standard stands after a save: completed only when the coordinator says so and it has a
 * response, evidence and a rating; not started while nothing is written; otherwise in progress.
 */
export function progressAfterSave(answer: {
  response: string | null;
  evidence: string | null;
  rating: string | null;
  markedComplete: boolean;
}): Progress {
  const written = [answer.response, answer.evidence].some((text) => (text ?? '').trim() !== '');
  if (!written && answer.rating === null) return 'not_started';
  if (answer.markedComplete && isComplete(answer)) return 'completed';
  return 'in_progress';
}

/** What a standard still needs before it can be marked completed; empty when it needs nothing. */
export function missingForCompletion(answer: {
  response: string | null;
  evidence: string | null;
  rating: string | null;
}): Array<'response' | 'evidence' | 'rating'> {
  const missing: Array<'response' | 'evidence' | 'rating'> = [];
  if ((answer.response ?? '').trim() === '') missing.push('response');
  if ((answer.evidence ?? '').trim() === '') missing.push('evidence');
  if (answer.rating === null) missing.push('rating');
  return missing;
}

function isComplete(answer: { response: string | null; evidence: string | null; rating: string | null }) {
  return missingForCompletion(answer).length === 0;
}

export type RatingCounts = Record<Rating | 'not_recorded', number>;

/** Counts of each rating, "not recorded" for a blank (never guessed). */
export function countRatings(answers: ReadonlyArray<{ rating: string | null }>): RatingCounts {
  const counts: RatingCounts = { green: 0, amber: 0, red: 0, not_applicable: 0, not_recorded: 0 };
  for (const answer of answers) {
    const key = answer.rating && (ratings as readonly string[]).includes(answer.rating) ? answer.rating : null;
    counts[(key as Rating | null) ?? 'not_recorded'] += 1;
  }
  return counts;
}

/** The year after '2024-25' is '2025-26'; null for a label not in that shape. */
export function nextYearLabel(label: string): string | null {
  const match = /^(\d{4})-(\d{2})$/.exec(label);
  if (!match) return null;
  const start = Number(match[1]) + 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Whether a label is a year as the Boards write it: '2024-25', the second year following the first. */
export function isYearLabel(label: string): boolean {
  const match = /^(\d{4})-(\d{2})$/.exec(label);
  return Boolean(match) && (Number(match![1]) + 1) % 100 === Number(match![2]);
}
