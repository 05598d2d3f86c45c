// Policy 14.4 and procedures 11: an allegation against someone who works or volunteers for the
// council, or a councillor (a colleague included), goes only to the Head of Business Improvement
// and the DSLs. Such a concern is restricted from the moment it arrives.

export const positionOfTrustLabels: Record<string, string> = {
  council: 'Yes – someone who works or volunteers for the council, or a councillor',
  yes: 'Yes – a professional or someone in a position of trust elsewhere',
  no: 'No',
};

/** The restriction columns for a new concern, from the reporter's answer about who it concerns. */
export function restrictionOnArrival(positionOfTrust: string) {
  if (positionOfTrust !== 'council') return { restricted: 0, restriction_kind: null, restriction_reason: null };
  return {
    restricted: 1,
    restriction_kind: 'allegation',
    restriction_reason: 'About someone who works or volunteers for the council, or a councillor (procedures 11)',
  };
}
