import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HavenDb } from '../../db/connect.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { lawfulBases } from '../../domain/lawful-basis.ts';
import { formErrors, noErrors } from '../../web/form-errors.ts';
import { recentAuthentication } from '../../web/recent-authentication.ts';
import { registerCaseForm } from '../../concerns/case-form.ts';
import { listAgencies } from '../../concerns/organisation-lists.queries.ts';
import { parseDisclosure } from './disclosure.schema.ts';
import { recordDisclosure } from './record-disclosure.ts';
import { listHomeOfficeDisclosures } from './information-sharing.queries.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(d)));

/** The information sharing log: each disclosure on a concern, and the Home Office report. */
export function registerInformationSharingRoutes(app: FastifyInstance, db: HavenDb): void {
  registerCaseForm(app, db, {
    path: 'disclosures/new',
    access: 'case:work',
    template: 'information-sharing/views/disclosure.njk',
    title: 'Record information shared',
    choices: async (db, actor) => ({ agencies: await listAgencies(db, actor.organisationId), lawfulBases }),
    parse: (body, { agencies }) =>
      parseDisclosure(
        body,
        agencies.map((a) => a.id),
      ),
    save: recordDisclosure,
  });

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/information-sharing/home-office',
    // The report is what leaves Haven for the Home Office: exporting data needs a recent proof.
    { config: { access: 'sharing:report' }, preHandler: recentAuthentication },
    async (request, reply) => {
      const actor = request.actor!;
      const today = todayInLondon();
      const from = request.query.from ?? `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
      const to = request.query.to ?? today;
      const problems: Array<[string, string]> = [];
      if (!isoDate.safeParse(from).success) problems.push(['from', 'Enter the start date as YYYY-MM-DD']);
      if (!isoDate.safeParse(to).success) problems.push(['to', 'Enter the end date as YYYY-MM-DD']);
      if (!problems.length && from > to) problems.push(['to', 'The end date must be on or after the start date']);
      const errors = problems.length ? formErrors(problems) : noErrors;
      const report = problems.length
        ? { disclosures: [], unlisted: 0 }
        : await listHomeOfficeDisclosures(db, actor, from, to);
      reply.code(problems.length ? 400 : 200);
      return reply.view('information-sharing/views/home-office.njk', {
        pageTitle: 'Disclosures to the Home Office',
        values: { from, to },
        errors,
        ...report,
        lawfulBases,
      });
    },
  );
}
