import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listLeadAccounts } from '../../assurance/action-plan.queries.ts';
import { typedValues } from '../../assurance/form-fields.ts';
import type { HavenDb } from '../../db/connect.ts';
import { isAllowed } from '../../domain/access-policy.ts';
import { policyReviewsDue } from '../../domain/assurance-dates.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { HavenError } from '../../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import {
  parseFollowUp,
  parsePolicyReview,
  parseRecommendation,
  parseResponse,
  responseNames,
} from './scrutiny.forms.ts';
import { addFollowUpAction, recordCabinetResponse, recordPolicyReview, recordRecommendation } from './scrutiny.ts';

// Scrutiny's recommendations and Cabinet's responses (seed 003), their follow-up actions in the
// action plan, and the safeguarding policy's own review dates (policy 17.5–17.6).

const view = { config: { access: 'assurance:view' } } as const;
const manage = { config: { access: 'assurance:manage' } } as const;
type Body = Record<string, unknown>;

const dateValues = (name: string, date: string | null) =>
  date
    ? {
        [`${name}-day`]: String(Number(date.slice(8, 10))),
        [`${name}-month`]: String(Number(date.slice(5, 7))),
        [`${name}-year`]: date.slice(0, 4),
      }
    : {};

export function registerScrutinyRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/scrutiny', view, async (request, reply) => {
    const recommendations = await db
      .selectFrom('scrutiny_recommendations')
      .selectAll()
      .where('organisation_id', '=', request.actor!.organisationId)
      .orderBy('made_on', 'desc')
      .orderBy('number')
      .execute();
    return reply.view('scrutiny/views/recommendations.njk', {
      pageTitle: 'Scrutiny recommendations',
      recommendations: recommendations.map((r) => ({
        ...r,
        responseName: r.response ? responseNames[r.response] : null,
      })),
      mayManage: isAllowed(request.actor!, 'assurance:manage'),
    });
  });

  app.get('/scrutiny/new', manage, async (_request, reply) => recommendationForm(reply, {}, noErrors));
  app.post('/scrutiny/new', manage, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const form = parseRecommendation(body);
    if (!form.ok) {
      reply.code(400);
      return recommendationForm(reply, typedValues(body), form.errors);
    }
    const id = await recordRecommendation(db, request.actor!, form.value);
    return reply.redirect(`/scrutiny/${id}`, 303);
  });

  app.get('/scrutiny/:recommendationId', view, async (request, reply) =>
    recommendationPage(request, reply, {}, noErrors),
  );
  app.post('/scrutiny/:recommendationId/response', manage, async (request, reply) => {
    const recommendation = await recommendationOf(request);
    const body = (request.body ?? {}) as Body;
    const form = parseResponse(body);
    const outcome = form.ok ? await recordCabinetResponse(db, request.actor!, recommendation.id, form.value) : form;
    if (outcome === 'recorded') return reply.redirect(`/scrutiny/${recommendation.id}`, 303);
    const errors = 'errors' in outcome ? outcome.errors : formErrors([['response', outcome.reason]]);
    reply.code('errors' in outcome ? 400 : 409);
    return recommendationPage(request, reply, typedValues(body), errors);
  });
  app.post('/scrutiny/:recommendationId/actions', manage, async (request, reply) => {
    const recommendation = await recommendationOf(request);
    const body = (request.body ?? {}) as Body;
    const leads = await listLeadAccounts(db, request.actor!.organisationId);
    const form = parseFollowUp(body, new Set(leads.map((lead) => lead.id)));
    if (!form.ok) {
      reply.code(400);
      return recommendationPage(request, reply, typedValues(body), form.errors);
    }
    await addFollowUpAction(db, request.actor!, recommendation, form.value);
    return reply.redirect(`/scrutiny/${recommendation.id}`, 303);
  });

  app.get('/safeguarding-policy', view, async (request, reply) => policyPage(request, reply, null, noErrors));
  app.post('/safeguarding-policy', manage, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const form = parsePolicyReview(body);
    const outcome = form.ok ? await recordPolicyReview(db, request.actor!, form.value) : form;
    if (outcome === 'recorded') return reply.redirect('/safeguarding-policy', 303);
    const errors = 'errors' in outcome ? outcome.errors : formErrors([['reviewed', outcome.reason, 'reviewed-day']]);
    reply.code('errors' in outcome ? 400 : 409);
    return policyPage(request, reply, typedValues(body), errors);
  });

  async function recommendationOf(request: FastifyRequest) {
    const { recommendationId } = request.params as { recommendationId: string };
    const found = await db
      .selectFrom('scrutiny_recommendations')
      .selectAll()
      .where('organisation_id', '=', request.actor!.organisationId)
      .where('id', '=', recommendationId)
      .executeTakeFirst();
    if (!found) throw new HavenError('not-found');
    return found;
  }

  async function recommendationPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FormErrors,
  ) {
    const recommendation = await recommendationOf(request);
    const actions = await db
      .selectFrom('action_plan_actions')
      .select(['id', 'action', 'lead_name', 'due_on', 'status'])
      .where('scrutiny_recommendation_id', '=', recommendation.id)
      .where('organisation_id', '=', request.actor!.organisationId)
      .orderBy('created_at')
      .execute();
    const chosen = values.response ?? recommendation.response ?? '';
    return reply.view('scrutiny/views/recommendation.njk', {
      pageTitle: `Scrutiny recommendation ${recommendation.number}`,
      recommendation: {
        ...recommendation,
        responseName: recommendation.response ? responseNames[recommendation.response] : null,
      },
      actions,
      leads: [
        { value: '', text: 'No account: no email reminders', selected: !values.leadUserId },
        ...(await listLeadAccounts(db, request.actor!.organisationId)).map((lead) => ({
          value: lead.id,
          text: lead.display_name,
          selected: lead.id === values.leadUserId,
        })),
      ],
      responses: Object.entries(responseNames).map(([value, text]) => ({ value, text, checked: value === chosen })),
      values: {
        comment: recommendation.response_comment ?? '',
        responsibleMember: recommendation.responsible_member ?? '',
        ...dateValues('responded', recommendation.responded_on),
        ...values,
      },
      errors,
      mayManage: isAllowed(request.actor!, 'assurance:manage'),
      backLink: '/scrutiny',
    });
  }

  async function policyPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> | null,
    errors: FormErrors,
  ) {
    const row = await db
      .selectFrom('safeguarding_policy_reviews')
      .selectAll()
      .where('organisation_id', '=', request.actor!.organisationId)
      .executeTakeFirst();
    const dates = { lastReviewedOn: row?.last_reviewed_on ?? null, lastApprovedOn: row?.last_approved_on ?? null };
    return reply.view('scrutiny/views/policy.njk', {
      pageTitle: 'Safeguarding policy review dates',
      dates,
      due: policyReviewsDue(dates, todayInLondon()),
      values: values ?? {
        ...dateValues('reviewed', dates.lastReviewedOn),
        ...dateValues('approved', dates.lastApprovedOn),
      },
      version: values?.version ?? String(row?.version ?? 1),
      errors,
      mayManage: isAllowed(request.actor!, 'assurance:manage'),
      backLink: '/action-plan',
    });
  }
}

function recommendationForm(reply: FastifyReply, values: Record<string, string>, errors: FormErrors) {
  return reply.view('scrutiny/views/recommendation-form.njk', {
    pageTitle: 'Add a Scrutiny recommendation',
    values,
    errors,
    backLink: '/scrutiny',
  });
}
