import { z } from 'zod';
import { cleanText } from '../web/control-characters.ts';
import { childUrgentSigns, urgencies, yesNoNotSure } from '../domain/referral-route-advice.ts';

// The shape of a saved draft. Each question page validates its own form (record-concern.schema.ts,
// person.schema.ts) and folds the result in here; this schema only reads back what was saved.

export const rolesInConcern = ['person_at_risk', 'alleged_source_of_harm', 'witness', 'household_member'] as const;
export type RoleInConcern = (typeof rolesInConcern)[number];

export const yesNoUnknown = ['yes', 'no', 'unknown'] as const;
export const consentAnswers = ['yes', 'no', 'not_asked'] as const;
export const routeStatuses = ['done', 'planned'] as const;

/** At most this many people on one concern: more is a mistake, or a list to attach instead. */
export const mostPeople = 20;

const personAge = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date_of_birth'), dateOfBirth: z.string() }),
  z.object({ kind: z.literal('approximate'), years: z.number().int() }),
  z.object({ kind: z.literal('unknown') }),
]);

export const draftPerson = z.object({
  id: z.string(),
  role: z.enum(rolesInConcern),
  /** null: "I do not know their name"; it can be completed later (procedures 14.8). */
  name: z.string().nullable(),
  ageGroup: z.enum(['child', 'adult']),
  age: personAge,
  /** null: "I do not know where they live". */
  address: z.string().nullable(),
});

export const concernDraft = z.object({
  people: z.array(draftPerson).optional(),
  whatHappened: z.object({ description: z.string(), happenedOn: z.string(), location: z.string() }).optional(),
  whyAtRisk: z.string().optional(),
  context: z
    .object({
      visitPurpose: z.string(),
      councilTenant: z.enum(yesNoUnknown),
      knownToOtherDepartments: z.enum(yesNoUnknown),
    })
    .optional(),
  categoryIds: z.array(z.string()).optional(),
  urgency: z.enum(urgencies).optional(),
  adultNeeds: z
    .object({
      careAndSupportNeeds: z.enum(yesNoNotSure),
      abuseOrNeglect: z.enum(yesNoNotSure),
      unableToProtect: z.enum(yesNoNotSure),
    })
    .optional(),
  /** Empty: "none of these". */
  childUrgentSigns: z.array(z.enum(childUrgentSigns)).optional(),
  /** 'council': about someone who works or volunteers for the council, or a councillor (procedures 11). */
  positionOfTrust: z.enum(['council', 'yes', 'no']).optional(),
  /** Empty: "none yet, I am leaving it to the DSO". */
  routesTaken: z.array(z.object({ agencyId: z.string(), status: z.enum(routeStatuses) })).optional(),
  consent: z.object({ answer: z.enum(consentAnswers), reason: z.string().nullable() }).optional(),
  /** null: the line manager is recording for themselves (policy 9.2); empty name and role: not yet given. */
  onBehalfOf: z.object({ name: z.string(), role: z.string() }).nullable().optional(),
  serviceAreaId: z.string().optional(),
});

export type ConcernDraft = z.output<typeof concernDraft>;
export type DraftPerson = z.output<typeof draftPerson>;
export type PersonAge = DraftPerson['age'];

type Conditional = 'adultNeeds' | 'childUrgentSigns' | 'onBehalfOf';

/** A draft with every question its pages asked answered; conditional answers only when asked. */
export type CompleteConcern = Required<Omit<ConcernDraft, Conditional>> & Pick<ConcernDraft, Conditional>;

/**
 * Reads a saved draft; anything unreadable (an older shape) is dropped, never shown half-parsed.
 * Text is cleaned as forms are, so a draft saved before control characters were stripped at the
 * edge (issue 11.3) can still be sent on PostgreSQL.
 */
export function parseDraft(answers: string): ConcernDraft {
  const revive = (_key: string, value: unknown) => (typeof value === 'string' ? cleanText(value) : value);
  const parsed = concernDraft.safeParse(JSON.parse(answers, revive));
  return parsed.success ? parsed.data : {};
}
