// Decision support for the referral route: what the council's procedures point to for these
// answers, and why. Haven suggests; the reporter decides (procedures 6.4–6.7). Each route is an
// agency code, so the council's own phone numbers and hours come from its agencies table.

export const urgencies = ['today', 'days', 'not_urgent'] as const;
export type Urgency = (typeof urgencies)[number];

export const yesNoNotSure = ['yes', 'no', 'not_sure'] as const;
export type YesNoNotSure = (typeof yesNoNotSure)[number];

/** The three Section 42 enquiry criteria of the Care Act 2014 (procedures 7.4). */
export type AdultNeeds = Readonly<{
  careAndSupportNeeds: YesNoNotSure;
  abuseOrNeglect: YesNoNotSure;
  unableToProtect: YesNoNotSure;
}>;

/** The urgent child concerns procedures 9.13 tells staff to call MASH about at once. */
export const childUrgentSigns = ['abuse', 'severe_neglect', 'unsafe_home', 'frightened', 'abandoned'] as const;
export type ChildUrgentSign = (typeof childUrgentSigns)[number];

export const routeCodes = [
  'police',
  'lado',
  'mash',
  'adult-social-care',
  'adult-triage',
  'care-needs-assessment',
  'marm',
  'lcss',
  'early-help',
  'prevent',
  'anti-slavery-coordinator',
  'nrm',
  'duty-to-notify',
] as const;
export type RouteCode = (typeof routeCodes)[number];

export type RouteAdviceFacts = Readonly<{
  /** Age groups of the people at risk (never of the alleged source of harm or witnesses). */
  childAtRisk: boolean;
  adultAtRisk: boolean;
  urgency: Urgency;
  /** Stable codes of the chosen categories, e.g. "radicalisation"; names are the council's to change. */
  categoryCodes: readonly string[];
  adultNeeds: AdultNeeds | null;
  childUrgentSigns: readonly ChildUrgentSign[];
  positionOfTrust: boolean;
}>;

export type RouteSuggestion = { route: RouteCode; reasons: string[] };

type Suggest = (route: RouteCode, reason: string) => void;

/** The routes the procedures suggest for these facts, most urgent first, each with its reasons. */
export function adviseReferralRoutes(facts: RouteAdviceFacts): RouteSuggestion[] {
  const found = new Map<RouteCode, string[]>();
  const suggest: Suggest = (route, reason) => found.set(route, [...(found.get(route) ?? []), reason]);
  if (facts.urgency === 'today') {
    suggest(
      'police',
      'Someone is at risk of harm today. If anyone is in immediate danger, or a crime is happening or has just happened, call 999 (procedures 5).',
    );
  }
  if (facts.positionOfTrust) {
    suggest(
      'lado',
      'The concern is about a professional or someone in a position of trust. Speak to a Designated Safeguarding Lead today: they contact the LADO (procedures 9.29, 11.2).',
    );
  }
  if (facts.childAtRisk) adviseForChild(facts, suggest);
  if (facts.adultAtRisk && facts.adultNeeds) adviseForAdult(facts, facts.adultNeeds, suggest);
  adviseForTopics(facts, suggest);
  return routeCodes.filter((route) => found.has(route)).map((route) => ({ route, reasons: found.get(route)! }));
}

/** Met only when all three criteria are met; any "no" means not met, whatever else is unsure. */
export function section42Status(needs: AdultNeeds): 'met' | 'not-met' | 'unsure' {
  const answers = [needs.careAndSupportNeeds, needs.abuseOrNeglect, needs.unableToProtect];
  if (answers.includes('no')) return 'not-met';
  return answers.includes('not_sure') ? 'unsure' : 'met';
}

function adviseForAdult(facts: RouteAdviceFacts, needs: AdultNeeds, suggest: Suggest) {
  const status = section42Status(needs);
  if (status === 'met') {
    suggest(
      'adult-social-care',
      'All three Section 42 criteria seem to be met: make a safeguarding referral to Adult Social and Health Care (procedures 7.4–7.6).',
    );
    if (facts.urgency !== 'not_urgent') {
      suggest('adult-social-care', 'It is urgent: phone them rather than use the online form (procedures 7.13).');
    }
  }
  if (status === 'unsure') {
    suggest(
      'adult-triage',
      'You are not sure whether the Section 42 criteria are met: ask the Adult Safeguarding Triage Team for a consultation (procedures 7.2).',
    );
  }
  if (needs.careAndSupportNeeds === 'yes' && needs.abuseOrNeglect === 'no') {
    suggest(
      'care-needs-assessment',
      'They seem to need care and support, but not because of abuse or neglect: request a care needs assessment (procedures 7.15).',
    );
  }
  if (status === 'not-met' && facts.urgency !== 'not_urgent') adviseMarm(facts, suggest);
}

const marmTopics = ['hoarding', 'self-neglect', 'homelessness'];

function adviseMarm(facts: RouteAdviceFacts, suggest: Suggest) {
  suggest(
    'marm',
    'The Section 42 criteria are not all met, but the risk is high: once you have tried to reduce the risk, consider a MARM referral (procedures 7.22).',
  );
  if (facts.categoryCodes.some((code) => marmTopics.includes(code))) {
    suggest(
      'marm',
      'MARM is particularly helpful for people who hoard, self-neglect or are homeless (procedures 7.22).',
    );
  }
}

function adviseForChild(facts: RouteAdviceFacts, suggest: Suggest) {
  if (facts.childUrgentSigns.length > 0) {
    suggest(
      'mash',
      'A child is in one of the urgent situations the procedures list: call MASH immediately (procedures 9.12–9.13).',
    );
  }
  if (facts.urgency === 'today') {
    suggest(
      'mash',
      'A child is at risk of harm today: that is an urgent safeguarding concern for MASH (procedures 9.12).',
    );
  }
  if (facts.categoryCodes.includes('child-sexual-exploitation')) {
    suggest('mash', 'Concerns about child sexual exploitation go to MASH (procedures 9.22).');
  }
  if (facts.childUrgentSigns.length > 0 || facts.urgency === 'today') return;
  if (facts.categoryCodes.includes('child-sexual-exploitation')) return;
  suggest(
    'lcss',
    'For an emerging concern about a child that does not need an immediate response, contact LCSS. A No Names Consultation gets advice without naming the family (procedures 9.9–9.10).',
  );
  if (facts.urgency === 'not_urgent') {
    suggest(
      'early-help',
      'If the child and family would benefit from support, an Early Help Strengths and Needs form can be completed (procedures 9.1–9.7).',
    );
  }
}

const exploitationTopics = [
  'modern-slavery',
  'cuckooing',
  'sexual-exploitation',
  'child-sexual-exploitation',
  'child-criminal-exploitation',
];

function adviseForTopics(facts: RouteAdviceFacts, suggest: Suggest) {
  const has = (code: string) => facts.categoryCodes.includes(code);
  if (has('radicalisation')) {
    suggest('prevent', 'Being drawn into extremism is a safeguarding concern: tell Prevent (procedures 8, 9.23).');
    if (facts.adultAtRisk) {
      suggest(
        'adult-social-care',
        'For an adult at risk of radicalisation, refer to Social and Health Care (procedures 8.5).',
      );
    }
  }
  if (facts.categoryCodes.some((code) => exploitationTopics.includes(code))) {
    suggest(
      'anti-slavery-coordinator',
      'The council’s Anti-Slavery Coordinator handles modern slavery and exploitation, including NRM referrals and Duty to Notify (procedures 10.2).',
    );
  }
  if (!has('modern-slavery')) return;
  if (facts.childAtRisk) {
    suggest(
      'nrm',
      'A child who may be a victim of modern slavery is referred to the NRM; a child’s referral needs no consent.',
    );
  }
  if (facts.adultAtRisk) {
    suggest(
      'nrm',
      'An adult who may be a victim of modern slavery can be referred to the NRM if they agree (procedures 10).',
    );
    suggest(
      'duty-to-notify',
      'If the adult does not agree to an NRM referral, the council still notifies the Home Office, without their name (procedures 10).',
    );
  }
}
