import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { type Actor, canViewConcern, restrictionScope } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { type OversightFilter, listOpenConcerns, listServiceAreas } from './oversight.queries.ts';

const statusText = { awaiting_triage: 'Awaiting triage', open: 'Open' } as const;
const dayMs = 24 * 60 * 60 * 1000;

type Row = Awaited<ReturnType<typeof listOpenConcerns>>[number];

// The Safeguarding Coordinator oversees the recording system and monitors it daily (policy 5.18;
// self-assessment 1.7). A restricted concern (an allegation against staff) shows only its status,
// age and overdue flags to a coordinator who is not a DSL: its reference, service area and owner
// could point to the member of staff, and the coordinator needs only to see that it is moving.
export function registerOversightRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/oversight', { config: { access: 'oversight:view' } }, async (request, reply) => {
    const actor = request.actor!;
    const areas = await listServiceAreas(db, actor.organisationId);
    const { filter, errors } = parseFilter(request.query as Record<string, unknown>, areas);
    if (errors.list.length) reply.code(400);
    const now = new Date();
    const rows = await listOpenConcerns(db, actor, filter ?? { status: null, serviceAreaId: null }, todayInLondon(now));
    const concerns = rows.map((row) => oversightRow(actor, row, now));
    return reply.view('oversight/views/oversight.njk', {
      pageTitle: 'Oversight of open concerns',
      concerns,
      overdueTriage: concerns.filter((c) => c.triageOverdue).length,
      withOverdueActions: concerns.filter((c) => c.overdueActions > 0).length,
      statusItems: options(statusText, filter?.status ?? null, 'Any status'),
      areaItems: options(
        Object.fromEntries(areas.map((a) => [a.id, a.name])),
        filter?.serviceAreaId ?? null,
        'Any service area',
      ),
      errors,
    });
  });
}

function oversightRow(actor: Actor, row: Row, now: Date) {
  const restricted = Number(row.restricted) === 1;
  const detailsShown = !restricted || restrictionScope(actor) === 'all';
  const facts = { organisationId: actor.organisationId, reporterId: row.reporterId, ownerId: row.ownerId, restricted };
  return {
    id: row.id,
    restricted,
    detailsShown,
    reference: detailsShown ? row.reference : 'Restricted',
    serviceArea: detailsShown ? row.serviceArea : 'Restricted',
    owner: detailsShown ? (row.ownerName ?? 'Not yet assigned') : 'A Designated Safeguarding Lead',
    status: statusText[row.status as keyof typeof statusText] ?? row.status,
    ageDays: Math.max(0, Math.floor((now.getTime() - new Date(row.createdAt).getTime()) / dayMs)),
    triageOverdue: row.status === 'awaiting_triage' && new Date(row.triageDeadlineAt) < now,
    overdueActions: Number(row.overdueActions ?? 0),
    // The list links to a concern only for a coordinator who may open it, as a DSO or DSL.
    canOpen: detailsShown && canViewConcern(actor, facts),
  };
}

function parseFilter(
  query: Record<string, unknown>,
  areas: ReadonlyArray<{ id: string }>,
): { filter: OversightFilter | null; errors: FormErrors } {
  const status = typeof query.status === 'string' ? query.status : '';
  const area = typeof query.serviceArea === 'string' ? query.serviceArea : '';
  const problems: Array<[string, string]> = [];
  if (status && !(status in statusText)) problems.push(['status', 'Choose a status from the list']);
  if (area && !areas.some((a) => a.id === area)) problems.push(['serviceArea', 'Choose a service area from the list']);
  if (problems.length) return { filter: null, errors: formErrors(problems) };
  return {
    filter: { status: (status || null) as OversightFilter['status'], serviceAreaId: area || null },
    errors: noErrors,
  };
}

function options(labels: Record<string, string>, selected: string | null, any: string) {
  return [
    { value: '', text: any, selected: selected === null },
    ...Object.entries(labels).map(([value, text]) => ({ value, text, selected: value === selected })),
  ];
}
