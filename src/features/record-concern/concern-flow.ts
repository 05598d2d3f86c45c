import type { CompleteConcern, ConcernDraft } from '../../concerns/draft.schema.ts';
import { mostPeople } from '../../concerns/draft.schema.ts';

// The order of the question pages, which apply to this draft, and which are answered. Pages
// that ask about a child, an adult or a line manager's colleague appear only when they apply.

export type StepContext = {
  /** A line manager may record on behalf of a colleague (procedures 5.5). */
  actorIsLineManager: boolean;
  categories: Array<{ id: string; name: string; appliesTo: string; code: string | null }>;
  serviceAreas: Array<{ id: string; name: string }>;
  agencies: Array<{ id: string; code: string; name: string; phone: string; hours: string; notes: string }>;
  reporterServiceAreaId: string | null;
};

type FlowStep = {
  slug: string;
  appliesTo?: (draft: ConcernDraft, context: StepContext) => boolean;
  isComplete: (draft: ConcernDraft, context: StepContext) => boolean;
};

export const peopleAtRisk = (draft: ConcernDraft) =>
  (draft.people ?? []).filter((person) => person.role === 'person_at_risk');

export const hasPersonAtRisk = (draft: ConcernDraft, ageGroup: 'child' | 'adult') =>
  peopleAtRisk(draft).some((person) => person.ageGroup === ageGroup);

/** Whether the reporter has made, or will make, a referral: consent then needs a reason if not given. */
export const referralMade = (draft: ConcernDraft) => (draft.routesTaken ?? []).length > 0;

/** Categories that fit the people at risk: child, adult, or both. */
export function categoriesFor(draft: ConcernDraft, context: StepContext) {
  const groups = new Set(peopleAtRisk(draft).map((person) => person.ageGroup));
  if (groups.size === 0) return context.categories;
  return context.categories.filter((c) => c.appliesTo === 'both' || groups.has(c.appliesTo as 'child' | 'adult'));
}

const flow: FlowStep[] = [
  {
    slug: 'people',
    isComplete: (draft) => peopleAtRisk(draft).length > 0 && (draft.people ?? []).length <= mostPeople,
  },
  { slug: 'what-happened', isComplete: (draft) => draft.whatHappened !== undefined },
  { slug: 'why-at-risk', isComplete: (draft) => draft.whyAtRisk !== undefined },
  { slug: 'context', isComplete: (draft) => draft.context !== undefined },
  {
    slug: 'categories',
    isComplete: (draft, context) => {
      const fitting = categoriesFor(draft, context).map((c) => c.id);
      return !!draft.categoryIds?.length && draft.categoryIds.every((id) => fitting.includes(id));
    },
  },
  { slug: 'urgency', isComplete: (draft) => draft.urgency !== undefined },
  {
    slug: 'adult-needs',
    appliesTo: (draft) => hasPersonAtRisk(draft, 'adult'),
    isComplete: (draft) => draft.adultNeeds !== undefined,
  },
  {
    slug: 'child-urgent',
    appliesTo: (draft) => hasPersonAtRisk(draft, 'child'),
    isComplete: (draft) => draft.childUrgentSigns !== undefined,
  },
  { slug: 'position-of-trust', isComplete: (draft) => draft.positionOfTrust !== undefined },
  // Advice asks nothing: it is shown on the way, and again from check answers.
  { slug: 'advice', isComplete: () => true },
  {
    slug: 'routes-taken',
    isComplete: (draft, context) =>
      draft.routesTaken !== undefined &&
      draft.routesTaken.every((route) => context.agencies.some((agency) => agency.id === route.agencyId)),
  },
  {
    slug: 'consent',
    isComplete: (draft) =>
      draft.consent !== undefined && (!referralMade(draft) || draft.consent.answer === 'yes' || !!draft.consent.reason),
  },
  {
    slug: 'on-behalf',
    // Line managers record for staff and volunteers without an account (policy 9.2).
    appliesTo: (_draft, context) => context.actorIsLineManager,
    isComplete: (draft) => draft.onBehalfOf !== undefined,
  },
  {
    slug: 'on-behalf-who',
    appliesTo: (draft, context) => context.actorIsLineManager && !!draft.onBehalfOf,
    isComplete: (draft) => !!draft.onBehalfOf?.name && !!draft.onBehalfOf.role,
  },
  {
    slug: 'service-area',
    isComplete: (draft, context) => context.serviceAreas.some((area) => area.id === draft.serviceAreaId),
  },
];

export const stepSlugs = flow.map((step) => step.slug);

function applicableSteps(draft: ConcernDraft, context: StepContext): FlowStep[] {
  return flow.filter((step) => step.appliesTo?.(draft, context) ?? true);
}

export function isApplicable(slug: string, draft: ConcernDraft, context: StepContext): boolean {
  return applicableSteps(draft, context).some((step) => step.slug === slug);
}

/** The first page whose answers are missing or no longer fit, or null when the draft can be sent. */
export function firstIncompleteStep(draft: ConcernDraft, context: StepContext): string | null {
  return applicableSteps(draft, context).find((step) => !step.isComplete(draft, context))?.slug ?? null;
}

/** The page after this one; "check" after the last. */
export function stepAfter(slug: string, draft: ConcernDraft, context: StepContext): string {
  const steps = applicableSteps(draft, context);
  return steps[steps.findIndex((step) => step.slug === slug) + 1]?.slug ?? 'check';
}

/** The page before this one, or null for the first (whose back link is the start page). */
export function stepBefore(slug: string, draft: ConcernDraft, context: StepContext): string | null {
  const steps = applicableSteps(draft, context);
  return steps[steps.findIndex((step) => step.slug === slug) - 1]?.slug ?? null;
}

/**
 * The draft as a concern ready to record, with answers to pages that no longer apply dropped
 * (an adult's Section 42 answers after the adult was removed), or the page still to answer.
 */
export function completeConcern(
  draft: ConcernDraft,
  context: StepContext,
): { ok: true; concern: CompleteConcern } | { ok: false; step: string } {
  const step = firstIncompleteStep(draft, context);
  if (step) return { ok: false, step };
  const asked = (slug: string) => isApplicable(slug, draft, context);
  const concern = {
    ...draft,
    adultNeeds: asked('adult-needs') ? draft.adultNeeds : undefined,
    childUrgentSigns: asked('child-urgent') ? draft.childUrgentSigns : undefined,
    onBehalfOf: asked('on-behalf') ? draft.onBehalfOf : undefined,
  };
  return { ok: true, concern: concern as CompleteConcern };
}
