import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { isAllowed, roleNames, roles } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { listOpenActionsFor } from '../../concerns/case-record.queries.ts';

export function registerHomeRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/', { config: { access: 'signed-in' } }, async (request, reply) => {
    const actor = request.actor!;
    const canRecord = isAllowed(actor, 'concern:record');
    return reply.view('home/views/home.njk', {
      pageTitle: 'Home',
      // Every role the person holds, in the policy's order: the page offers what their union allows.
      roleNames: roles.filter((role) => actor.roles.has(role)).map((role) => roleNames[role]),
      canRecord,
      canTriage: isAllowed(actor, 'triage:queue'),
      canOversee: isAllowed(actor, 'oversight:view'),
      canSeeNetwork: isAllowed(actor, 'network:view'),
      canKeepSettings: isAllowed(actor, 'settings:manage'),
      canReadHistory: isAllowed(actor, 'administration:history'),
      canSeeReports: isAllowed(actor, 'reports:view-aggregate'),
      reportsInFull: isAllowed(actor, 'reports:view'),
      canManageAccounts: isAllowed(actor, 'accounts:manage'),
      actions: canRecord ? await listOpenActionsFor(db, actor) : [],
      today: todayInLondon(),
    });
  });
}
