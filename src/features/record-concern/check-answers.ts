import { positionOfTrustLabels } from '../../domain/restricted-concern.ts';
import { formatDate } from '../../web/views.ts';
import {
  adultNeedsQuestions,
  childUrgentSignText,
  consentOptions,
  routeStatusText,
  urgencyOptions,
  yesNoNotSureText,
  yesNoUnknownText,
} from '../../concerns/answer-labels.ts';
import type { StepContext } from './concern-flow.ts';
import { draftPath } from './draft-request.ts';
import type { CompleteConcern } from '../../concerns/draft.schema.ts';
import { personCards } from '../../concerns/people-summary.ts';
import { suggestedRoutes } from './suggested-routes.ts';
import { listValue } from '../../concerns/answer-labels.ts';

// Every answer on check answers, each with a link to change it (GOV.UK "check answers").
// Conditional answers appear only when their page was asked (completeConcern drops the rest).

type Value = { text: string } | { html: string };
type Row = { key: { text: string }; value: Value; actions?: unknown };
type RowMaker = (key: string, value: Value | string, slug: string, hidden?: string, action?: string) => Row;

const nameOf = (list: ReadonlyArray<{ id: string; name: string }>, id: string) =>
  list.find((item) => item.id === id)?.name ?? '';

export function checkAnswerSections(draftId: string, concern: CompleteConcern, context: StepContext) {
  const row: RowMaker = (key, value, slug, hidden = key.toLowerCase(), action = 'Change') => ({
    key: { text: key },
    value: typeof value === 'string' ? { text: value } : value,
    actions: {
      items: [{ href: `${draftPath(draftId, slug)}?change=1`, text: action, visuallyHiddenText: hidden }],
    },
  });
  return {
    peopleCards: personCards(concern.people, draftPath(draftId, 'people'), '?change=1'),
    peopleHref: `${draftPath(draftId, 'people')}?change=1`,
    sections: [
      { heading: 'What happened', rows: whatHappenedRows(concern, context, row) },
      {
        heading: 'Context',
        rows: [
          row('Why you were in contact', concern.context.visitPurpose, 'context'),
          row(
            'Council tenant',
            yesNoUnknownText[concern.context.councilTenant],
            'context',
            'whether they are a council tenant',
          ),
          row('Known to other departments', yesNoUnknownText[concern.context.knownToOtherDepartments], 'context'),
        ],
      },
      { heading: 'Urgency and what you have done', rows: decisionRows(concern, context, row) },
      { heading: 'About you', rows: aboutYouRows(concern, context, row) },
    ],
  };
}

function whatHappenedRows(
  { whatHappened, whyAtRisk, categoryIds }: CompleteConcern,
  context: StepContext,
  row: RowMaker,
) {
  return [
    row('What happened', whatHappened.description, 'what-happened'),
    row('When', formatDate(whatHappened.happenedOn), 'what-happened', 'when it happened'),
    row('Where', whatHappened.location, 'what-happened', 'where it happened'),
    row('Why they are at risk', whyAtRisk, 'why-at-risk'),
    row('Kind of harm', listValue(categoryIds.map((id) => nameOf(context.categories, id))), 'categories'),
  ];
}

function decisionRows(concern: CompleteConcern, context: StepContext, row: RowMaker) {
  const { adultNeeds, childUrgentSigns, consent } = concern;
  const suggested = suggestedRoutes(concern, context).map((s) => s.name);
  const routes = concern.routesTaken.map(
    (r) => `${nameOf(context.agencies, r.agencyId)}: ${routeStatusText[r.status]}`,
  );
  const needs = Object.keys(adultNeedsQuestions) as Array<keyof typeof adultNeedsQuestions>;
  const signs = (childUrgentSigns ?? []).map((sign) => childUrgentSignText[sign]);
  return [
    row('How urgent', urgencyOptions[concern.urgency].text, 'urgency'),
    ...(adultNeeds
      ? needs.map((name) =>
          row(
            adultNeedsQuestions[name].text,
            yesNoNotSureText[adultNeeds[name]],
            'adult-needs',
            adultNeedsQuestions[name].text,
          ),
        )
      : []),
    ...(childUrgentSigns
      ? [row('Urgent situations for the child', listValue(signs.length ? signs : ['None of these']), 'child-urgent')]
      : []),
    row(
      'About a professional or person in a position of trust',
      positionOfTrustLabels[concern.positionOfTrust] ?? 'No',
      'position-of-trust',
    ),
    row(
      'Haven suggested',
      listValue(suggested.length ? suggested : ['No particular route']),
      'advice',
      'advice',
      'View',
    ),
    row(
      'Who you contacted or will contact',
      listValue(routes.length ? routes : ['None yet: left to the Designated Safeguarding Officer']),
      'routes-taken',
    ),
    row('Agreement to a referral', consentOptions[consent.answer].text, 'consent'),
    ...(consent.reason ? [row('Why you are referring without agreement', consent.reason, 'consent')] : []),
  ];
}

function aboutYouRows({ onBehalfOf, serviceAreaId }: CompleteConcern, context: StepContext, row: RowMaker) {
  return [
    // undefined: not a line manager, so not asked; null: recording their own concern.
    ...(onBehalfOf === undefined
      ? []
      : [row('Recording for', onBehalfOf ? 'Someone else' : 'Yourself', 'on-behalf', 'who you are recording for')]),
    ...(onBehalfOf ? [row('Their name and role', `${onBehalfOf.name} (${onBehalfOf.role})`, 'on-behalf-who')] : []),
    row('Service area', nameOf(context.serviceAreas, serviceAreaId), 'service-area'),
  ];
}
