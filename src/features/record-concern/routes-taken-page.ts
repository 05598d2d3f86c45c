import { optionItems } from '../../concerns/answer-labels.ts';
import { type QuestionPage, fold } from './question-page.ts';
import { routesTakenAnswers } from './record-concern.schema.ts';
import { suggestedRoutes } from './suggested-routes.ts';

// Haven suggests; the reporter decides and records what they did or will do. The routes
// Haven suggested come first, but every agency the organisation lists can be chosen.

const statusOptions = { done: 'Yes, I have contacted them', planned: 'Not yet, I will contact them' };

export const routesTakenPage: QuestionPage = {
  slug: 'routes-taken',
  title: 'Who have you contacted, or will you contact?',
  formValues: (draft) => {
    const routes = draft.routesTaken ?? [];
    const values: Record<string, unknown> = {
      agencyIds: draft.routesTaken?.length === 0 ? ['none'] : routes.map((route) => route.agencyId),
    };
    for (const route of routes) values[`status-${route.agencyId}`] = route.status;
    return values;
  },
  apply: (draft, body, context) =>
    fold(routesTakenAnswers(context.agencies).safeParse(body), (routesTaken) => ({ ...draft, routesTaken })),
  view: (values, draft, context) => {
    const suggested = new Set(suggestedRoutes(draft, context).map((s) => s.agency?.id));
    const chosen = [values.agencyIds].flat();
    const agencies = [...context.agencies].sort((a, b) => Number(suggested.has(b.id)) - Number(suggested.has(a.id)));
    return {
      agencyChoices: agencies.map((agency) => ({
        id: agency.id,
        name: agency.name,
        phone: agency.phone,
        suggested: suggested.has(agency.id),
        checked: chosen.includes(agency.id),
        statusItems: optionItems(statusOptions, values[`status-${agency.id}`]),
      })),
      noneChecked: chosen.includes('none'),
    };
  },
};
