import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { type RoleHolder, restrictionScope } from '../../domain/access-policy.ts';
import { type FormErrors, formErrorsFromZod, noErrors } from '../../web/form-errors.ts';
import type { ConcernSearchResult } from './search.queries.ts';
import { searchConcernsAudited } from './search.ts';
import { searchForm } from './search.schema.ts';

const access = { config: { access: 'concern:search' } } as const;

// The form posts, and the results come back in the response: a GET form would put the search
// term, often a person's name, into the URL, and so into browser history, proxy and server
// logs and Referer headers. Haven's logs carry no bodies (web/logging.ts).
export function registerSearchRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/search', access, async (request, reply) => render(reply, request.actor!, { q: '' }, noErrors));

  app.post('/search', access, async (request, reply) => {
    const actor = request.actor!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = searchForm.safeParse(body);
    if (!parsed.success) {
      reply.code(400);
      return render(reply, actor, body, formErrorsFromZod(parsed.error));
    }
    const results = await searchConcernsAudited(db, actor, parsed.data.q, request.id);
    return render(reply, actor, parsed.data, noErrors, results);
  });
}

const scopeText = {
  all: 'Searches every concern in your organisation, restricted ones included.',
  'unrestricted-only': 'Searches your organisation’s concerns. Restricted concerns are not included.',
} as const;

function render(
  reply: FastifyReply,
  reader: RoleHolder,
  values: Record<string, unknown>,
  errors: FormErrors,
  results?: ConcernSearchResult,
) {
  return reply.view('search/views/search.njk', {
    pageTitle: results ? 'Search results' : 'Search concerns',
    scope: scopeText[restrictionScope(reader)],
    values: { q: typeof values.q === 'string' ? values.q : '' },
    errors,
    results,
  });
}
