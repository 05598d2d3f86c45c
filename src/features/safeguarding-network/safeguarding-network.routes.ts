import type { FastifyInstance } from 'fastify';
import { findSafeguardingNetworkFor } from '../../accounts/safeguarding-network.queries.ts';
import { listAgencies } from '../../concerns/organisation-lists.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import { isAllowed } from '../../domain/access-policy.ts';

// The lines to call when it cannot wait for a colleague: the police first (procedures 5), then
// the out-of-hours social care lines for children (MASH) and adults. Agency codes are the stable
// keys route advice reads too, so a council's own names and numbers are shown.
const emergencyAgencyCodes = ['police', 'mash', 'adult-social-care'] as const;

/**
 * "Who to talk to" (policy 11.4; procedures 6.1–6.4): the person's line manager, their service
 * area's Safeguarding Champions, the DSLs (the Head of Business Improvement among them, for
 * allegations against staff), the DSOs and the Safeguarding Coordinator, with their work
 * contact details, and what to do out of hours. Every signed-in role may see it.
 */
export function registerSafeguardingNetworkRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/who-to-talk-to', { config: { access: 'network:view' } }, async (request, reply) => {
    const actor = request.actor!;
    const [network, agencies] = await Promise.all([
      findSafeguardingNetworkFor(db, actor),
      listAgencies(db, actor.organisationId),
    ]);
    const emergencyLines = emergencyAgencyCodes.flatMap((code) => agencies.filter((agency) => agency.code === code));
    return reply.view('safeguarding-network/views/who-to-talk-to.njk', {
      pageTitle: 'Who to talk to about safeguarding',
      network,
      emergencyLines,
      canRecord: isAllowed(actor, 'concern:record'),
    });
  });
}
