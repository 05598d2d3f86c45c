import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { HavenDb } from '../db/connect.ts';
import type { Actor, Permission } from '../domain/access-policy.ts';
import { Refusal, refusalAsValue } from '../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../web/form-errors.ts';
import type { CaseFormStep, Params } from './change-case.ts';
import { type AuthorizedConcern, authorizeConcern } from './concern-access.ts';

export type Parsed<Input> = { ok: true; input: Input } | { ok: false; errors: FormErrors };

/** One case-work form page: GET draws it, POST validates, saves, and returns to the concern. */
export type CaseForm<Input, Choices> = {
  path: string;
  access: Permission;
  template: string;
  title: string;
  choices: (db: HavenDb, actor: Actor, params: Params) => Promise<Choices>;
  parse: (body: Record<string, unknown>, choices: Choices) => Parsed<Input>;
  save: CaseFormStep<Input>;
  /** Runs before GET and POST, e.g. web/recent-authentication.ts for sensitive steps. */
  guard?: preHandlerAsyncHookHandler;
};

export function registerCaseForm<Input, Choices>(app: FastifyInstance, db: HavenDb, form: CaseForm<Input, Choices>) {
  const url = `/concerns/:concernId/${form.path}`;
  const config = { config: { access: form.access }, ...(form.guard ? { preHandler: form.guard } : {}) };

  app.get<{ Params: Params }>(url, config, async (request, reply) => {
    const concern = await authorizeConcern(db, request.actor!, request.params.concernId);
    const choices = await form.choices(db, request.actor!, request.params);
    return render(reply, request, form, { concern, choices, values: {}, errors: noErrors });
  });

  app.post<{ Params: Params }>(url, config, async (request, reply) => {
    const actor = request.actor!;
    const concern = await authorizeConcern(db, actor, request.params.concernId);
    const choices = await form.choices(db, actor, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = form.parse(body, choices);
    if (!parsed.ok) {
      reply.code(400);
      return render(reply, request, form, { concern, choices, values: body, errors: parsed.errors });
    }
    // A version that is not a whole number was tampered with: "changed meanwhile", never a database error.
    const version = /^\d{1,9}$/.test(String(body.version)) ? Number(body.version) : -1;
    const { params, input } = { params: request.params, input: parsed.input };
    const refused = await refusalAsValue(() =>
      form.save({ db, actor, concern, params, version, input, requestId: request.id }),
    );
    if (!(refused instanceof Refusal)) return reply.redirect(`/concerns/${concern.id}`, 303);
    reply.code(refused.status);
    const latest = await authorizeConcern(db, actor, concern.id);
    const errors = formErrors([['version', refused.reason, 'concern-changed']]);
    return render(reply, request, form, { concern: latest, choices, values: body, errors });
  });
}

function render<Input, Choices>(
  reply: FastifyReply,
  request: FastifyRequest<{ Params: Params }>,
  form: CaseForm<Input, Choices>,
  context: { concern: AuthorizedConcern; choices: Choices; values: Record<string, unknown>; errors: FormErrors },
) {
  return reply.view(form.template, {
    pageTitle: `${form.title} – ${context.concern.reference}`,
    title: form.title,
    action: request.url.split('?')[0],
    backLink: `/concerns/${context.concern.id}`,
    ...context,
  });
}
