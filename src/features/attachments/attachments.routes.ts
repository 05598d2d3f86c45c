import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { canAddAttachment } from '../../domain/access-policy.ts';
import { HavenError } from '../../errors.ts';
import { formErrors, noErrors, type FormErrors } from '../../web/form-errors.ts';
import { authorizeConcern } from '../../concerns/concern-access.ts';
import { attachFile } from './attach-file.ts';
import type { AttachmentStore } from './attachment-store.ts';
import { openAttachment } from './open-attachment.ts';

type Params = { concernId: string; attachmentId?: string };
type Field = { value?: unknown } | undefined;
type FilePart = { bytes: Buffer; truncated: boolean; fileName: string };

/** Photos and letters on a concern: added by its reporter or a case worker, read by whoever may see it. */
export function registerAttachmentRoutes(app: FastifyInstance, db: HavenDb, store: AttachmentStore): void {
  const mayAdd = async (request: FastifyRequest<{ Params: Params }>) => {
    const concern = await authorizeConcern(db, request.actor!, request.params.concernId);
    if (!canAddAttachment(request.actor!, concern)) throw new HavenError('not-found');
    return concern;
  };

  app.get<{ Params: Params }>(
    '/concerns/:concernId/attachments/new',
    { config: { access: 'attachment:add' } },
    async (request, reply) => renderForm(reply, await mayAdd(request), {}, noErrors),
  );

  app.post<{ Params: Params }>(
    '/concerns/:concernId/attachments/new',
    { config: { access: 'attachment:add' } },
    async (request, reply) => {
      const concern = await mayAdd(request);
      const body = (request.body ?? {}) as Record<string, Field>;
      const description = typeof body.description?.value === 'string' ? body.description.value.trim() : '';
      const file = body.file?.value as FilePart | undefined;
      const problems: Array<[string, string]> = [];
      if (description.length > 500) problems.push(['description', 'The description must be 500 characters or fewer']);
      const upload = {
        bytes: file?.bytes ?? Buffer.alloc(0),
        truncated: file?.truncated ?? false,
        fileName: file?.fileName ?? '',
        description,
      };
      if (!problems.length) {
        const result = await attachFile(db, store, request.actor!, concern.id, upload, request.id);
        if (result.ok) return reply.redirect(`/concerns/${concern.id}#attachments`, 303);
        problems.push(['file', result.message]);
      } else if (!file?.bytes.length) {
        problems.push(['file', 'Select a file']);
      }
      reply.code(400);
      return renderForm(reply, concern, { description }, formErrors(problems));
    },
  );

  app.get<{ Params: Params }>(
    '/concerns/:concernId/attachments/:attachmentId',
    { config: { access: 'concern:view' } },
    async (request, reply) => {
      const actor = request.actor!;
      const { concernId, attachmentId = '' } = request.params;
      const attachment = await openAttachment(db, actor, { concernId, attachmentId }, request.id);
      // Served as a download in a sandbox, whatever it claims to be, so it cannot run in Haven's origin.
      return reply
        .header('content-type', attachment.contentType)
        .header('content-length', attachment.sizeBytes)
        .header('content-disposition', `attachment; filename="${attachment.fileName}"`)
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cache-control', 'no-store')
        .send(store.read(actor.organisationId, attachment.id));
    },
  );
}

function renderForm(
  reply: FastifyReply,
  concern: { id: string; reference: string },
  values: Record<string, unknown>,
  errors: FormErrors,
) {
  return reply.view('attachments/views/attach.njk', {
    pageTitle: `Attach a file – ${concern.reference}`,
    backLink: `/concerns/${concern.id}`,
    concern,
    values,
    errors,
  });
}
