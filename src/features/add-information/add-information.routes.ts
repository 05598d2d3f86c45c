import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { type FormErrors, formErrorsFromZod, noErrors } from '../../web/form-errors.ts';
import { addInformation, authorizeAddInformation } from './add-information.ts';
import { informationAnswers } from './add-information.schema.ts';

const access = { config: { access: 'concern:add-information' } } as const;
type WithConcernId = { Params: { concernId: string } };

/** "Add information": the reporter tells the safeguarding officer what is new (procedures 14.13). */
export function registerAddInformationRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get<WithConcernId>('/concerns/:concernId/add-information', access, async (request, reply) => {
    const concern = await authorizeAddInformation(db, request.actor!, request.params.concernId);
    return render(reply, concern, { information: '' }, noErrors);
  });

  app.post<WithConcernId>('/concerns/:concernId/add-information', access, async (request, reply) => {
    const actor = request.actor!;
    const concern = await authorizeAddInformation(db, actor, request.params.concernId);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = informationAnswers.safeParse(body);
    if (!result.success) {
      reply.code(400);
      return render(reply, concern, body, formErrorsFromZod(result.error));
    }
    await addInformation(db, actor, concern.id, result.data.information, request.id);
    return reply.redirect(`/concerns/${concern.id}`, 303);
  });
}

function render(
  reply: FastifyReply,
  concern: { id: string; reference: string },
  values: Record<string, unknown>,
  errors: FormErrors,
) {
  return reply.view('add-information/views/add-information.njk', {
    pageTitle: `Add information to concern ${concern.reference}`,
    backLink: `/concerns/${concern.id}`,
    action: `/concerns/${concern.id}/add-information`,
    concern,
    values,
    errors,
  });
}
