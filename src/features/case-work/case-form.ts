import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor, Permission } from '../../domain/access-policy.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { authorizeConcern } from '../view-concern/view-concern.ts';
import { CaseStepRefused, ConcernChangedMeanwhile } from './change-case.ts';

export type AuthorizedConcern = Awaited<ReturnType<typeof authorizeConcern>>;
export type Parsed<Input> = { ok: true; input: Input } | { ok: false; errors: FormErrors };
type Params = Record<string, string> & { concernId: string };

/** One case-work form page: GET draws it, POST validates, saves, and returns to the concern. */
export type CaseForm<Input, Choices> = {
  path: string;
  access: Permission;
  template: string;
  title: string;
  choices: (db: HavenDb, actor: Actor, params: Params) => Promise<Choices>;
  parse: (body: Record<string, unknown>, choices: Choices) => Parsed<Input>;
  save: (context: {
    db: HavenDb;
    actor: Actor;
    concern: AuthorizedConcern;
    params: Params;
    version: number;
    input: Input;
    requestId: string;
  }) => Promise<void>;
};

const changedMeanwhile = formErrors([
  [
    'version',
    'Someone else changed this concern while you were working on it. Nothing you entered was saved: check the concern, then try again.',
    'concern-changed',
  ],
]);

export function registerCaseForm<Input, Choices>(app: FastifyInstance, db: HavenDb, form: CaseForm<Input, Choices>) {
  const url = `/concerns/:concernId/${form.path}`;
  const config = { config: { access: form.access } };

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
    try {
      await form.save({
        db,
        actor,
        concern,
        params: request.params,
        version,
        input: parsed.input,
        requestId: request.id,
      });
    } catch (error) {
      const refused =
        error instanceof CaseStepRefused ? formErrors([['version', error.message, 'concern-changed']]) : null;
      if (!(error instanceof ConcernChangedMeanwhile) && !refused) throw error;
      reply.code(409);
      const latest = await authorizeConcern(db, actor, concern.id);
      return render(reply, request, form, {
        concern: latest,
        choices,
        values: body,
        errors: refused ?? changedMeanwhile,
      });
    }
    return reply.redirect(`/concerns/${concern.id}`, 303);
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
