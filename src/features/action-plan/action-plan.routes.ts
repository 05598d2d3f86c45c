import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listLeadAccounts } from '../../assurance/action-plan.queries.ts';
import { selfAssessmentStandardPath, standardAreas } from '../../assurance/standard-areas.ts';
import { typedValues } from '../../assurance/form-fields.ts';
import type { HavenDb } from '../../db/connect.ts';
import { isAllowed } from '../../domain/access-policy.ts';
import { assuranceYearOf, isActionOverdue } from '../../domain/assurance-dates.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { HavenError } from '../../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import {
  parseActionChange,
  parseDocumentControl,
  parseNewAction,
  parseStatus,
  parseUpdate,
  statusNames,
  yearChoices,
} from './action-plan.forms.ts';
import {
  findPlan,
  findPlanAction,
  findRecommendationLabel,
  listPlanActions,
  listPlans,
  listUpdates,
} from './action-plan.queries.ts';
import {
  addPlanUpdate,
  changeActionStatus,
  changeDocumentControl,
  changePlanAction,
  raisePlanAction,
} from './action-plan.ts';

// The Safeguarding Action Plan (appendix 2 of the annual report; policy 17.4): the coordinator
// keeps it, DSLs and senior leaders read it. Open actions in the seed's columns, overdue ones
// flagged, completed ones in the year's completed list; document control above them.

const view = { config: { access: 'assurance:view' } } as const;
const manage = { config: { access: 'assurance:manage' } } as const;
type Body = Record<string, unknown>;

type ActionRow = Awaited<ReturnType<typeof listPlanActions>>[number];

function shown(action: ActionRow, today: string, updates: Array<{ written_on: string; body: string }>) {
  return {
    ...action,
    overdue: isActionOverdue(action, today),
    statusName: statusNames[action.status],
    updates,
    standardLink:
      action.assessment_id && action.standard_id
        ? selfAssessmentStandardPath(action.assessment_id, action.standard_id)
        : null,
  };
}

export function registerActionPlanRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/action-plan', view, async (request, reply) => {
    const plans = await listPlans(db, request.actor!.organisationId);
    return reply.view('action-plan/views/plans.njk', {
      pageTitle: 'Safeguarding action plan',
      plans,
      mayManage: isAllowed(request.actor!, 'assurance:manage'),
    });
  });

  app.get('/action-plan/:planId', view, async (request, reply) => {
    const plan = await planOf(request);
    const today = todayInLondon();
    const actions = await listPlanActions(db, plan.organisation_id, plan.id);
    const updates = await listUpdates(
      db,
      actions.map((action) => action.id),
    );
    const rows = actions.map((action) => shown(action, today, updates.get(action.id) ?? []));
    return reply.view('action-plan/views/plan.njk', {
      pageTitle: plan.title,
      plan,
      open: rows.filter((row) => row.status !== 'completed'),
      completed: rows.filter((row) => row.status === 'completed'),
      overdueCount: rows.filter((row) => row.overdue).length,
      mayManage: isAllowed(request.actor!, 'assurance:manage'),
      backLink: '/action-plan',
    });
  });

  app.get('/action-plan/:planId/document-control', manage, async (request, reply) => {
    const plan = await planOf(request);
    return documentForm(reply, plan, documentValues(plan), noErrors);
  });
  app.post('/action-plan/:planId/document-control', manage, async (request, reply) => {
    const plan = await planOf(request);
    const body = (request.body ?? {}) as Body;
    const form = parseDocumentControl(body);
    const outcome = form.ok ? await changeDocumentControl(db, request.actor!, plan.id, form.value) : form;
    if (outcome === 'changed') return reply.redirect(`/action-plan/${plan.id}`, 303);
    const errors = 'errors' in outcome ? outcome.errors : formErrors([['owner', outcome.reason]]);
    reply.code('errors' in outcome ? 400 : 409);
    return documentForm(reply, plan, typedValues(body), errors);
  });

  app.get('/action-plan/actions/new', manage, async (request, reply) => actionForm(request, reply, {}, noErrors));
  app.post('/action-plan/actions/new', manage, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const leads = await listLeadAccounts(db, request.actor!.organisationId);
    const form = parseNewAction(body, new Set(leads.map((lead) => lead.id)));
    if (!form.ok) {
      reply.code(400);
      return actionForm(request, reply, typedValues(body), form.errors);
    }
    const id = await raisePlanAction(db, request.actor!, form.value);
    return reply.redirect(`/action-plan/actions/${id}`, 303);
  });

  app.get('/action-plan/actions/:planActionId', view, async (request, reply) =>
    actionPage(request, reply, {}, noErrors),
  );
  app.post('/action-plan/actions/:planActionId/updates', manage, async (request, reply) => {
    const action = await actionOf(request);
    const body = (request.body ?? {}) as Body;
    const form = parseUpdate(body);
    if (!form.ok) {
      reply.code(400);
      return actionPage(request, reply, typedValues(body), form.errors);
    }
    await addPlanUpdate(db, request.actor!, action.id, form.value);
    return reply.redirect(`/action-plan/actions/${action.id}`, 303);
  });
  app.post('/action-plan/actions/:planActionId/status', manage, async (request, reply) => {
    const action = await actionOf(request);
    const body = (request.body ?? {}) as Body;
    const form = parseStatus(body);
    const outcome = form.ok ? await changeActionStatus(db, request.actor!, action.id, form.value) : form;
    if (outcome === 'changed') return reply.redirect(`/action-plan/${action.action_plan_id}`, 303);
    const errors = 'errors' in outcome ? outcome.errors : formErrors([['status', outcome.reason]]);
    reply.code('errors' in outcome ? 400 : 409);
    return actionPage(request, reply, typedValues(body), errors);
  });

  app.get('/action-plan/actions/:planActionId/change', manage, async (request, reply) => {
    const action = await actionOf(request);
    return changeForm(request, reply, action, actionValues(action), noErrors);
  });
  app.post('/action-plan/actions/:planActionId/change', manage, async (request, reply) => {
    const action = await actionOf(request);
    const body = (request.body ?? {}) as Body;
    const leads = await listLeadAccounts(db, request.actor!.organisationId);
    const form = parseActionChange(body, new Set(leads.map((lead) => lead.id)), action.due_on);
    const outcome = form.ok ? await changePlanAction(db, request.actor!, action.id, form.value) : form;
    if (outcome === 'changed') return reply.redirect(`/action-plan/actions/${action.id}`, 303);
    const errors = 'errors' in outcome ? outcome.errors : formErrors([['action', outcome.reason]]);
    reply.code('errors' in outcome ? 400 : 409);
    return changeForm(request, reply, action, typedValues(body), errors);
  });

  async function changeForm(
    request: FastifyRequest,
    reply: FastifyReply,
    action: PlanAction,
    values: Record<string, string>,
    errors: FormErrors,
  ) {
    const organisationId = request.actor!.organisationId;
    const leads = await listLeadAccounts(db, organisationId);
    const chosenLead = values.leadUserId ?? '';
    return reply.view('action-plan/views/action-form.njk', {
      pageTitle: 'Change the action',
      changing: true,
      formAction: `/action-plan/actions/${action.id}/change`,
      plan: await findPlan(db, organisationId, action.action_plan_id),
      leads: [
        { value: '', text: 'No account: no email reminders', selected: chosenLead === '' },
        ...leads.map((lead) => ({ value: lead.id, text: lead.display_name, selected: lead.id === chosenLead })),
      ],
      values: { ...values, version: values.version ?? String(action.version) },
      errors,
      backLink: `/action-plan/actions/${action.id}`,
    });
  }

  async function planOf(request: FastifyRequest) {
    const { planId } = request.params as { planId: string };
    const plan = await findPlan(db, request.actor!.organisationId, planId);
    if (!plan) throw new HavenError('not-found');
    return plan;
  }
  async function actionOf(request: FastifyRequest) {
    const { planActionId } = request.params as { planActionId: string };
    const action = await findPlanAction(db, request.actor!.organisationId, planActionId);
    if (!action) throw new HavenError('not-found');
    return action;
  }

  async function actionForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FormErrors,
  ) {
    const organisationId = request.actor!.organisationId;
    const plans = await listPlans(db, organisationId);
    const thisYear = assuranceYearOf(todayInLondon());
    const years = yearChoices(
      plans.map((plan) => plan.year_label),
      thisYear,
    );
    const chosenYear = values.year ?? thisYear;
    const leads = await listLeadAccounts(db, organisationId);
    return reply.view('action-plan/views/action-form.njk', {
      pageTitle: 'Add an action to the plan',
      formAction: '/action-plan/actions/new',
      years: years.map((year) => ({ value: year, text: year, selected: year === chosenYear })),
      areas: [
        { value: '', text: 'Not tied to one standard' },
        ...standardAreas.map((area) => ({ value: area, text: area, selected: area === values.standardArea })),
      ],
      leads: [
        { value: '', text: 'No account: no email reminders' },
        ...leads.map((lead) => ({ value: lead.id, text: lead.display_name, selected: lead.id === values.leadUserId })),
      ],
      values,
      errors,
      backLink: '/action-plan',
    });
  }

  async function actionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FormErrors,
  ) {
    const action = await actionOf(request);
    const organisationId = request.actor!.organisationId;
    const updates = await listUpdates(db, [action.id]);
    const recommendation = action.scrutiny_recommendation_id
      ? await findRecommendationLabel(db, organisationId, action.scrutiny_recommendation_id)
      : null;
    const plan = await findPlan(db, organisationId, action.action_plan_id);
    return reply.view('action-plan/views/action.njk', {
      pageTitle: 'Action in the plan',
      action: shown(action, todayInLondon(), updates.get(action.id) ?? []),
      plan,
      recommendation,
      statuses: Object.entries(statusNames).map(([value, text]) => ({
        value,
        text,
        checked: value === (values.status ?? action.status),
      })),
      mayManage: isAllowed(request.actor!, 'assurance:manage'),
      values,
      errors,
      backLink: `/action-plan/${action.action_plan_id}`,
    });
  }
}

type Plan = NonNullable<Awaited<ReturnType<typeof findPlan>>>;
type PlanAction = NonNullable<Awaited<ReturnType<typeof findPlanAction>>>;

/** The action as it stands, in the form's fields. */
function actionValues(action: PlanAction): Record<string, string> {
  const due: Record<string, string> = action.due_on
    ? {
        'due-day': String(Number(action.due_on.slice(8, 10))),
        'due-month': String(Number(action.due_on.slice(5, 7))),
        'due-year': action.due_on.slice(0, 4),
      }
    : {};
  return {
    action: action.action,
    objective: action.objective ?? '',
    input: action.input ?? '',
    desiredOutcome: action.desired_outcome ?? '',
    leadName: action.lead_name,
    leadUserId: action.lead_user_id ?? '',
    timescale: action.timescale ?? '',
    version: String(action.version),
    ...due,
  };
}

function documentValues(plan: Plan): Record<string, string> {
  const parts = (name: string, date: string | null) =>
    date
      ? {
          [`${name}-day`]: String(Number(date.slice(8, 10))),
          [`${name}-month`]: String(Number(date.slice(5, 7))),
          [`${name}-year`]: date.slice(0, 4),
        }
      : {};
  return {
    owner: plan.owner ?? '',
    author: plan.author ?? '',
    documentVersion: plan.document_version ?? '',
    version: String(plan.version),
    ...parts('lastReviewed', plan.last_reviewed_on),
    ...parts('nextReview', plan.next_review_on),
  };
}

function documentForm(reply: FastifyReply, plan: Plan, values: Record<string, string>, errors: FormErrors) {
  return reply.view('action-plan/views/document-control.njk', {
    pageTitle: 'Change the document control',
    plan,
    values: { ...values, version: values.version ?? String(plan.version) },
    errors,
    backLink: `/action-plan/${plan.id}`,
  });
}
