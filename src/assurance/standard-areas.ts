// The self-assessment's areas, as the Boards' return and the action plan name them (seed 000,
// appendix 2; seed 001). The action plan's "Standard" column is one of these.
export const standardAreas = [
  'Leadership, Strategy and Working Together',
  'Service Delivery, Development & Effective Practice',
  'Commissioning Arrangements',
  'Safer Recruitment, Staff Development & Effective Learning',
  "People's Experiences of Safeguarding",
  'Reflecting on Past and Future Challenges',
] as const;

/** Where a standard of a self-assessment is shown (the self-assessment pages own this address). */
export function selfAssessmentStandardPath(assessmentId: string, standardNumber: string): string {
  return `/self-assessment/${encodeURIComponent(assessmentId)}/standards/${encodeURIComponent(standardNumber)}`;
}
