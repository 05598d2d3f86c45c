import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { importSelfAssessmentReturn } from '../../assurance/self-assessment-import.ts';
import type { HavenDb } from '../../db/connect.ts';
import { type ParsedReturn, parseSelfAssessmentReturn } from '../../domain/self-assessment-return.ts';
import { decodeText } from '../../domain/text-encoding.ts';
import { HavenError, Refusal, errorCatalogue, refusalAsValue } from '../../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { docxType } from '../../web/document-types.ts';
import { readMultipartForm, withMultipartForms } from '../../web/multipart-form.ts';
import { findUpload, forgetUpload, keepUpload } from '../../uploads-between-steps/uploads-between-steps.ts';
import { findAssessmentForExport } from './self-assessment-documents.queries.ts';

// The self-assessment as a document (issue 10): a past return imported from its text (upload →
// preview with what was inferred → confirm; every problem by line, nothing written before
// confirming), and any assessment downloaded as Word in the layout of the Boards' return.

const manage = { config: { access: 'assurance:manage' as const } };
const view = { config: { access: 'assurance:view' as const } };
/** A return is a few hundred kilobytes of text; 2MB leaves room and refuses a runaway file. */
const maxReturnBytes = 2 * 1024 * 1024;
const framingBytes = 64 * 1024;
const yearPattern = /^\d{4}-\d{2}$/;

export function registerSelfAssessmentDocumentRoutes(app: FastifyInstance, db: HavenDb): void {
  const owner = (request: FastifyRequest) => request.actor!;
  const upload = async (request: FastifyRequest) => {
    const saved = await findUpload(
      db,
      'self_assessment_imports',
      owner(request),
      request.session.selfAssessmentImportId,
      request.server.clock(),
    );
    if (!saved) return null;
    const parsed = parseSelfAssessmentReturn(saved.contents);
    return parsed.ok ? { id: saved.id, parsed: parsed.value } : null;
  };

  app.get('/self-assessment/import', manage, async (_request, reply) => renderUpload(reply, noErrors));

  withMultipartForms(app, maxReturnBytes, (scope) => {
    scope.post('/self-assessment/import', manage, async (request, reply) => {
      if (Number(request.headers['content-length'] ?? 0) > maxReturnBytes + framingBytes)
        throw new HavenError('form-too-large');
      const { file } = await readMultipartForm(request);
      if (file?.truncated) throw new HavenError('form-too-large');
      if (!file || file.bytes.length === 0)
        return renderUpload(reply, formErrors([['file', 'Select the return, saved as a text file']]), 400);
      const decoded = decodeText(file.bytes);
      if (!decoded.ok) return renderUpload(reply, formErrors([['file', decoded.problem]]), 400);
      const parsed = parseSelfAssessmentReturn(decoded.text);
      if (!parsed.ok) {
        return renderUpload(reply, problemsByLine(parsed.problems), 400);
      }
      request.session.selfAssessmentImportId = await keepUpload(
        db,
        'self_assessment_imports',
        owner(request),
        { contents: decoded.text },
        request.server.clock(),
      );
      return reply.redirect('/self-assessment/import/preview', 303);
    });
  });

  app.get('/self-assessment/import/preview', manage, async (request, reply) => {
    const prepared = await upload(request);
    if (!prepared) return reply.redirect('/self-assessment/import', 303);
    return renderPreview(reply, prepared.parsed, prepared.parsed.yearLabel ?? '', noErrors);
  });

  app.post('/self-assessment/import/confirm', manage, async (request, reply) => {
    const prepared = await upload(request);
    if (!prepared) return reply.redirect('/self-assessment/import', 303);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const yearLabel = typeof body.year === 'string' ? body.year.trim() : '';
    if (!yearPattern.test(yearLabel))
      return renderPreview(
        reply,
        prepared.parsed,
        yearLabel.slice(0, 20),
        formErrors([['year', 'Enter the year the return is for, like 2023-24']]),
        400,
      );
    const actor = owner(request);
    const result = await refusalAsValue(() =>
      db.transaction().execute(async (trx) => {
        const done = await importSelfAssessmentReturn(trx, {
          organisationId: actor.organisationId,
          actorId: actor.userId,
          parsed: prepared.parsed,
          yearLabel,
          now: request.server.clock(),
        });
        await forgetUpload(trx, 'self_assessment_imports', prepared.id);
        return done;
      }),
    );
    if (result instanceof Refusal) {
      const entry = errorCatalogue[result.code];
      return renderPreview(
        reply,
        prepared.parsed,
        yearLabel,
        formErrors([['year', `${entry.title}. ${entry.message}`]]),
        entry.status,
      );
    }
    delete request.session.selfAssessmentImportId;
    return reply.code(200).view('self-assessment-documents/views/imported.njk', {
      pageTitle: `The ${yearLabel} self-assessment is imported`,
      yearLabel,
      result,
    });
  });

  app.get('/self-assessment/:assessmentId/word', view, async (request, reply) => {
    const { assessmentId } = request.params as { assessmentId: string };
    const organisationId = owner(request).organisationId;
    const assessment = await findAssessmentForExport(db, organisationId, assessmentId);
    if (!assessment) throw new HavenError('not-found');
    const organisation = await db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow();
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', contentDisposition(`self-assessment-${assessment.yearLabel}.docx`));
    const { selfAssessmentDocument } = await import('./self-assessment-document.ts');
    return reply.type(docxType).send(await selfAssessmentDocument(assessment, organisation.name));
  });
}

/** Every problem in the summary by its line; beside the field, how many there are. */
function problemsByLine(problems: ReadonlyArray<{ line: number; message: string }>): FormErrors {
  const list = problems.map((problem) => ({ text: `Line ${problem.line}: ${problem.message}`, href: '#file' }));
  const text =
    problems.length === 1
      ? list[0]!.text
      : `The file has ${problems.length} problems, listed at the top of the page. Correct them and upload it again`;
  return { list, byField: { file: { text } } };
}

function renderUpload(reply: FastifyReply, errors: FormErrors, status = 200) {
  return reply.code(status).view('self-assessment-documents/views/upload.njk', {
    pageTitle: 'Import a self-assessment return',
    errors,
  });
}

function renderPreview(reply: FastifyReply, parsed: ParsedReturn, year: string, errors: FormErrors, status = 200) {
  const rated = parsed.standards.filter((standard) => standard.rating !== null).length;
  const actions = parsed.standards.reduce((sum, standard) => sum + standard.actions.length, 0);
  return reply.code(status).view('self-assessment-documents/views/preview.njk', {
    pageTitle: 'Check the return before importing it',
    errors,
    parsed,
    year,
    rated,
    actions,
    backLink: '/self-assessment/import',
  });
}
