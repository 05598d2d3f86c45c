import { validateHeaderValue } from 'node:http';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { canAddAttachment } from '../../domain/access-policy.ts';
import { maxAttachmentBytes } from '../../domain/attachment-rules.ts';
import { HavenError } from '../../errors.ts';
import { formErrors, noErrors, type FormErrors } from '../../web/form-errors.ts';
import { readMultipartForm, withMultipartForms } from '../../web/multipart-form.ts';
import type { AttachmentStore } from '../../attachment-store/attachment-store.ts';
import { recordAuditEvents } from '../../concerns/audit.queries.ts';
import { authorizeConcern } from '../../concerns/concern-access.ts';
import { attachFile } from './attach-file.ts';
import { findAttachment } from './attachments.queries.ts';

type Params = { concernId: string; attachmentId?: string };

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

  // The one route that takes a file: the concern is checked before the file is read.
  withMultipartForms(app, maxAttachmentBytes, (scope) => {
    scope.post<{ Params: Params }>(
      '/concerns/:concernId/attachments/new',
      { config: { access: 'attachment:add' } },
      async (request, reply) => {
        const concern = await mayAdd(request);
        const { fields, file } = await readMultipartForm(request);
        const description = (fields.description ?? '').trim();
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
  });

  app.get<{ Params: Params }>(
    '/concerns/:concernId/attachments/:attachmentId',
    { config: { access: 'concern:view' } },
    async (request, reply) => {
      const actor = request.actor!;
      const concern = await authorizeConcern(db, actor, request.params.concernId);
      const attachment = await findAttachment(db, actor, concern.id, request.params.attachmentId ?? '');
      if (!attachment) throw new HavenError('not-found');
      // Everything that could still fail is settled first (the file opens, every header is
      // valid), so the audit row records a download that is really served, and nothing is
      // served unaudited.
      const headers = downloadHeaders(attachment);
      for (const [name, value] of Object.entries(headers)) validateHeaderValue(name, value);
      const file = await store.open(actor.organisationId, attachment.id);
      try {
        await recordAuditEvents(db, actor, 'attachment.downloaded', [concern.id], request.id);
      } catch (error) {
        file.destroy();
        throw error;
      }
      return reply.headers(headers).send(file);
    },
  );
}

/** Served as a download in a sandbox, whatever it claims to be, so it cannot run in Haven's origin. */
function downloadHeaders(attachment: { contentType: string; sizeBytes: number; fileName: string }) {
  return {
    'content-type': attachment.contentType,
    'content-length': String(attachment.sizeBytes),
    // RFC 6266: an ASCII name for old clients and the real one, in any script, as filename*.
    'content-disposition': contentDisposition(attachment.fileName, { fallback: asciiFallback(attachment.fileName) }),
    'content-security-policy': "sandbox; default-src 'none'",
    'cache-control': 'no-store',
  };
}

/** "Mum’s café.pdf" → "Mum_s cafe.pdf": accents dropped, anything else outside ASCII replaced. */
function asciiFallback(fileName: string): string {
  return fileName
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[^\x20-\x7e]/gu, '_');
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
