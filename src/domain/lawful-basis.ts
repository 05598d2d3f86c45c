// The lawful bases a council relies on when it shares safeguarding information (procedures 4.5,
// the seven golden rules). Recorded with every disclosure so the council can show why it shared.
export const lawfulBases = {
  consent: 'Consent of the person (UK GDPR Article 6(1)(a))',
  safeguarding: 'Safeguarding children and individuals at risk (Data Protection Act 2018, Schedule 8, paragraph 4)',
  'vital-interests': 'Vital interests: a risk to someone’s life (UK GDPR Article 6(1)(d))',
  'public-task': 'Public task or statutory duty (UK GDPR Article 6(1)(e))',
  'legal-obligation': 'Legal obligation, for example the Duty to Notify (UK GDPR Article 6(1)(c))',
  'crime-prevention': 'Prevention or detection of crime (Data Protection Act 2018, Schedule 2, paragraph 2)',
} as const;

export type LawfulBasis = keyof typeof lawfulBases;
export const lawfulBasisCodes = Object.keys(lawfulBases) as LawfulBasis[];
