import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type ConcernToImport,
  type ImportLists,
  type RowProblem,
  isProblem,
  rowReader,
  unknownValues,
} from '../../concern-history/import-plan.ts';
import {
  type ImportField,
  type ImportMapping,
  dateFormatLabels,
  dateFormats,
  encodings,
  fieldLabels,
  importFields,
  readImportMapping,
  requiredFields,
} from '../../concern-history/import-mapping.ts';
import { decodeConcernFile, readConcernTable, type SourceTable } from '../../concern-history/import-source.ts';
import {
  insertImportedConcerns,
  listSavedMappings,
  loadImportLists,
  referencesInHaven,
  saveMappingAs,
} from '../../concern-history/import-concerns.queries.ts';
import { listClosureDays } from '../../concerns/organisation-lists.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import { HavenError } from '../../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { readMultipartForm, withMultipartForms } from '../../web/multipart-form.ts';
import {
  changeUpload,
  findUpload,
  forgetUpload,
  keepUpload,
} from '../../uploads-between-steps/uploads-between-steps.ts';

// Concern history from the system Haven replaces (issue 9): upload → columns and date format →
// the file's unknown department and category names → preview of every row → confirm. Nothing
// is written to concerns before confirming, and the confirmation writes in one transaction.

const access = { config: { access: 'reports:import' as const } };
/** A file uploaded through the web; larger ones go through the command line, which streams. */
export const maxWebImportBytes = 5 * 1024 * 1024;
const maxWebRows = 50_000;
const framingBytes = 64 * 1024;
const previewRows = 20;

const headerHints: Record<ImportField, RegExp> = {
  reference: /ref|case.?(no|number|id)|^id$/i,
  receivedAt: /received|reported|created|logged|^date/i,
  serviceArea: /service|department|directorate|team/i,
  categories: /categor|type|theme/i,
  summary: /summary|detail|description|what|narrative|notes/i,
  triagedAt: /triag/i,
  closedAt: /closed|closure|completed/i,
};

type Prepared = { id: string; fileName: string; table: SourceTable; mapping: ImportMapping | null };

export function registerConcernImportRoutes(app: FastifyInstance, { db }: { db: HavenDb }): void {
  const owner = (request: FastifyRequest) => request.actor!;
  const current = async (request: FastifyRequest): Promise<Prepared | null> => {
    const saved = await findUpload(
      db,
      'concern_imports',
      owner(request),
      request.session.concernImportId,
      request.server.clock(),
    );
    if (!saved) return null;
    const table = readConcernTable(saved.contents, maxWebRows);
    if ('problem' in table) return null;
    const mapping = saved.mapping ? readImportMapping(saved.mapping) : null;
    return {
      id: saved.id,
      fileName: saved.file_name,
      table,
      mapping: mapping && 'mapping' in mapping ? mapping.mapping : null,
    };
  };

  app.get('/insight/import', access, async (request, reply) => {
    const result = request.session.concernImportResult;
    delete request.session.concernImportResult;
    return renderUpload(reply, await listSavedMappings(db, owner(request).organisationId), {}, noErrors, 200, result);
  });

  withMultipartForms(app, maxWebImportBytes, (scope) => {
    scope.post('/insight/import', access, async (request, reply) => {
      if (Number(request.headers['content-length'] ?? 0) > maxWebImportBytes + framingBytes)
        throw new HavenError('concern-import-file-too-large');
      const { file, fields } = await readMultipartForm(request);
      if (file?.truncated) throw new HavenError('concern-import-file-too-large');
      const saved = await listSavedMappings(db, owner(request).organisationId);
      const form = z
        .object({ encoding: z.enum(encodings).default('auto'), savedMapping: z.string().max(40).default('') })
        .safeParse(fields);
      if (!form.success || (form.data.savedMapping && !saved.some((m) => m.id === form.data.savedMapping)))
        return renderUpload(
          reply,
          saved,
          fields,
          formErrors([['encoding', 'Choose an encoding and a saved mapping from the lists']]),
          400,
        );
      const decoded = decodeConcernFile(file?.bytes ?? Buffer.alloc(0), form.data.encoding);
      if ('problem' in decoded) return renderUpload(reply, saved, fields, formErrors([['file', decoded.problem]]), 400);
      const table = readConcernTable(decoded.text, maxWebRows);
      if ('problem' in table) return renderUpload(reply, saved, fields, formErrors([['file', table.problem]]), 400);
      const chosen = saved.find((m) => m.id === form.data.savedMapping);
      const reused = chosen ? readImportMapping(chosen.mapping) : null;
      const mapping: ImportMapping =
        reused && 'mapping' in reused
          ? { ...reused.mapping, encoding: form.data.encoding }
          : guessMapping(table.headers, form.data.encoding);
      request.session.concernImportId = await keepUpload(
        db,
        'concern_imports',
        owner(request),
        {
          file_name: (file?.fileName ?? 'file.csv').slice(0, 200),
          contents: decoded.text,
          mapping: JSON.stringify(mapping),
        },
        request.server.clock(),
      );
      return reply.redirect('/insight/import/columns', 303);
    });
  });

  app.get('/insight/import/columns', access, async (request, reply) => {
    const prepared = await current(request);
    if (!prepared?.mapping) return reply.redirect('/insight/import', 303);
    return renderColumns(reply, prepared, prepared.mapping, noErrors);
  });

  app.post('/insight/import/columns', access, async (request, reply) => {
    const prepared = await current(request);
    if (!prepared?.mapping) return reply.redirect('/insight/import', 303);
    const { mapping, errors } = parseColumns(request.body, prepared.table.headers, prepared.mapping);
    if (errors.list.length) return renderColumns(reply, prepared, mapping, errors, 400);
    await changeUpload(db, 'concern_imports', prepared.id, { mapping: JSON.stringify(mapping) });
    return reply.redirect('/insight/import/values', 303);
  });

  app.get('/insight/import/values', access, async (request, reply) => {
    const prepared = await current(request);
    if (!prepared?.mapping) return reply.redirect('/insight/import', 303);
    const lists = await loadImportLists(db, owner(request).organisationId);
    return renderValues(
      reply,
      prepared.mapping,
      unknownValues(prepared.table.headers, prepared.table.rows, prepared.mapping, lists),
      lists,
      noErrors,
    );
  });

  app.post('/insight/import/values', access, async (request, reply) => {
    const prepared = await current(request);
    if (!prepared?.mapping) return reply.redirect('/insight/import', 303);
    const lists = await loadImportLists(db, owner(request).organisationId);
    const unknown = unknownValues(prepared.table.headers, prepared.table.rows, prepared.mapping, lists);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const problems: Array<[string, string]> = [];
    const choose = (kind: 'serviceArea' | 'category', values: string[], items: ImportLists['serviceAreas']) => {
      const chosen: Record<string, string | null> = {};
      values.forEach((value, i) => {
        const field = `${kind}-${i}`;
        const answer = form[field];
        if (answer === 'ignore') chosen[value] = null;
        else if (typeof answer === 'string' && items.some((item) => item.name === answer)) chosen[value] = answer;
        else problems.push([field, `Choose what “${value}” is in Haven, or to ignore it`]);
      });
      return chosen;
    };
    const serviceAreas = choose('serviceArea', unknown.serviceAreas, lists.serviceAreas);
    const categories = choose('category', unknown.categories, lists.categories);
    if (problems.length) return renderValues(reply, prepared.mapping, unknown, lists, formErrors(problems), 400, form);
    const mapping: ImportMapping = {
      ...prepared.mapping,
      serviceAreas: { ...prepared.mapping.serviceAreas, ...serviceAreas },
      categories: { ...prepared.mapping.categories, ...categories },
    };
    await changeUpload(db, 'concern_imports', prepared.id, { mapping: JSON.stringify(mapping) });
    return reply.redirect('/insight/import/preview', 303);
  });

  const plan = async (request: FastifyRequest, prepared: Prepared & { mapping: ImportMapping }) => {
    const organisationId = owner(request).organisationId;
    const lists = await loadImportLists(db, organisationId);
    const read = rowReader(prepared.table.headers, prepared.mapping, lists, request.server.clock());
    if (typeof read !== 'function') return { missing: read.missing };
    const results = prepared.table.rows.map((row) => read(row));
    const ready = results.filter((r): r is ConcernToImport => !isProblem(r));
    const problems = results.filter(isProblem);
    const inHaven = await referencesInHaven(
      db,
      organisationId,
      ready.map((r) => r.originalReference),
    );
    return {
      toImport: ready.filter((r) => !inHaven.has(r.originalReference)),
      alreadyInHaven: ready.filter((r) => inHaven.has(r.originalReference)).length,
      problems,
      lists,
    };
  };

  app.get('/insight/import/preview', access, async (request, reply) => {
    const prepared = await current(request);
    if (!prepared?.mapping) return reply.redirect('/insight/import', 303);
    const planned = await plan(request, { ...prepared, mapping: prepared.mapping });
    if ('missing' in planned) return reply.redirect('/insight/import/columns', 303);
    return renderPreview(reply, prepared, planned, noErrors);
  });

  app.post('/insight/import/confirm', access, async (request, reply) => {
    const prepared = await current(request);
    if (!prepared?.mapping) return reply.redirect('/insight/import', 303);
    const mapping = prepared.mapping;
    const planned = await plan(request, { ...prepared, mapping });
    if ('missing' in planned) return reply.redirect('/insight/import/columns', 303);
    const form = z
      .object({ mappingName: z.string().trim().max(100, 'The name must be 100 characters or fewer').default('') })
      .safeParse(request.body ?? {});
    const name = form.success ? form.data.mappingName : '';
    if (!form.success || !name || /\p{Cc}/u.test(name))
      return renderPreview(
        reply,
        prepared,
        planned,
        formErrors([
          [
            'mappingName',
            form.success && !name
              ? 'Enter a name for this mapping, so it can be used again'
              : 'The name must be 100 characters or fewer, without control characters',
          ],
        ]),
        400,
        request.body,
      );
    const now = request.server.clock();
    const actor = owner(request);
    const closureDays = await listClosureDays(db, actor.organisationId);
    const imported = await db.transaction().execute(async (trx) => {
      const done = await insertImportedConcerns(trx, actor, planned.toImport, {
        closureDays,
        now,
        requestId: request.id,
      });
      await saveMappingAs(trx, actor, name, JSON.stringify(mapping), now);
      await forgetUpload(trx, 'concern_imports', prepared.id);
      return done;
    });
    delete request.session.concernImportId;
    request.session.concernImportResult = {
      imported,
      alreadyInHaven: planned.alreadyInHaven,
      leftOut: planned.problems.length,
    };
    return reply.redirect('/insight/import', 303);
  });
}

function guessMapping(headers: readonly string[], encoding: ImportMapping['encoding']): ImportMapping {
  const used = new Set<number>();
  const columns: Partial<Record<ImportField, string | null>> = {};
  for (const field of importFields) {
    const index = headers.findIndex((header, i) => !used.has(i) && headerHints[field].test(header));
    columns[field] = index >= 0 ? headers[index]! : null;
    if (index >= 0) used.add(index);
  }
  return {
    version: 1,
    columns,
    dateFormat: 'dd/mm/yyyy hh:mm',
    categorySeparator: ';',
    encoding,
    serviceAreas: {},
    categories: {},
  };
}

function parseColumns(body: unknown, headers: readonly string[], previous: ImportMapping) {
  const form = (body ?? {}) as Record<string, unknown>;
  const problems: Array<[string, string]> = [];
  const columns: Partial<Record<ImportField, string | null>> = {};
  for (const field of importFields) {
    const value = form[field];
    const index = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : null;
    if (value !== undefined && value !== '' && (index === null || index >= headers.length))
      problems.push([field, `Choose a column from the list for “${fieldLabels[field]}”`]);
    else if (index === null && requiredFields.includes(field))
      problems.push([field, `Choose the column that holds the ${fieldLabels[field].toLowerCase()}`]);
    columns[field] = index !== null && index < headers.length ? headers[index]! : null;
  }
  const dateFormat = dateFormats.find((format) => format === form.dateFormat);
  if (!dateFormat) problems.push(['dateFormat', 'Choose how the file writes its dates']);
  const separator = typeof form.categorySeparator === 'string' ? form.categorySeparator : '';
  if (!/^[^\p{L}\p{N}\p{Cc}]{1,3}$/u.test(separator))
    problems.push([
      'categorySeparator',
      'Enter the character that separates several categories in one cell, like ; or |',
    ]);
  const mapping: ImportMapping = {
    ...previous,
    columns,
    dateFormat: dateFormat ?? previous.dateFormat,
    categorySeparator: problems.some(([f]) => f === 'categorySeparator') ? previous.categorySeparator : separator,
  };
  return { mapping, errors: formErrors(problems) };
}

type SavedMapping = { id: string; name: string };

function renderUpload(
  reply: FastifyReply,
  saved: readonly SavedMapping[],
  typed: Record<string, string>,
  errors: FormErrors,
  status = 200,
  result?: { imported: number; alreadyInHaven: number; leftOut: number },
) {
  return reply.code(status).view('concern-import/views/upload.njk', {
    pageTitle: 'Import concern history',
    result,
    encodings: [
      { value: 'auto', text: 'Find out from the file', checked: !typed.encoding || typed.encoding === 'auto' },
      { value: 'utf-8', text: 'UTF-8 (“CSV UTF-8”)', checked: typed.encoding === 'utf-8' },
      { value: 'windows-1252', text: 'Windows-1252 (Excel’s “CSV”)', checked: typed.encoding === 'windows-1252' },
    ],
    savedMappings: [
      { value: '', text: 'None: choose the columns' },
      ...saved.map((m) => ({ value: m.id, text: m.name, selected: typed.savedMapping === m.id })),
    ],
    errors,
    backLink: '/insight',
  });
}

function renderColumns(
  reply: FastifyReply,
  prepared: Prepared,
  mapping: ImportMapping,
  errors: FormErrors,
  status = 200,
) {
  const headers = prepared.table.headers;
  return reply.code(status).view('concern-import/views/columns.njk', {
    pageTitle: 'Which column holds what',
    fileName: prepared.fileName,
    rows: prepared.table.rows.length,
    fields: importFields.map((field) => ({
      name: field,
      label: fieldLabels[field] + (requiredFields.includes(field) ? '' : ' (optional)'),
      items: [
        { value: '', text: 'Not in this file' },
        ...headers.map((header, i) => ({
          value: String(i),
          text: header,
          selected: mapping.columns[field] === header,
        })),
      ],
    })),
    dateFormats: dateFormats.map((format) => ({
      value: format,
      text: dateFormatLabels[format],
      checked: mapping.dateFormat === format,
    })),
    separator: mapping.categorySeparator,
    errors,
    backLink: '/insight/import',
  });
}

function renderValues(
  reply: FastifyReply,
  mapping: ImportMapping,
  unknown: { serviceAreas: string[]; categories: string[] },
  lists: ImportLists,
  errors: FormErrors,
  status = 200,
  typed: Record<string, unknown> = {},
) {
  const choices = (kind: string, values: string[], items: ImportLists['serviceAreas'], ignoreText: string) =>
    values.map((value, i) => {
      const field = `${kind}-${i}`;
      return {
        field,
        value,
        items: [
          { value: '', text: 'Choose' },
          ...items.map((item) => ({ value: item.name, text: item.name, selected: typed[field] === item.name })),
          { value: 'ignore', text: ignoreText, selected: typed[field] === 'ignore' },
        ],
      };
    });
  return reply.code(status).view('concern-import/views/values.njk', {
    pageTitle: 'What the file’s names are in Haven',
    serviceAreas: choices('serviceArea', unknown.serviceAreas, lists.serviceAreas, 'Ignore (leave these rows out)'),
    categories: choices('category', unknown.categories, lists.categories, 'Ignore (import without this category)'),
    separator: mapping.categorySeparator,
    errors,
    backLink: '/insight/import/columns',
  });
}

function renderPreview(
  reply: FastifyReply,
  prepared: Prepared,
  planned: {
    toImport: readonly ConcernToImport[];
    alreadyInHaven: number;
    problems: readonly RowProblem[];
    lists: ImportLists;
  },
  errors: FormErrors,
  status = 200,
  typed: unknown = {},
) {
  const areaName = new Map(planned.lists.serviceAreas.map((a) => [a.id, a.name]));
  const categoryName = new Map(planned.lists.categories.map((c) => [c.id, c.name]));
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' });
  const name = (typed as { mappingName?: unknown }).mappingName;
  return reply.code(status).view('concern-import/views/preview.njk', {
    pageTitle: 'Check the import',
    fileName: prepared.fileName,
    toImport: planned.toImport.length,
    alreadyInHaven: planned.alreadyInHaven,
    problems: planned.problems,
    sample: planned.toImport.slice(0, previewRows).map((row) => ({
      line: row.line,
      reference: row.originalReference,
      receivedAt: day.format(new Date(row.receivedAt)),
      serviceArea: areaName.get(row.serviceAreaId),
      categories: row.categoryIds.map((id) => categoryName.get(id)).join(', ') || 'None',
    })),
    mappingName: typeof name === 'string' ? name.slice(0, 200) : 'Previous system',
    errors,
    backLink: '/insight/import/values',
  });
}
