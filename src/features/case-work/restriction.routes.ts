import type { FastifyInstance } from 'fastify';
import { registerCaseForm } from '../../concerns/case-form.ts';
import type { HavenDb } from '../../db/connect.ts';
import { recentAuthentication } from '../../web/recent-authentication.ts';
import { parseReason } from './case-work.schema.ts';
import { liftRestriction, restrictConcern } from './restriction.ts';

const none = async () => ({});

/** A DSL restricts any concern to DSLs and the Head of Business Improvement, or lifts it (policy 14.4). */
export function registerRestrictionRoutes(app: FastifyInstance, db: HavenDb): void {
  registerCaseForm(app, db, {
    path: 'restrict',
    access: 'concern:restrict',
    template: 'case-work/views/restrict.njk',
    title: 'Restrict this concern',
    choices: none,
    parse: (body) => parseReason(body, 'reason', 'Explain why this concern must be restricted'),
    save: restrictConcern,
  });

  registerCaseForm(app, db, {
    path: 'lift-restriction',
    access: 'concern:restrict',
    template: 'case-work/views/lift-restriction.njk',
    title: 'Lift the restriction',
    choices: none,
    parse: (body) => parseReason(body, 'reason', 'Explain why the restriction can be lifted'),
    save: liftRestriction,
    // Lifting shows the concern to every triager: the DSL must have proved themself in the last 15 minutes.
    guard: recentAuthentication,
  });
}
