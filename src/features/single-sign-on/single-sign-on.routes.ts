import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type SingleSignOnConfig, singleSignOnCallbackPath } from '../../config.ts';
import type { HavenDb } from '../../db/connect.ts';
import { type ErrorCode, HavenError } from '../../errors.ts';
import { FlowRefused, IdentityProvider, type PendingFlow } from './identity-provider.ts';
import { type AccountRefusal, signInWithProvider } from './sign-in-with-provider.ts';
import { recordSingleSignOnEvent } from './single-sign-on.queries.ts';
import { startSignedInSession } from '../../web/session-sign-in.ts';

declare module 'fastify' {
  interface Session {
    /** The flow under way with the identity provider; used once, by the callback. */
    singleSignOn?: PendingFlow;
  }
}

export const singleSignOnStartPath = '/sign-in/single-sign-on';

type Options = { db: HavenDb; settings: SingleSignOnConfig | null; clock: () => Date };

/**
 * Sign-in through the council's OpenID Connect provider. Both routes are public: they are how
 * someone becomes signed in. Without a configured provider they do not exist (404).
 */
export function registerSingleSignOnRoutes(app: FastifyInstance, { db, settings, clock }: Options): void {
  const provider = settings ? new IdentityProvider(settings) : null;

  app.get(singleSignOnStartPath, { config: { access: 'public' } }, async (request, reply) => {
    if (!provider) throw new HavenError('not-found');
    const now = clock();
    const { url, flow } = await provider.begin(now).catch(refuseWith(db, request, now));
    request.session.singleSignOn = flow;
    return reply.redirect(url.href, 303);
  });

  app.get(singleSignOnCallbackPath, { config: { access: 'public' } }, async (request, reply) => {
    if (!provider || !settings) throw new HavenError('not-found');
    const now = clock();
    // A flow is used once, whatever happens: a replayed callback finds nothing to complete.
    const flow = request.session.singleSignOn;
    delete request.session.singleSignOn;
    const identity = await provider.complete(queryOf(request), flow, now).catch(refuseWith(db, request, now));
    const result = await signInWithProvider(db, settings, identity, request.id, now);
    if (result.outcome === 'refused') {
      request.log.info({ event: 'single-sign-on.refused', reason: result.reason }, 'single sign-on refused');
      throw new HavenError(pageFor(result.reason));
    }
    // The same helper as local sign-in: a new session id (any pending second-factor step is
    // dropped with the old one), the device and the time of proof for re-authentication.
    // No second factor here: the council's identity provider owns that for its accounts.
    await startSignedInSession(request, result.userId, now);
    return reply.redirect('/', 303);
  });
}

/** Audits an untrusted answer (there may be no account to name) and shows Haven's page for it. */
function refuseWith(db: HavenDb, request: FastifyRequest, now: Date) {
  return async (error: unknown): Promise<never> => {
    if (!(error instanceof FlowRefused)) throw error;
    request.log.warn({ event: 'single-sign-on.refused', reason: error.failure }, 'single sign-on refused');
    await recordSingleSignOnEvent(db, { outcome: error.failure, userId: null, requestId: request.id }, now);
    throw new HavenError(
      error.failure === 'provider-unavailable' ? 'single-sign-on-unavailable' : 'single-sign-on-failed',
    );
  };
}

function pageFor(reason: AccountRefusal): ErrorCode {
  if (reason === 'deactivated') return 'single-sign-on-deactivated';
  if (reason === 'no-account' || reason === 'email-missing') return 'single-sign-on-no-account';
  return 'single-sign-on-failed';
}

function queryOf(request: FastifyRequest): string {
  const at = request.url.indexOf('?');
  return at === -1 ? '' : request.url.slice(at + 1);
}
