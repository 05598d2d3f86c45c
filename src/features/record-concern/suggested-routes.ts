import { type RouteCode, adviseReferralRoutes } from '../../domain/referral-route-advice.ts';
import { type StepContext, hasPersonAtRisk } from './concern-flow.ts';
import type { ConcernDraft } from '../../concerns/draft.schema.ts';

// The domain's advice joined to the organisation's agencies: their names, numbers and hours
// are configuration, so a council changes them without touching the rules.

const fallbackNames: Record<RouteCode, string> = {
  police: 'Police',
  lado: 'LADO, through a Designated Safeguarding Lead',
  mash: 'MASH – Multi-Agency Safeguarding Hub',
  'adult-social-care': 'Adult Social and Health Care',
  'adult-triage': 'Adult Safeguarding Triage Team',
  'care-needs-assessment': 'Care needs assessment',
  marm: 'MARM – Multi-Agency Risk Management',
  lcss: 'LCSS – Locality and Community Support Service',
  'early-help': 'Early Help',
  prevent: 'Prevent',
  'anti-slavery-coordinator': 'Anti-Slavery Coordinator',
  nrm: 'NRM – National Referral Mechanism',
  'duty-to-notify': 'Duty to Notify',
};

export type SuggestedRoute = {
  route: RouteCode;
  reasons: string[];
  name: string;
  /** Null when the organisation has not configured this agency: the page says whom to ask. */
  agency: StepContext['agencies'][number] | null;
};

/** What Haven suggests for the answers so far. */
export function suggestedRoutes(draft: ConcernDraft, context: StepContext): SuggestedRoute[] {
  const chosen = new Set(draft.categoryIds ?? []);
  const suggestions = adviseReferralRoutes({
    childAtRisk: hasPersonAtRisk(draft, 'child'),
    adultAtRisk: hasPersonAtRisk(draft, 'adult'),
    urgency: draft.urgency ?? 'not_urgent',
    categoryCodes: context.categories.filter((c) => chosen.has(c.id) && c.code).map((c) => c.code!),
    adultNeeds: hasPersonAtRisk(draft, 'adult') ? (draft.adultNeeds ?? null) : null,
    childUrgentSigns: hasPersonAtRisk(draft, 'child') ? (draft.childUrgentSigns ?? []) : [],
    positionOfTrust: draft.positionOfTrust === 'yes' || draft.positionOfTrust === 'council',
  });
  return suggestions.map(({ route, reasons }) => {
    const agency = context.agencies.find((a) => a.code === route) ?? null;
    return { route, reasons, agency, name: agency?.name ?? fallbackNames[route] };
  });
}
