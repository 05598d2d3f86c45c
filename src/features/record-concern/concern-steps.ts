import type { z } from 'zod';
import {
  type ConcernDraft,
  categoryAnswers,
  personAnswers,
  serviceAreaAnswers,
  whatHappenedAnswers,
} from './record-concern.schema.ts';

export type StepChoices = {
  categories: Array<{ id: string; name: string; appliesTo: string }>;
  serviceAreas: Array<{ id: string; name: string }>;
  reporterServiceAreaId: string | null;
};

type StepResult = { ok: true; draft: ConcernDraft } | { ok: false; error: z.ZodError };

/** One question page of "Record a concern": what it asks, how it checks, where it leads. */
export type ConcernStep = {
  slug: string;
  title: string;
  previous: string;
  next: string;
  /** What the page shows: the saved answers on first visit. */
  formValues(draft: ConcernDraft, choices: StepChoices): Record<string, unknown>;
  /** Validates the posted form and folds it into the draft. */
  apply(draft: ConcernDraft, body: unknown, choices: StepChoices): StepResult;
};

function fold<T>(result: z.ZodSafeParseResult<T>, merge: (answers: T) => ConcernDraft): StepResult {
  return result.success ? { ok: true, draft: merge(result.data) } : { ok: false, error: result.error };
}

/** Categories that fit the person: child, adult, or both. */
export function categoriesFor(draft: ConcernDraft, choices: StepChoices) {
  const ageGroup = draft.person?.ageGroup;
  return choices.categories.filter((c) => c.appliesTo === 'both' || !ageGroup || c.appliesTo === ageGroup);
}

export const concernSteps: Record<string, ConcernStep> = {
  person: {
    slug: 'person',
    title: 'Who are you worried about?',
    previous: '/concerns/new',
    next: 'what-happened',
    formValues: (draft) => ({
      name: draft.person?.name ?? '',
      nameUnknown: draft.person ? draft.person.name === null : false,
      ageGroup: draft.person?.ageGroup,
    }),
    apply: (draft, body) => fold(personAnswers.safeParse(body), (person) => ({ ...draft, person })),
  },
  'what-happened': {
    slug: 'what-happened',
    title: 'What happened?',
    previous: '/concerns/new/person',
    next: 'categories',
    formValues: (draft) => {
      const [year = '', month = '', day = ''] = draft.whatHappened?.happenedOn.split('-') ?? [];
      return {
        description: draft.whatHappened?.description ?? '',
        location: draft.whatHappened?.location ?? '',
        'happenedOn-day': day.replace(/^0/, ''),
        'happenedOn-month': month.replace(/^0/, ''),
        'happenedOn-year': year,
      };
    },
    apply: (draft, body) => fold(whatHappenedAnswers.safeParse(body), (whatHappened) => ({ ...draft, whatHappened })),
  },
  categories: {
    slug: 'categories',
    title: 'What kind of harm are you worried about?',
    previous: '/concerns/new/what-happened',
    next: 'service-area',
    formValues: (draft) => ({ categoryIds: draft.categoryIds ?? [] }),
    apply: (draft, body, choices) => {
      const known = categoriesFor(draft, choices).map((c) => c.id);
      return fold(categoryAnswers(known).safeParse(body), ({ categoryIds }) => ({ ...draft, categoryIds }));
    },
  },
  'service-area': {
    slug: 'service-area',
    title: 'Which service area do you work in?',
    previous: '/concerns/new/categories',
    next: 'check',
    formValues: (draft, choices) => ({ serviceAreaId: draft.serviceAreaId ?? choices.reporterServiceAreaId }),
    apply: (draft, body, choices) => {
      const known = choices.serviceAreas.map((s) => s.id);
      return fold(serviceAreaAnswers(known).safeParse(body), ({ serviceAreaId }) => ({ ...draft, serviceAreaId }));
    },
  },
};
