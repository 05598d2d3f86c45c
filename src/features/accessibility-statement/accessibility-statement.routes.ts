import type { FastifyInstance } from 'fastify';

/**
 * GET /accessibility: the accessibility statement (GOV.UK model form). Public, as the
 * Public Sector Bodies Accessibility Regulations 2018 expect it to be reachable by anyone,
 * including someone who cannot get past the sign-in page.
 */
export function registerAccessibilityStatementRoutes(app: FastifyInstance): void {
  app.get('/accessibility', { config: { access: 'public' } }, async (_request, reply) => {
    return reply.view('accessibility-statement/views/accessibility-statement.njk', {
      pageTitle: 'Accessibility statement for Haven',
    });
  });
}
