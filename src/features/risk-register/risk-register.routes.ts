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
import { parseControl, parseRescore, parseRisk, stages } from './risk-register.forms.ts';
import { findRisk, listControls, listRisks } from './risk-register.queries.ts';
import { addControl, raiseRisk, reviewRisk } from './risk-register.ts';

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
      risks: risks.map((risk) => ({ ...risk, controls: controls.filter((control) => control.risk_id === risk.id) })),
      chart: await heatMap(
        open.map((risk) => ({ title: risk.title, impact: risk.current.impact, probability: risk.current.probability })),
      ),
      open,
      pastReview: risks.filter((risk) => risk.reviewPast).length,
      mayManage: isAllowed(request.actor!, 'assurance:manage'),
    });
  });

  app.get('/risks/new', manage, async (_request, reply) => riskForm(reply, {}, noErrors));
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
    const risk = await riskOf(request);
    const body = (request.body ?? {}) as Body;
    const form = parseRescore(body);
    const outcome = form.ok ? await reviewRisk(db, request.actor!, risk.id, form.value) : form;
    if (outcome === 'reviewed') return reply.redirect(`/risks/${risk.id}`, 303);
    const errors = 'errors' in outcome ? outcome.errors : formErrors([['currentImpact', outcome.reason]]);
    reply.code('errors' in outcome ? 400 : 409);
    return riskPage(request, reply, typedValues(body), errors);
  });
  app.post('/risks/:riskId/controls', manage, async (request, reply) => {
    const risk = await riskOf(request);
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
      mayManage: isAllowed(request.actor!, 'assurance:manage'),
      values,
      errors,
      backLink: '/risks',
    });
  }
}

function riskForm(reply: FastifyReply, values: Record<string, string>, errors: FormErrors) {
  return reply.view('risk-register/views/risk-form.njk', {
    pageTitle: 'Add a risk',
    stages: stages.map(([key, name]) => ({
      key,
      name,
      impactItems: scaleItems(values[`${key}Impact`]),
      probabilityItems: scaleItems(values[`${key}Probability`]),
    })),
    kinds: [
      { value: 'threat', text: 'Threat', checked: values.kind === 'threat' },
      { value: 'opportunity', text: 'Opportunity', checked: values.kind === 'opportunity' },
    ],
    values,
    errors,
    backLink: '/risks',
  });
}
