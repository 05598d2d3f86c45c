import { childUrgentSigns } from '../../domain/referral-route-advice.ts';
import {
  adultNeedsQuestions,
  childUrgentSignText,
  consentOptions,
  optionItems,
  urgencyOptions,
  yesNoNotSureText,
  yesNoUnknownText,
} from '../../concerns/answer-labels.ts';
import { categoriesFor, hasPersonAtRisk, referralMade } from './concern-flow.ts';
import { type QuestionPage, fold } from './question-page.ts';
import {
  adultNeedsAnswers,
  categoryAnswers,
  childUrgentAnswers,
  consentFormAnswers,
  contextAnswers,
  onBehalfAnswers,
  onBehalfWhoAnswers,
  positionOfTrustAnswers,
  serviceAreaAnswers,
  urgencyAnswers,
  whatHappenedAnswers,
  whyAtRiskAnswers,
} from './record-concern.schema.ts';
import { routesTakenPage } from './routes-taken-page.ts';
import { suggestedRoutes } from './suggested-routes.ts';

const splitDate = (isoDate: string | undefined) => {
  const [year = '', month = '', day = ''] = isoDate?.split('-') ?? [];
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
};

const pages: QuestionPage[] = [
  {
    slug: 'what-happened',
    title: 'What happened?',
    formValues: (draft) => {
      const date = splitDate(draft.whatHappened?.happenedOn);
      return {
        description: draft.whatHappened?.description ?? '',
        location: draft.whatHappened?.location ?? '',
        'happenedOn-day': date.day,
        'happenedOn-month': date.month,
        'happenedOn-year': date.year,
      };
    },
    apply: (draft, body) => fold(whatHappenedAnswers.safeParse(body), (whatHappened) => ({ ...draft, whatHappened })),
  },
  {
    slug: 'why-at-risk',
    title: 'Why do you think they are at risk?',
    formValues: (draft) => ({ whyAtRisk: draft.whyAtRisk ?? '' }),
    apply: (draft, body) => fold(whyAtRiskAnswers.safeParse(body), ({ whyAtRisk }) => ({ ...draft, whyAtRisk })),
  },
  {
    slug: 'context',
    title: 'Why were you in contact with them?',
    formValues: (draft) => ({ ...draft.context }),
    apply: (draft, body) => fold(contextAnswers.safeParse(body), (context) => ({ ...draft, context })),
    view: (values) => ({
      councilTenantItems: optionItems(yesNoUnknownText, values.councilTenant),
      knownItems: optionItems(yesNoUnknownText, values.knownToOtherDepartments),
    }),
  },
  {
    slug: 'categories',
    title: 'What kind of harm are you worried about?',
    formValues: (draft) => ({ categoryIds: draft.categoryIds ?? [] }),
    apply: (draft, body, context) => {
      const known = categoriesFor(draft, context).map((c) => c.id);
      return fold(categoryAnswers(known).safeParse(body), ({ categoryIds }) => ({ ...draft, categoryIds }));
    },
    view: (values, draft, context) => ({
      categoryItems: optionItems(
        Object.fromEntries(categoriesFor(draft, context).map((c) => [c.id, c.name])),
        values.categoryIds,
      ),
    }),
  },
  {
    slug: 'urgency',
    title: 'How urgent is it?',
    formValues: (draft) => ({ urgency: draft.urgency }),
    apply: (draft, body) => fold(urgencyAnswers.safeParse(body), ({ urgency }) => ({ ...draft, urgency })),
    view: (values) => ({ urgencyItems: optionItems(urgencyOptions, values.urgency) }),
  },
  {
    slug: 'adult-needs',
    title: 'About the adult at risk',
    formValues: (draft) => ({ ...draft.adultNeeds }),
    apply: (draft, body) => fold(adultNeedsAnswers.safeParse(body), (adultNeeds) => ({ ...draft, adultNeeds })),
    view: (values) => ({
      questions: Object.entries(adultNeedsQuestions).map(([name, question]) => ({
        name,
        ...question,
        items: optionItems(yesNoNotSureText, values[name]),
      })),
    }),
  },
  {
    slug: 'child-urgent',
    title: 'Is any of these true for the child?',
    formValues: (draft) => ({
      childUrgentSigns: draft.childUrgentSigns?.length === 0 ? ['none'] : (draft.childUrgentSigns ?? []),
    }),
    apply: (draft, body) =>
      fold(childUrgentAnswers.safeParse(body), ({ childUrgentSigns }) => ({ ...draft, childUrgentSigns })),
    view: (values) => ({
      signItems: optionItems(
        Object.fromEntries(childUrgentSigns.map((sign) => [sign, childUrgentSignText[sign]])),
        values.childUrgentSigns,
      ),
      noneChecked: ([values.childUrgentSigns].flat() as unknown[]).includes('none'),
    }),
  },
  {
    slug: 'position-of-trust',
    title: 'Is your concern about someone who works for the council, or another professional?',
    formValues: (draft) => ({ positionOfTrust: draft.positionOfTrust }),
    apply: (draft, body) =>
      fold(positionOfTrustAnswers.safeParse(body), ({ positionOfTrust }) => ({ ...draft, positionOfTrust })),
  },
  {
    slug: 'advice',
    title: 'Who could help',
    formValues: () => ({}),
    apply: (draft) => ({ ok: true, draft }),
    view: (_values, draft, context) => ({ suggestions: suggestedRoutes(draft, context) }),
  },
  routesTakenPage,
  {
    slug: 'consent',
    title: 'Do they agree to a referral?',
    formValues: (draft) => ({ consent: draft.consent?.answer, consentReason: draft.consent?.reason ?? '' }),
    apply: (draft, body) =>
      fold(consentFormAnswers(referralMade(draft)).safeParse(body), (consent) => ({ ...draft, consent })),
    view: (values, draft) => ({
      consentItems: optionItems(consentOptions, values.consent),
      referralMade: referralMade(draft),
      aboutChild: hasPersonAtRisk(draft, 'child'),
    }),
  },
  {
    slug: 'on-behalf',
    title: 'Are you recording this for someone else?',
    formValues: (draft) => ({ onBehalf: draft.onBehalfOf === undefined ? undefined : draft.onBehalfOf ? 'yes' : 'no' }),
    apply: (draft, body) =>
      fold(onBehalfAnswers.safeParse(body), ({ onBehalf }) => ({
        ...draft,
        // "Yes" keeps any name and role already given; the next page asks for them.
        onBehalfOf: onBehalf === 'no' ? null : (draft.onBehalfOf ?? { name: '', role: '' }),
      })),
  },
  {
    slug: 'on-behalf-who',
    title: 'Who are you recording this for?',
    formValues: (draft) => ({ onBehalfName: draft.onBehalfOf?.name ?? '', onBehalfRole: draft.onBehalfOf?.role ?? '' }),
    apply: (draft, body) =>
      fold(onBehalfWhoAnswers.safeParse(body), ({ onBehalfName, onBehalfRole }) => ({
        ...draft,
        onBehalfOf: { name: onBehalfName, role: onBehalfRole },
      })),
  },
  {
    slug: 'service-area',
    title: 'Which service area do you work in?',
    formValues: (draft, context) => ({ serviceAreaId: draft.serviceAreaId ?? context.reporterServiceAreaId }),
    apply: (draft, body, context) => {
      const known = context.serviceAreas.map((s) => s.id);
      return fold(serviceAreaAnswers(known).safeParse(body), ({ serviceAreaId }) => ({ ...draft, serviceAreaId }));
    },
    view: (values, _draft, context) => ({
      serviceAreaItems: optionItems(
        Object.fromEntries(context.serviceAreas.map((area) => [area.id, area.name])),
        values.serviceAreaId,
      ),
    }),
  },
];

export const questionPages = pages;
