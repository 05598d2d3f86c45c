import { boardSections } from '../domain/self-assessment-sections.ts';

// The self-assessment's areas, as the Boards' return and the action plan name them (seed 000,
// appendix 2; seed 001). The action plan's "Standard" column is one of these.
export const standardAreas: readonly string[] = Object.values(boardSections);

/** Where a standard of a self-assessment is shown (the self-assessment pages own this address). */
export function selfAssessmentStandardPath(assessmentId: string, standardId: string): string {
  return `/self-assessment/${encodeURIComponent(assessmentId)}/standards/${encodeURIComponent(standardId)}`;
}
