import { formatDate } from '../../web/views.ts';
import {
  adultNeedsQuestions,
  childUrgentSignText,
  consentOptions,
  routeStatusText,
  urgencyOptions,
  yesNoNotSureText,
  yesNoUnknownText,
} from './answer-labels.ts';
import { type StepContext, isApplicable } from './concern-flow.ts';
import { draftPath } from './draft-request.ts';
import type { ConcernDraft } from './draft.schema.ts';
import { personCards } from './people-summary.ts';
import { suggestedRoutes } from './suggested-routes.ts';

// Every answer on check answers, each with a link to change it (GOV.UK "check answers").

type Value = { text: string } | { html: string };
type Row = { key: { text: string }; value: Value; actions?: unknown };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Several answers as a plain GOV.UK list; one answer as text. */
export const listValue = (items: readonly string[]): Value =>
  items.length === 1
    ? { text: items[0]! }
    : { html: `<ul class="govuk-list">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` };

export function checkAnswerSections(draftId: string, draft: ConcernDraft, context: StepContext) {
  const row = (key: string, value: Value | string, slug: string, hidden = key.toLowerCase()): Row => ({
    key: { text: key },
    value: typeof value === 'string' ? { text: value } : value,
    actions: {
      items: [{ href: `${draftPath(draftId, slug)}?change=1`, text: 'Change', visuallyHiddenText: hidden }],
    },
  });
  const nameOf = (list: Array<{ id: string; name: string }>, id: string) => list.find((i) => i.id === id)?.name ?? '';
  const { whatHappened, context: about, consent } = draft;
  const routes = (draft.routesTaken ?? []).map(
    (r) => `${nameOf(context.agencies, r.agencyId)}: ${routeStatusText[r.status]}`,
  );
  const suggested = suggestedRoutes(draft, context).map((s) => s.name);
  return {
    peopleCards: personCards(draft.people ?? [], draftPath(draftId, 'people'), '?change=1'),
    peopleHref: `${draftPath(draftId, 'people')}?change=1`,
    sections: [
      {
        heading: 'What happened',
        rows: [
          row('What happened', whatHappened!.description, 'what-happened'),
          row('When', formatDate(whatHappened!.happenedOn), 'what-happened', 'when it happened'),
          row('Where', whatHappened!.location, 'what-happened', 'where it happened'),
          row('Why they are at risk', draft.whyAtRisk!, 'why-at-risk'),
          row(
            'Kind of harm',
            listValue((draft.categoryIds ?? []).map((id) => nameOf(context.categories, id))),
            'categories',
          ),
        ],
      },
      {
        heading: 'Context',
        rows: [
          row('Why you were in contact', about!.visitPurpose, 'context'),
          row('Council tenant', yesNoUnknownText[about!.councilTenant], 'context', 'whether they are a council tenant'),
          row('Known to other departments', yesNoUnknownText[about!.knownToOtherDepartments], 'context'),
        ],
      },
      {
        heading: 'Urgency and what you have done',
        rows: [
          row('How urgent', urgencyOptions[draft.urgency!].text, 'urgency'),
          ...adultNeedsRows(draft, context, row),
          ...childSignRows(draft, context, row),
          row(
            'About a professional or person in a position of trust',
            draft.positionOfTrust === 'yes' ? 'Yes' : 'No',
            'position-of-trust',
          ),
          row(
            'Haven suggested',
            listValue(suggested.length ? suggested : ['No particular route']),
            'advice',
            'the advice',
          ),
          row(
            'Who you contacted or will contact',
            listValue(routes.length ? routes : ['None yet: left to the Designated Safeguarding Officer']),
            'routes-taken',
          ),
          row('Agreement to a referral', consentOptions[consent!.answer].text, 'consent'),
          ...(consent!.reason ? [row('Why you are referring without agreement', consent!.reason, 'consent')] : []),
        ],
      },
      { heading: 'About you', rows: aboutYouRows(draft, context, row, nameOf) },
    ],
  };
}

type RowMaker = (key: string, value: Value | string, slug: string, hidden?: string) => Row;

function adultNeedsRows(draft: ConcernDraft, context: StepContext, row: RowMaker) {
  if (!isApplicable('adult-needs', draft, context) || !draft.adultNeeds) return [];
  const needs = draft.adultNeeds;
  return (Object.keys(adultNeedsQuestions) as Array<keyof typeof adultNeedsQuestions>).map((name) =>
    row(adultNeedsQuestions[name].text, yesNoNotSureText[needs[name]], 'adult-needs', adultNeedsQuestions[name].text),
  );
}

function childSignRows(draft: ConcernDraft, context: StepContext, row: RowMaker) {
  if (!isApplicable('child-urgent', draft, context)) return [];
  const signs = (draft.childUrgentSigns ?? []).map((sign) => childUrgentSignText[sign]);
  return [row('Urgent situations for the child', listValue(signs.length ? signs : ['None of these']), 'child-urgent')];
}

function aboutYouRows(
  draft: ConcernDraft,
  context: StepContext,
  row: RowMaker,
  nameOf: (list: Array<{ id: string; name: string }>, id: string) => string,
) {
  const onBehalf = isApplicable('on-behalf', draft, context)
    ? [row('Recording for', draft.onBehalfOf ? 'Someone else' : 'Yourself', 'on-behalf', 'who you are recording for')]
    : [];
  const who = isApplicable('on-behalf-who', draft, context)
    ? [row('Their name and role', `${draft.onBehalfOf!.name} (${draft.onBehalfOf!.role})`, 'on-behalf-who')]
    : [];
  return [...onBehalf, ...who, row('Service area', nameOf(context.serviceAreas, draft.serviceAreaId!), 'service-area')];
}
