import type { Rating } from './self-assessment-rating.ts';

// The sections of the Safeguarding Boards' joint self-assessment (seed 001; appendix 2 of seed 000),
// by the number that starts each standard's number ('3.1' is in section 3).
export const boardSections: Readonly<Record<number, string>> = {
  1: 'Leadership, Strategy and Working Together',
  2: 'Service Delivery, Development & Effective Practice',
  3: 'Commissioning Arrangements',
  4: 'Safer Recruitment, Staff Development & Effective Learning',
  5: "People's Experiences of Safeguarding",
  6: 'Reflecting on Past and Future Challenges',
};

/** The section a standard number belongs to; a number the Boards have not used gets a plain name. */
export function sectionOf(standardNumber: string): { number: number; title: string } {
  const number = Number(standardNumber.split('.')[0]);
  return { number, title: boardSections[number] ?? `Section ${number}` };
}

/** Commissioning standards may be rated N/A by an organisation that neither commissions nor is commissioned (seed 001, 3.1). */
export function allowsNotApplicable(standardNumber: string): boolean {
  return sectionOf(standardNumber).number === 3;
}

const severity: Readonly<Record<Rating, number>> = { not_applicable: 0, green: 1, amber: 2, red: 3 };

/**
 * One rating for a section, as the report to Cabinet shows it: the lowest of its standards, so a
 * single Red is never hidden behind Greens. N/A counts only when every rated standard is N/A;
 * null when nothing in the section is rated.
 */
export function sectionRating(ratings: ReadonlyArray<Rating | null>): Rating | null {
  const rated = ratings.filter((rating): rating is Rating => rating !== null);
  if (rated.length === 0) return null;
  return rated.reduce((worst, rating) => (severity[rating] > severity[worst] ? rating : worst));
}
