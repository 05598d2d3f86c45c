import { positionOfTrustLabels } from '../../domain/restricted-concern.ts';
import { type Actor, canAddInformation } from '../../domain/access-policy.ts';
import {
  adultNeedsQuestions,
  childUrgentSignText,
  consentOptions,
  routeStatusText,
  urgencyOptions,
  yesNoNotSureText,
  yesNoUnknownText,
} from '../../concerns/answer-labels.ts';
import { listValue } from '../../concerns/answer-labels.ts';
import type { DraftPerson } from '../../concerns/draft.schema.ts';
import { personRows, personTitle } from '../../concerns/people-summary.ts';
import type { RecordedAnswers } from './recorded-answers.queries.ts';

// The reporter's answers on the concern page, in the words the question pages used. Concerns
// recorded before a question existed have no answer to it, so its row is left out.

type Value = { text: string } | { html: string };
type Row = { key: { text: string }; value: Value };

const label = (labels: Record<string, string | { text: string }>, value: string | null) => {
  if (value === null) return null;
  const found = labels[value];
  return typeof found === 'string' ? found : (found?.text ?? value);
};

function asDraftPerson(person: RecordedAnswers['people'][number], index: number): DraftPerson {
  const age: DraftPerson['age'] = person.dateOfBirth
    ? { kind: 'date_of_birth', dateOfBirth: person.dateOfBirth }
    : person.approximateAge !== null
      ? { kind: 'approximate', years: Number(person.approximateAge) }
      : { kind: 'unknown' };
  return {
    id: String(index),
    role: person.role as DraftPerson['role'],
    name: person.name,
    ageGroup: person.ageGroup as DraftPerson['ageGroup'],
    age,
    address: person.address,
  };
}

export function describeRecordedAnswers(actor: Actor, concernId: string, recorded: RecordedAnswers) {
  return {
    peopleCards: recorded.people.map((person, i) => {
      const draftPerson = asDraftPerson(person, i);
      return { card: { title: { text: personTitle(draftPerson) } }, rows: personRows(draftPerson) };
    }),
    rows: answerRows(recorded),
    addInformationHref: canAddInformation(actor, recorded.concern) ? `/concerns/${concernId}/add-information` : null,
  };
}

const row = (key: string, value: string | Value | null): Row[] =>
  value === null ? [] : [{ key: { text: key }, value: typeof value === 'string' ? { text: value } : value }];

function answerRows({ concern, people, routes, signs }: RecordedAnswers): Row[] {
  const childAtRisk = people.some((p) => p.role === 'person_at_risk' && p.ageGroup === 'child');
  // Consent was asked with the routes taken, so a concern without it predates both questions.
  const routesAsked = concern.consent !== null;
  const routeLines = routes.map((r) => `${r.name}: ${label(routeStatusText, r.status)}`);
  const needs = ['careAndSupportNeeds', 'abuseOrNeglect', 'unableToProtect'] as const;
  return [
    ...row('Why they are at risk', concern.whyAtRisk),
    ...row('Why the reporter was in contact', concern.visitPurpose),
    ...row('Council tenant', label(yesNoUnknownText, concern.councilTenant)),
    ...row('Known to other departments', label(yesNoUnknownText, concern.knownToOtherDepartments)),
    ...row('How urgent', label(urgencyOptions, concern.urgency)),
    ...needs.flatMap((name) => row(adultNeedsQuestions[name].text, label(yesNoNotSureText, concern[name]))),
    ...row(
      'Urgent situations for the child',
      childAtRisk && routesAsked
        ? listValue(signs.length ? signs.map((sign) => label(childUrgentSignText, sign)!) : ['None of these'])
        : null,
    ),
    ...row(
      'About a professional or person in a position of trust',
      label(positionOfTrustLabels, concern.positionOfTrust),
    ),
    ...row(
      'Who the reporter contacted or will contact',
      routesAsked
        ? listValue(routeLines.length ? routeLines : ['None yet: left to the Designated Safeguarding Officer'])
        : null,
    ),
    ...row('Agreement to a referral', label(consentOptions, concern.consent)),
    ...row('Why referred without agreement', concern.consentReason),
    ...row(
      'Recorded on behalf of',
      concern.onBehalfOfName ? `${concern.onBehalfOfName} (${concern.onBehalfOfRole ?? ''})` : null,
    ),
  ];
}
