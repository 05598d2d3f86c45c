import { z } from 'zod';
import { parseCalendarDate, todayInLondon } from '../../domain/calendar-date.ts';

// Each question page validates only its own answers; the check-answers page validates them all.

export const personAnswers = z
  .object({
    name: z.string().trim().max(200, 'Their name must be 200 characters or fewer').default(''),
    nameUnknown: z.literal('yes', { error: 'Select the box only if you do not know their name' }).optional(),
    ageGroup: z.enum(['child', 'adult'], { error: 'Select whether the person is a child or an adult' }),
  })
  .superRefine((answers, ctx) => {
    if (!answers.nameUnknown && answers.name === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: 'Enter their name, or select ‘I do not know their name’',
      });
    }
  })
  .transform(({ name, nameUnknown, ageGroup }) => ({ name: nameUnknown ? null : name, ageGroup }));

const dateMessages = {
  missing: 'Enter the date it happened',
  incomplete: {
    day: 'The date it happened must include a day',
    month: 'The date it happened must include a month',
    year: 'The date it happened must include a year',
  },
  'not-real': 'The date it happened must be a real date',
  future: 'The date it happened must be today or in the past',
  past: 'The date it happened must be a real date',
} as const;

export const whatHappenedAnswers = z
  .object({
    description: z
      .string()
      .trim()
      .min(1, 'Describe what happened')
      .max(5000, 'What happened must be 5,000 characters or fewer'),
    'happenedOn-day': z.string().max(10).default(''),
    'happenedOn-month': z.string().max(10).default(''),
    'happenedOn-year': z.string().max(10).default(''),
    location: z
      .string()
      .trim()
      .min(1, 'Enter where it happened')
      .max(500, 'Where it happened must be 500 characters or fewer'),
  })
  .transform((answers, ctx) => {
    const date = parseCalendarDate(
      { day: answers['happenedOn-day'], month: answers['happenedOn-month'], year: answers['happenedOn-year'] },
      todayInLondon(),
    );
    if (!date.ok) {
      const message = date.problem === 'incomplete' ? dateMessages.incomplete[date.field] : dateMessages[date.problem];
      ctx.addIssue({ code: 'custom', path: ['happenedOn'], message, params: { anchor: `happenedOn-${date.field}` } });
      return z.NEVER;
    }
    return { description: answers.description, happenedOn: date.date, location: answers.location };
  });

const oneOrMany = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]));

export function categoryAnswers(knownCategoryIds: readonly string[]) {
  return z.object({
    categoryIds: oneOrMany
      .optional()
      .transform((ids) => ids ?? [])
      .refine((ids) => ids.length > 0, 'Select at least one category')
      .refine((ids) => ids.length <= 30, 'Select 30 categories or fewer')
      .refine((ids) => ids.every((id) => knownCategoryIds.includes(id)), 'Select categories from the list'),
  });
}

export function serviceAreaAnswers(knownServiceAreaIds: readonly string[]) {
  return z.object({
    serviceAreaId: z
      .string({ error: 'Select your service area' })
      .refine((id) => knownServiceAreaIds.includes(id), 'Select your service area from the list'),
  });
}

export type PersonAnswers = z.output<typeof personAnswers>;
export type WhatHappenedAnswers = z.output<typeof whatHappenedAnswers>;

/** Everything the question pages have collected so far; saved as the user goes. */
export type ConcernDraft = {
  person?: PersonAnswers;
  whatHappened?: WhatHappenedAnswers;
  categoryIds?: string[];
  serviceAreaId?: string;
};

export type CompleteConcern = Required<ConcernDraft>;

export const concernDraft = z.object({
  person: z.object({ name: z.string().nullable(), ageGroup: z.enum(['child', 'adult']) }).optional(),
  whatHappened: z.object({ description: z.string(), happenedOn: z.string(), location: z.string() }).optional(),
  categoryIds: z.array(z.string()).optional(),
  serviceAreaId: z.string().optional(),
});
