// The commitment statements the Safeguarding Boards ask every district to make and RAG-rate
// through the year (seed 001, standards 1.1–1.2: Neglect, Homeless Mortality Reviews, MARM).
// The seed names them but does not quote them; these summaries are Haven's wording.
export const commitments = [
  {
    key: 'neglect',
    title: 'Neglect',
    statement:
      'We will recognise and respond to neglect using the Oxfordshire Neglect Strategy and its tools, and report our progress to the Neglect Strategy group.',
  },
  {
    key: 'homeless-mortality-reviews',
    title: 'Homeless Mortality Reviews',
    statement:
      'We will take part in Homeless Mortality Reviews and deliver the action plan that follows from them, with our partners across Oxfordshire.',
  },
  {
    key: 'marm',
    title: 'Multi-Agency Risk Management (MARM)',
    statement:
      'We will use the Multi-Agency Risk Management framework for adults at risk who decline support, and make sure staff know when and how to call a MARM meeting.',
  },
] as const;
export type CommitmentKey = (typeof commitments)[number]['key'];
