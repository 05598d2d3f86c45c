import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HavenDb } from '../../db/connect.ts';
import { formErrors } from '../../web/form-errors.ts';
import { checkCredentials } from './sign-in.ts';

const signInForm = z.object({
  email: z.string().max(320).default(''),
  password: z.string().max(1024).default(''),
});

type Options = { db: HavenDb; attemptsPerWindow: number };

export function registerSignInRoutes(app: FastifyInstance, { db, attemptsPerWindow }: Options): void {
  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const signedOut = (request.query as Record<string, unknown>)['signed-out'] === '1';
    return reply.view('sign-in/views/sign-in.njk', { pageTitle: 'Sign in to Haven', values: {}, signedOut });
  });

  app.post(
    '/sign-in',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: attemptsPerWindow,
          timeWindow: '15 minutes',
          hook: 'preHandler',
          keyGenerator: signInAttemptKey,
        },
      },
    },
    async (request, reply) => {
      const parsed = signInForm.safeParse(request.body ?? {});
      const values = parsed.success ? parsed.data : { email: '', password: '' };
      const missing = formErrors([
        ...(values.email.trim() ? [] : [['email', 'Enter your email address'] as [string, string]]),
        ...(values.password ? [] : [['password', 'Enter your password'] as [string, string]]),
      ]);
      if (missing.list.length) return renderSignIn(reply, values.email, missing, 400);

      const match = await checkCredentials(db, values.email, values.password);
      if (!match) {
        const wrong = formErrors([['email', 'Enter a correct email address and password']]);
        return renderSignIn(reply, values.email, wrong, 401);
      }
      // A new session id at sign-in, so a session fixed before sign-in is worthless after it.
      await request.session.regenerate();
      request.session.userId = match.userId;
      request.session.signedInAt = Date.now();
      return reply.redirect('/', 303);
    },
  );

  app.post('/sign-out', { config: { access: 'signed-in' } }, async (request, reply) => {
    await request.session.destroy();
    return reply.redirect('/sign-in?signed-out=1', 303);
  });
}

function renderSignIn(reply: FastifyReply, email: string, errors: ReturnType<typeof formErrors>, status: number) {
  return reply
    .code(status)
    .view('sign-in/views/sign-in.njk', { pageTitle: 'Sign in to Haven', values: { email }, errors });
}

/** Limits guessing per account and address together, so one person cannot lock out a colleague from afar. */
function signInAttemptKey(request: FastifyRequest): string {
  const body = request.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase().slice(0, 320) : '';
  return `${request.ip}|${email}`;
}
