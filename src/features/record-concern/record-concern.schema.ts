import { z } from 'zod';
import { parseCalendarDate, todayInLondon } from '../../domain/calendar-date.ts';
import { childUrgentSigns, urgencies, yesNoNotSure } from '../../domain/referral-route-advice.ts';
import { consentAnswers, routeStatuses, yesNoUnknown } from '../../concerns/draft.schema.ts';

// Each question page validates only its own answers; check answers revalidates the whole draft.
// The person page has its own schema (person.schema.ts).

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

const text = (max: number, empty: string, tooLong: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, tooLong);

export const whatHappenedAnswers = z
  .object({
    description: text(5000, 'Describe what happened', 'What happened must be 5,000 characters or fewer'),
    // No length check: a long or odd date is "not a real date", said in Haven's words below.
    'happenedOn-day': z.string().default(''),
    'happenedOn-month': z.string().default(''),
    'happenedOn-year': z.string().default(''),
    location: text(500, 'Enter where it happened', 'Where it happened must be 500 characters or fewer'),
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

export const whyAtRiskAnswers = z.object({
  whyAtRisk: text(
    5000,
    'Explain why you think they are at risk',
    'Why they are at risk must be 5,000 characters or fewer',
  ),
});

export const contextAnswers = z.object({
  visitPurpose: text(
    1000,
    'Enter why you were there or in contact with them',
    'Why you were in contact must be 1,000 characters or fewer',
  ),
  councilTenant: z.enum(yesNoUnknown, { error: 'Select whether they are a council tenant' }),
  knownToOtherDepartments: z.enum(yesNoUnknown, {
    error: 'Select whether other council departments know them',
  }),
});

export const oneOrMany = z
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

export const urgencyAnswers = z.object({
  urgency: z.enum(urgencies, { error: 'Select how urgent it is' }),
});

export const adultNeedsAnswers = z.object({
  careAndSupportNeeds: z.enum(yesNoNotSure, { error: 'Select whether they seem to need care and support' }),
  abuseOrNeglect: z.enum(yesNoNotSure, {
    error: 'Select whether they are experiencing, or at risk of, abuse or neglect',
  }),
  unableToProtect: z.enum(yesNoNotSure, { error: 'Select whether they can protect themselves' }),
});

/** "none" is the exclusive "None of these" box: on its own it means no urgent sign. */
export const childUrgentAnswers = z.object({
  childUrgentSigns: oneOrMany
    .optional()
    .transform((signs) => signs ?? [])
    .refine((signs) => signs.length > 0, 'Select the situations that apply, or ‘None of these’')
    .refine((signs) => !(signs.includes('none') && signs.length > 1), 'Select ‘None of these’ on its own')
    .refine(
      (signs) => signs.every((sign) => sign === 'none' || (childUrgentSigns as readonly string[]).includes(sign)),
      'Select situations from the list',
    )
    .transform((signs) => signs.filter((sign) => sign !== 'none') as Array<(typeof childUrgentSigns)[number]>),
});

export const positionOfTrustAnswers = z.object({
  positionOfTrust: z.enum(['council', 'yes', 'no'], {
    error: 'Select whether the concern is about someone who works for the council, another professional, or neither',
  }),
});

export function consentFormAnswers(referralMade: boolean) {
  return z
    .object({
      consent: z.enum(consentAnswers, { error: 'Select whether they agree to a referral' }),
      consentReason: z.string().trim().max(2000, 'Your reason must be 2,000 characters or fewer').default(''),
    })
    .transform(({ consent, consentReason }, ctx) => {
      // A referral without agreement needs a written reason (procedures 7.11, 9.19).
      const needsReason = referralMade && consent !== 'yes';
      if (needsReason && consentReason === '') {
        const message = 'Explain why you are referring without their agreement';
        ctx.addIssue({ code: 'custom', path: ['consentReason'], message });
        return z.NEVER;
      }
      return { answer: consent, reason: needsReason ? consentReason : null };
    });
}

export const onBehalfAnswers = z.object({
  onBehalf: z.enum(['yes', 'no'], { error: 'Select yes if you are recording this for someone else' }),
});

export const onBehalfWhoAnswers = z.object({
  onBehalfName: text(200, 'Enter the name of the person who told you', 'Their name must be 200 characters or fewer'),
  onBehalfRole: text(
    200,
    'Enter their role, for example ODS operative or volunteer',
    'Their role must be 200 characters or fewer',
  ),
});

export function serviceAreaAnswers(knownServiceAreaIds: readonly string[]) {
  return z.object({
    serviceAreaId: z
      .string({ error: 'Select your service area' })
      .refine((id) => knownServiceAreaIds.includes(id), 'Select your service area from the list'),
  });
}

type RouteStatus = (typeof routeStatuses)[number];

/** "none" is the exclusive "None yet" box; each agency ticked also says done or planned. */
export function routesTakenAnswers(agencies: ReadonlyArray<{ id: string; name: string }>) {
  return z.looseObject({ agencyIds: oneOrMany.optional() }).transform((body, ctx) => {
    const fail = (path: string, message: string) => {
      ctx.addIssue({ code: 'custom', path: [path], message });
      return z.NEVER;
    };
    const chosen = [...new Set(body.agencyIds ?? [])];
    if (chosen.length === 0) return fail('agencyIds', 'Select who you have contacted or will contact, or ‘None yet’');
    if (chosen.includes('none')) return chosen.length === 1 ? [] : fail('agencyIds', 'Select ‘None yet’ on its own');
    const known = chosen.map((id) => agencies.find((agency) => agency.id === id));
    if (known.some((agency) => !agency)) return fail('agencyIds', 'Select who you contacted from the list');
    const routes = known.map((agency) => ({ agencyId: agency!.id, status: body[`status-${agency!.id}`] }));
    for (const [i, route] of routes.entries()) {
      if (!(routeStatuses as readonly unknown[]).includes(route.status)) {
        fail(`status-${route.agencyId}`, `Select whether you have already contacted ${known[i]!.name}`);
      }
    }
    return routes as Array<{ agencyId: string; status: RouteStatus }>;
  });
}
