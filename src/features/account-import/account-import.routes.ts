import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HavenDb } from '../../db/connect.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { HavenError, Refusal, errorCatalogue, refusalAsValue } from '../../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { readMultipartForm, withMultipartForms } from '../../web/multipart-form.ts';
import {
  changeUpload,
  findUpload,
  forgetUpload,
  keepUpload,
} from '../../uploads-between-steps/uploads-between-steps.ts';
import { applyImport } from './apply-import.ts';
import { decodeImportFile, maxImportBytes, readImportTable } from './import-file.ts';
import { type ColumnMapping, type ImportField, fieldLabels, importFields, planImport } from './import-plan.ts';
import { importContext } from './import.queries.ts';

const manage = { config: { access: 'accounts:manage' as const } };
const requiredFields: readonly ImportField[] = ['name', 'email'];
/** Multipart framing and the CSRF field around the file: a body larger than this is refused unread. */
const framingBytes = 64 * 1024;

// Guesses offered on the mapping page, from the header's words; the administrator confirms them.
const headerHints: Record<ImportField, RegExp> = {
  employeeNumber: /employee|staff.?(no|number|id)|payroll/i,
  name: /^(full.?)?name$|display.?name/i,
  email: /e-?mail/i,
  jobTitle: /job|title|position|post/i,
  serviceArea: /service|department|directorate|team/i,
  lineManager: /manager|supervisor|reports.?to/i,
  leaver: /leav|end.?date|status|termination/i,
};

/** The HR import: upload → choose columns → preview every row → confirm. Nothing is written before confirming. */
export function registerAccountImportRoutes(
  app: FastifyInstance,
  { db, invitationValidDays }: { db: HavenDb; invitationValidDays: number },
): void {
  const owner = (request: FastifyRequest) => request.actor!;
  const current = async (request: FastifyRequest) =>
    findUpload(db, 'account_imports', owner(request), request.session.accountImportId, request.server.clock());

  app.get('/accounts/import', manage, async (_request, reply) => renderUpload(reply, noErrors));

  withMultipartForms(app, maxImportBytes, (scope) => {
    scope.post('/accounts/import', manage, async (request, reply) => {
      // A file far over the cap (a 1GB upload) is refused on its declared size, without reading it.
      if (Number(request.headers['content-length'] ?? 0) > maxImportBytes + framingBytes)
        throw new HavenError('import-file-too-large');
      const { file } = await readMultipartForm(request);
      if (file?.truncated) throw new HavenError('import-file-too-large');
      const decoded = decodeImportFile(file?.bytes ?? Buffer.alloc(0));
      if ('problem' in decoded) return renderUpload(reply, formErrors([['file', decoded.problem]]), 400);
      const table = readImportTable(decoded.text);
      if ('problem' in table) return renderUpload(reply, formErrors([['file', table.problem]]), 400);
      request.session.accountImportId = await keepUpload(
        db,
        'account_imports',
        owner(request),
        { contents: decoded.text, mapping: null },
        request.server.clock(),
      );
      return reply.redirect('/accounts/import/columns', 303);
    });
  });

  app.get('/accounts/import/columns', manage, async (request, reply) => {
    const saved = await current(request);
    if (!saved) return reply.redirect('/accounts/import', 303);
    const table = readImportTable(saved.contents);
    if ('problem' in table) return reply.redirect('/accounts/import', 303);
    const mapping = saved.mapping ? (JSON.parse(saved.mapping) as ColumnMapping) : guessMapping(table.headers);
    return renderColumns(reply, table.headers, mapping, noErrors);
  });

  app.post('/accounts/import/columns', manage, async (request, reply) => {
    const saved = await current(request);
    if (!saved) return reply.redirect('/accounts/import', 303);
    const table = readImportTable(saved.contents);
    if ('problem' in table) return reply.redirect('/accounts/import', 303);
    const { mapping, errors } = parseMapping(request.body, table.headers.length);
    if (errors.list.length) return renderColumns(reply, table.headers, mapping, errors, 400);
    await changeUpload(db, 'account_imports', saved.id, { mapping: JSON.stringify(mapping) });
    return reply.redirect('/accounts/import/preview', 303);
  });

  const plan = async (request: FastifyRequest) => {
    const saved = await current(request);
    if (!saved?.mapping) return null;
    const table = readImportTable(saved.contents);
    if ('problem' in table) return null;
    const mapping = JSON.parse(saved.mapping) as ColumnMapping;
    const emails =
      mapping.email === null ? [] : table.rows.map((row) => (row.cells[mapping.email!] ?? '').trim().toLowerCase());
    const context = await importContext(
      db,
      owner(request).organisationId,
      emails,
      todayInLondon(request.server.clock()),
    );
    return { id: saved.id, plan: planImport(table.rows, mapping, context), areas: context.serviceAreas };
  };

  app.get('/accounts/import/preview', manage, async (request, reply) => {
    const prepared = await plan(request);
    if (!prepared) return reply.redirect('/accounts/import', 303);
    return renderPreview(reply, prepared, noErrors);
  });

  app.post('/accounts/import/confirm', manage, async (request, reply) => {
    const prepared = await plan(request);
    if (!prepared) return reply.redirect('/accounts/import', 303);
    const form = z.object({ sendInvitations: z.enum(['yes']).optional() }).safeParse(request.body ?? {});
    if (!form.success)
      return renderPreview(
        reply,
        prepared,
        formErrors([['sendInvitations', 'Choose whether to send invitations']]),
        400,
      );
    const admin = owner(request);
    const result = await refusalAsValue(() =>
      db.transaction().execute(async (trx) => {
        const done = await applyImport(trx, admin, prepared.plan, {
          sendInvitations: form.data.sendInvitations === 'yes',
          invitationValidDays,
          now: request.server.clock(),
        });
        await forgetUpload(trx, 'account_imports', prepared.id);
        return done;
      }),
    );
    if (result instanceof Refusal) {
      const entry = errorCatalogue[result.code];
      return renderPreview(
        reply,
        prepared,
        formErrors([['confirm', `${entry.title}. ${entry.message}`]]),
        entry.status,
      );
    }
    delete request.session.accountImportId;
    request.session.accountImportResult = result;
    return reply.redirect('/accounts?imported=1', 303);
  });
}

function renderUpload(reply: FastifyReply, errors: FormErrors, status = 200) {
  return reply.code(status).view('account-import/views/upload.njk', {
    pageTitle: 'Import accounts from an HR export',
    errors,
    backLink: '/accounts',
  });
}

function guessMapping(headers: readonly string[]): ColumnMapping {
  const used = new Set<number>();
  const mapping = {} as Record<ImportField, number | null>;
  for (const field of importFields) {
    const index = headers.findIndex((header, i) => !used.has(i) && headerHints[field].test(header));
    mapping[field] = index >= 0 ? index : null;
    if (index >= 0) used.add(index);
  }
  return mapping;
}

function parseMapping(body: unknown, columns: number): { mapping: ColumnMapping; errors: FormErrors } {
  const form = (body ?? {}) as Record<string, unknown>;
  const mapping = {} as Record<ImportField, number | null>;
  const problems: Array<[string, string]> = [];
  for (const field of importFields) {
    const value = form[field];
    const index = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : null;
    if (value !== undefined && value !== '' && (index === null || index >= columns))
      problems.push([field, `Choose a column from the list for “${fieldLabels[field]}”`]);
    else if (index === null && requiredFields.includes(field))
      problems.push([field, `Choose the column that holds the ${fieldLabels[field].toLowerCase()}`]);
    mapping[field] = index !== null && index < columns ? index : null;
  }
  return { mapping, errors: formErrors(problems) };
}

function renderColumns(
  reply: FastifyReply,
  headers: readonly string[],
  mapping: ColumnMapping,
  errors: FormErrors,
  status = 200,
) {
  return reply.code(status).view('account-import/views/columns.njk', {
    pageTitle: 'Which column holds what',
    fields: importFields.map((field) => ({
      name: field,
      label: fieldLabels[field],
      required: requiredFields.includes(field),
      items: [
        { value: '', text: 'Not in this file' },
        ...headers.map((header, i) => ({ value: String(i), text: header, selected: mapping[field] === i })),
      ],
    })),
    errors,
    backLink: '/accounts/import',
  });
}

function renderPreview(
  reply: FastifyReply,
  prepared: { plan: ReturnType<typeof planImport>; areas: ReadonlyArray<{ id: string; name: string }> },
  errors: FormErrors,
  status = 200,
) {
  const areaName = new Map(prepared.areas.map((area) => [area.id, area.name]));
  return reply.code(status).view('account-import/views/preview.njk', {
    pageTitle: 'Check the import',
    plan: prepared.plan,
    create: prepared.plan.create.map((row) => ({
      ...row,
      serviceArea: row.values.serviceAreaId ? areaName.get(row.values.serviceAreaId) : null,
    })),
    nothingToDo: !prepared.plan.create.length && !prepared.plan.update.length && !prepared.plan.deactivate.length,
    errors,
    backLink: '/accounts/import/columns',
  });
}
