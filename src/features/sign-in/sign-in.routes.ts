import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { HavenDb } from '../../db/connect.ts';
import { describeWait } from '../../domain/sign-in-throttle.ts';
import { errorCatalogue } from '../../errors.ts';
import { stepAfterPassword } from '../../accounts/second-factor.ts';
import { formErrors } from '../../web/form-errors.ts';
import { startPendingSignIn, startSignedInSession } from '../../web/session-sign-in.ts';
import { type SignInSettings, attemptSignIn } from './sign-in.ts';

const signInForm = z.object({
  email: z.string().max(320).default(''),
  password: z.string().max(1024).default(''),
});

// singleSignOnName: the council's identity provider, offered beside the password form when configured.
type Options = {
  db: HavenDb;
  throttle: SignInSettings;
  clock: () => Date;
  twoFactorEnforced: boolean;
  singleSignOnName: string | null;
};

// After the password, two-factor/ takes over when the account owes a second factor.
const secondFactorPages = { verify: '/sign-in/second-factor', enrol: '/sign-in/set-up-second-factor' } as const;

export function registerSignInRoutes(
  app: FastifyInstance,
  { db, throttle, clock, twoFactorEnforced, singleSignOnName }: Options,
): void {
  const singleSignOn = singleSignOnName ? { name: singleSignOnName, href: '/sign-in/single-sign-on' } : null;
  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const signedOut = (request.query as Record<string, unknown>)['signed-out'] === '1';
    return reply.view('sign-in/views/sign-in.njk', {
      pageTitle: 'Sign in to Haven',
      values: {},
      signedOut,
      singleSignOn,
    });
  });

  app.post('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const parsed = signInForm.safeParse(request.body ?? {});
    const values = parsed.success ? parsed.data : { email: '', password: '' };
    const missing = formErrors([
      ...(values.email.trim() ? [] : [['email', 'Enter your email address'] as [string, string]]),
      ...(values.password ? [] : [['password', 'Enter your password'] as [string, string]]),
    ]);
    if (missing.list.length) return renderSignIn(reply, { email: values.email, singleSignOn }, missing, 400);

    // request.ip is the socket's address unless the request came through a proxy in TRUSTED_PROXIES.
    const attempt = { ...values, address: request.ip, requestId: request.id };
    const result = await attemptSignIn(db, throttle, attempt, clock());
    if (result.outcome === 'throttled') {
      request.log.warn({ event: 'sign-in.throttled' }, 'sign-in refused: too many failed attempts');
      return renderTooManyAttempts(reply, result.waitSeconds);
    }
    if (result.outcome === 'wrong') {
      request.log.info({ event: 'sign-in.failed' }, 'sign-in failed');
      const wrong = formErrors([['email', 'Enter a correct email address and password']]);
      return renderSignIn(reply, { email: values.email, singleSignOn }, wrong, 401);
    }
    // Either way a new session id, so a session fixed before sign-in is worthless after it.
    const next = await stepAfterPassword(db, result.userId, twoFactorEnforced);
    if (next === 'signed-in') {
      await startSignedInSession(request, result.userId, clock());
      return reply.redirect('/', 303);
    }
    await startPendingSignIn(request, result.userId, next, clock());
    return reply.redirect(secondFactorPages[next], 303);
  });

  app.post('/sign-out', { config: { access: 'signed-in' } }, async (request, reply) => {
    await request.session.destroy();
    return reply.redirect('/sign-in?signed-out=1', 303);
  });
}

function renderSignIn(
  reply: FastifyReply,
  { email, singleSignOn }: { email: string; singleSignOn: { name: string; href: string } | null },
  errors: ReturnType<typeof formErrors>,
  status: number,
) {
  return reply
    .code(status)
    .view('sign-in/views/sign-in.njk', { pageTitle: 'Sign in to Haven', values: { email }, errors, singleSignOn });
}

/** Haven's own page for a refused attempt, saying how long to wait; the password was not checked. */
function renderTooManyAttempts(reply: FastifyReply, waitSeconds: number) {
  const entry = errorCatalogue['too-many-sign-in-attempts'];
  return reply
    .code(entry.status)
    .header('retry-after', String(waitSeconds))
    .view('error.njk', {
      pageTitle: entry.title,
      title: entry.title,
      message: `Wait ${describeWait(waitSeconds)}, then try again.`,
    });
}
