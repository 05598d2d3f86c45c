import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { typedValues } from '../../assurance/form-fields.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { RiskTable } from '../../db/schema.ts';
import { isAllowed } from '../../domain/access-policy.ts';
import { isRiskReviewPast } from '../../domain/assurance-dates.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { bandNames, riskBand, riskScore, scaleValues } from '../../domain/risk-score.ts';
import { HavenError } from '../../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { heatMap } from './heat-map.ts';
import {
  parseControl,
  parseControlChange,
  parseRescore,
  parseRisk,
  parseRiskChange,
  parseRiskVersion,
  stages,
} from './risk-register.forms.ts';
import { findControl, findRisk, listControls, listRisks } from './risk-register.queries.ts';
import {
  addControl,
  changeControl,
  changeRisk,
  closeRisk,
  raiseRisk,
  removeControl,
  reviewRisk,
} from './risk-register.ts';

// The safeguarding policy's risk register (appendix 4; the council's risk toolkit): gross,
// current and residual scores, controls, a heat map of current scores with its table, and
// risks past their review date flagged.

const view = { config: { access: 'assurance:view' } } as const;
const manage = { config: { access: 'assurance:manage' } } as const;
type Body = Record<string, unknown>;
type Risk = Omit<RiskTable, 'version'> & { version: number };

function scored(risk: Risk, today: string) {
  const score = (stage: 'gross' | 'current' | 'residual') => {
    const value = riskScore(risk[`${stage}_impact`], risk[`${stage}_probability`]);
    return {
      impact: risk[`${stage}_impact`],
      probability: risk[`${stage}_probability`],
      score: value,
      band: bandNames[riskBand(value)],
    };
  };
  return {
    ...risk,
    kindName: risk.kind === 'threat' ? 'Threat' : 'Opportunity',
    gross: score('gross'),
    current: score('current'),
    residual: score('residual'),
    reviewPast: isRiskReviewPast(risk, today),
  };
}

const scaleItems = (chosen: string | undefined) => [
  { value: '', text: 'Choose' },
  ...scaleValues.map((n) => ({ value: String(n), text: String(n), selected: String(n) === chosen })),
];

export function registerRiskRegisterRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/risks', view, async (request, reply) => {
    const today = todayInLondon();
    const risks = (await listRisks(db, request.actor!.organisationId)).map((risk) => scored(risk, today));
    const open = risks.filter((risk) => !risk.closed_on);
    const controls = await listControls(
      db,
      risks.map((risk) => risk.id),
    );
    return reply.view('risk-register/views/risks.njk', {
      pageTitle: 'Risk register',
      risks: risks
        .filter((risk) => !risk.closed_on)
        .map((risk) => ({ ...risk, controls: controls.filter((control) => control.risk_id === risk.id) })),
      chart: await heatMap(
        open.map((risk) => ({ title: risk.title, impact: risk.current.impact, probability: risk.current.probability })),
      ),
      open,
      closed: risks.filter((risk) => risk.closed_on),
      pastReview: risks.filter((risk) => risk.reviewPast).length,
      mayManage: isAllowed(request.actor!, 'assurance:manage'),
    });
  });

  app.get('/risks/new', manage, async (_request, reply) => riskForm(reply, {}, noErrors));

  app.get('/risks/:riskId/change', manage, async (request, reply) => {
    const risk = await openRiskOf(request);
    return riskForm(reply, riskValues(risk), noErrors, risk);
  });
  app.post('/risks/:riskId/change', manage, async (request, reply) => {
    const risk = await openRiskOf(request);
    const body = (request.body ?? {}) as Body;
    const form = parseRiskChange(body);
    const outcome = form.ok ? await changeRisk(db, request.actor!, risk.id, form.value) : form;
    if (outcome === 'changed') return reply.redirect(`/risks/${risk.id}`, 303);
    const errors = 'errors' in outcome ? outcome.errors : formErrors([['title', outcome.reason]]);
    reply.code('errors' in outcome ? 400 : 409);
    return riskForm(reply, typedValues(body), errors, risk);
  });
  app.post('/risks/:riskId/closure', manage, async (request, reply) => {
    const risk = await riskOf(request);
    const body = (request.body ?? {}) as Body;
    const form = parseRiskVersion(body);
    const outcome = form.ok ? await closeRisk(db, request.actor!, risk.id, form.value.version) : form;
    if (outcome === 'changed') return reply.redirect('/risks#closed-risks', 303);
    const errors = 'errors' in outcome ? outcome.errors : formErrors([['close', outcome.reason]]);
    reply.code('errors' in outcome ? 400 : 409);
    return riskPage(request, reply, {}, errors);
  });

  app.get('/risks/:riskId/controls/:controlId', manage, async (request, reply) => {
    const { risk, control } = await controlOf(request);
    return controlForm(reply, risk, control, controlValues(control, risk.version), noErrors);
  });
  app.post('/risks/:riskId/controls/:controlId', manage, async (request, reply) => {
    const { risk, control } = await controlOf(request);
    const body = (request.body ?? {}) as Body;
    const form = parseControlChange(body, control.due_on);
    const outcome = form.ok ? await changeControl(db, request.actor!, risk.id, control.id, form.value) : form;
    if (outcome === 'changed') return reply.redirect(`/risks/${risk.id}`, 303);
    const errors = 'errors' in outcome ? outcome.errors : formErrors([['description', outcome.reason]]);
    reply.code('errors' in outcome ? 400 : 409);
    return controlForm(reply, risk, control, typedValues(body), errors);
  });
  app.post('/risks/:riskId/controls/:controlId/removal', manage, async (request, reply) => {
    const { risk, control } = await controlOf(request);
    const body = (request.body ?? {}) as Body;
    const form = parseRiskVersion(body);
    const outcome = form.ok ? await removeControl(db, request.actor!, risk.id, control.id, form.value.version) : form;
    if (outcome === 'changed') return reply.redirect(`/risks/${risk.id}`, 303);
    const errors = 'errors' in outcome ? outcome.errors : formErrors([['remove', outcome.reason]]);
    reply.code('errors' in outcome ? 400 : 409);
    return controlForm(reply, risk, control, controlValues(control, risk.version), errors);
  });
  app.post('/risks/new', manage, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const form = parseRisk(body);
    if (!form.ok) {
      reply.code(400);
      return riskForm(reply, typedValues(body), form.errors);
    }
    const id = await raiseRisk(db, request.actor!, form.value);
    return reply.redirect(`/risks/${id}`, 303);
  });

  app.get('/risks/:riskId', view, async (request, reply) => riskPage(request, reply, {}, noErrors));
  app.post('/risks/:riskId/review', manage, async (request, reply) => {
    const risk = await openRiskOf(request);
    const body = (request.body ?? {}) as Body;
    const form = parseRescore(body);
    const outcome = form.ok ? await reviewRisk(db, request.actor!, risk.id, form.value) : form;
    if (outcome === 'reviewed') return reply.redirect(`/risks/${risk.id}`, 303);
    const errors = 'errors' in outcome ? outcome.errors : formErrors([['currentImpact', outcome.reason]]);
    reply.code('errors' in outcome ? 400 : 409);
    return riskPage(request, reply, typedValues(body), errors);
  });
  app.post('/risks/:riskId/controls', manage, async (request, reply) => {
    const risk = await openRiskOf(request);
    const body = (request.body ?? {}) as Body;
    const form = parseControl(body);
    if (!form.ok) {
      reply.code(400);
      return riskPage(request, reply, typedValues(body), form.errors);
    }
    await addControl(db, request.actor!, risk.id, form.value);
    return reply.redirect(`/risks/${risk.id}`, 303);
  });

  async function riskOf(request: FastifyRequest) {
    const { riskId } = request.params as { riskId: string };
    const risk = await findRisk(db, request.actor!.organisationId, riskId);
    if (!risk) throw new HavenError('not-found');
    return risk;
  }

  /** A risk that may still be changed: a closed one is shown, not offered for change. */
  async function openRiskOf(request: FastifyRequest) {
    const risk = await riskOf(request);
    if (risk.closed_on) throw new HavenError('not-found');
    return risk;
  }
  async function controlOf(request: FastifyRequest) {
    const risk = await openRiskOf(request);
    const { controlId } = request.params as { controlId: string };
    const control = await findControl(db, risk.id, controlId);
    if (!control) throw new HavenError('not-found');
    return { risk, control };
  }

  async function riskPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FormErrors,
  ) {
    const risk = scored(await riskOf(request), todayInLondon());
    return reply.view('risk-register/views/risk.njk', {
      pageTitle: risk.title,
      risk,
      controls: await listControls(db, [risk.id]),
      impactItems: scaleItems(values.currentImpact ?? String(risk.current.impact)),
      probabilityItems: scaleItems(values.currentProbability ?? String(risk.current.probability)),
      mayManage: isAllowed(request.actor!, 'assurance:manage') && !risk.closed_on,
      values,
      errors,
      backLink: '/risks',
    });
  }
}

type StoredRisk = NonNullable<Awaited<ReturnType<typeof findRisk>>>;
type StoredControl = NonNullable<Awaited<ReturnType<typeof findControl>>>;

function dateValues(name: string, date: string | null): Record<string, string> {
  if (!date) return {};
  return {
    [`${name}-day`]: String(Number(date.slice(8, 10))),
    [`${name}-month`]: String(Number(date.slice(5, 7))),
    [`${name}-year`]: date.slice(0, 4),
  };
}

/** The risk as it stands, in the change form's fields. */
function riskValues(risk: StoredRisk): Record<string, string> {
  return {
    title: risk.title,
    description: risk.description,
    kind: risk.kind,
    cause: risk.cause ?? '',
    consequence: risk.consequence ?? '',
    ownerName: risk.owner_name,
    grossImpact: String(risk.gross_impact),
    grossProbability: String(risk.gross_probability),
    residualImpact: String(risk.residual_impact),
    residualProbability: String(risk.residual_probability),
    version: String(risk.version),
  };
}

function controlValues(control: StoredControl, version: number): Record<string, string> {
  return {
    description: control.description,
    status: control.status,
    progress: control.progress_percent === null ? '' : String(control.progress_percent),
    actionOwner: control.action_owner ?? '',
    version: String(version),
    ...dateValues('due', control.due_on),
  };
}

function controlForm(
  reply: FastifyReply,
  risk: StoredRisk,
  control: StoredControl,
  values: Record<string, string>,
  errors: FormErrors,
) {
  return reply.view('risk-register/views/control-form.njk', {
    pageTitle: 'Change a control',
    risk,
    control,
    values: { ...values, version: values.version ?? String(risk.version) },
    errors,
    backLink: `/risks/${risk.id}`,
  });
}

function riskForm(reply: FastifyReply, values: Record<string, string>, errors: FormErrors, changing?: StoredRisk) {
  // The change form leaves out the current score, comments and dates: a review changes those.
  const shownStages = changing ? stages.filter(([key]) => key !== 'current') : stages;
  return reply.view('risk-register/views/risk-form.njk', {
    pageTitle: changing ? 'Change the risk' : 'Add a risk',
    changing,
    formAction: changing ? `/risks/${changing.id}/change` : '/risks/new',
    stages: shownStages.map(([key, name]) => ({
      key,
      name,
      impactItems: scaleItems(values[`${key}Impact`]),
      probabilityItems: scaleItems(values[`${key}Probability`]),
    })),
    kinds: [
      { value: 'threat', text: 'Threat', checked: values.kind === 'threat' },
      { value: 'opportunity', text: 'Opportunity', checked: values.kind === 'opportunity' },
    ],
    values: changing ? { ...values, version: values.version ?? String(changing.version) } : values,
    errors,
    backLink: changing ? `/risks/${changing.id}` : '/risks',
  });
}
