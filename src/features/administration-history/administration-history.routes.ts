import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { pageSize, readHistory, subjectTypeNames } from './administration-history.ts';

/** Who changed which account or setting, when, before and after (issue 8), for administrators and the coordinator. */
export function registerAdministrationHistoryRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/administration/history', { config: { access: 'administration:history' } }, async (request, reply) => {
    const { filter, errors } = parseQuery(request.query as Record<string, unknown>);
    if (errors.list.length) reply.code(400);
    const { subjectType, page } = filter ?? { subjectType: null, page: 1 };
    const { entries, total } = await readHistory(db, request.actor!.organisationId, subjectType, page);
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const link = (n: number) =>
      `/administration/history?${new URLSearchParams({ ...(subjectType ? { subject: subjectType } : {}), page: String(n) })}`;
    return reply.view('administration-history/views/history.njk', {
      pageTitle: 'Administration history',
      entries,
      total,
      errors,
      subjectItems: [
        { value: '', text: 'Everything', selected: subjectType === null },
        ...Object.entries(subjectTypeNames).map(([value, text]) => ({ value, text, selected: value === subjectType })),
      ],
      pagination:
        pages > 1
          ? {
              previous: page > 1 ? { href: link(page - 1) } : undefined,
              next: page < pages ? { href: link(page + 1) } : undefined,
              items: Array.from({ length: pages }, (_, i) => i + 1)
                .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
                .flatMap((n, i, shown) => [
                  ...(i > 0 && n - shown[i - 1]! > 1 ? [{ ellipsis: true }] : []),
                  { number: n, href: link(n), current: n === page },
                ]),
            }
          : null,
    });
  });
}

function parseQuery(query: Record<string, unknown>): {
  filter: { subjectType: string | null; page: number } | null;
  errors: FormErrors;
} {
  const subject = typeof query.subject === 'string' ? query.subject : '';
  const page = typeof query.page === 'string' ? query.page : '1';
  const problems: Array<[string, string]> = [];
  if (subject && !(subject in subjectTypeNames)) problems.push(['subject', 'Choose what was changed from the list']);
  if (!/^[1-9]\d{0,5}$/.test(page)) problems.push(['subject', 'There is no such page of the history']);
  if (problems.length) return { filter: null, errors: formErrors(problems) };
  return { filter: { subjectType: subject || null, page: Number(page) }, errors: noErrors };
}
