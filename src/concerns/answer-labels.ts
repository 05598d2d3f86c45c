import type { ChildUrgentSign, Urgency, YesNoNotSure } from '../domain/referral-route-advice.ts';
import type { PersonAge, RoleInConcern } from './draft.schema.ts';

// The words the question pages, check answers and the concern page use for each answer, in
// one place so a reporter reads back exactly what they chose.

type Option = { text: string; hint?: string };

export const roleInConcernOptions: Record<RoleInConcern, Option> = {
  person_at_risk: { text: 'Person at risk', hint: 'You are worried they are being harmed, or could be' },
  alleged_source_of_harm: { text: 'Alleged source of harm', hint: 'They may be causing the harm' },
  witness: { text: 'Witness', hint: 'They saw, heard or were told something' },
  household_member: { text: 'Other household member', hint: 'They live in the same home' },
};

export const ageGroupText = { child: 'Child (under 18)', adult: 'Adult (18 or over)' } as const;

export const yesNoUnknownText = { yes: 'Yes', no: 'No', unknown: 'I do not know' } as const;

export const yesNoNotSureText: Record<YesNoNotSure, string> = { yes: 'Yes', no: 'No', not_sure: 'Not sure' };

export const urgencyOptions: Record<Urgency, Option> = {
  today: { text: 'Someone is at risk of harm today', hint: 'For example, it is not safe for them to go home tonight' },
  days: { text: 'Someone could be harmed in the next few days' },
  not_urgent: { text: 'It is not urgent, but I am worried', hint: 'For example, things have been getting worse' },
};

/** The Section 42 questions (procedures 7.4), worded for someone without the Care Act to hand. */
export const adultNeedsQuestions = {
  careAndSupportNeeds: {
    text: 'Do they have, or seem to have, needs for care and support?',
    hint: 'For example, because of illness, disability, frailty, mental health, or drug or alcohol use.',
  },
  abuseOrNeglect: {
    text: 'Are they experiencing abuse or neglect, or at risk of it?',
    hint: 'This includes neglecting themselves.',
  },
  unableToProtect: {
    text: 'Because of those needs, are they unable to protect themselves?',
    hint: 'From the abuse or neglect, or the risk of it.',
  },
} as const;

/** The urgent situations of procedures 9.13, in plain words. */
export const childUrgentSignText: Record<ChildUrgentSign, string> = {
  abuse: 'They have been sexually or physically abused, or someone says they have',
  severe_neglect: 'They are severely neglected, or their health is at serious risk',
  unsafe_home: 'They live in, or will be sent back to, a place where they are at immediate risk',
  frightened: 'They are frightened to go home',
  abandoned: 'They have been abandoned, or their parent or carer is absent',
};

export const consentOptions = {
  yes: { text: 'Yes, they know about my concern and agree to a referral' },
  no: { text: 'No, they do not agree' },
  not_asked: { text: 'I have not asked them', hint: 'For example, because asking would put someone at more risk' },
} as const;

export const routeStatusText = { done: 'Contacted', planned: 'Will contact' } as const;

/** "3 March 2001 (age 25)", "About 45", or "Not known". */
export function describeAge(age: PersonAge, formatDate: (isoDate: string) => string): string {
  if (age.kind === 'date_of_birth') return `Born ${formatDate(age.dateOfBirth)}`;
  if (age.kind === 'approximate') return `About ${age.years}`;
  return 'Not known';
}

/** Radio or checkbox items for a govuk-frontend macro, with the chosen value checked. */
export function optionItems(options: Record<string, Option | string>, chosen: unknown) {
  const picked = Array.isArray(chosen) ? chosen : [chosen];
  return Object.entries(options).map(([value, option]) => {
    const { text, hint } = typeof option === 'string' ? { text: option, hint: undefined } : option;
    return { value, text, ...(hint ? { hint: { text: hint } } : {}), checked: picked.includes(value) };
  });
}

type Value = { text: string } | { html: string };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Several answers as a plain GOV.UK list; one answer as text. */
export const listValue = (items: readonly string[]): Value =>
  items.length === 1
    ? { text: items[0]! }
    : { html: `<ul class="govuk-list">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` };

/** A role on a concern in the recording pages' words. */
export const roleText = (role: string) => roleInConcernOptions[role as RoleInConcern]?.text ?? role;
