import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { registerDecisionRoutes } from './decisions.routes.ts';
import { registerReferralRoutes } from './referrals.routes.ts';
import { registerRestrictionRoutes } from './restriction.routes.ts';
import { registerTriageAndActionRoutes } from './triage-and-actions.routes.ts';

/** Case work on a concern (policy 10.4, procedures 14.2–14.11): every step a DSO or DSL takes. */
export function registerCaseWorkRoutes(app: FastifyInstance, db: HavenDb): void {
  registerTriageAndActionRoutes(app, db);
  registerReferralRoutes(app, db);
  registerDecisionRoutes(app, db);
  registerRestrictionRoutes(app, db);
}
