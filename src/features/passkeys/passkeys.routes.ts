import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WebAuthnConfig } from '../../config.ts';
import type { HavenDb } from '../../db/connect.ts';
import { HavenError } from '../../errors.ts';
import { authenticatedRecently } from '../../domain/second-factor.ts';
import type { PasskeyPurpose } from '../../web/fastify-types.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { recentAuthentication, safeReturnPath } from '../../web/recent-authentication.ts';
import { describeDevice, pendingSignInUser as pendingUser, startSignedInSession } from '../../web/session-sign-in.ts';
import { formatDate } from '../../web/views.ts';
import {
  type PasskeyProof,
  audit,
  authenticationOptions,
  challengeMinutes,
  provePasskey,
  registerPasskey,
  registrationOptions,
} from './passkeys.ts';
import { deletePasskey, findOwnPasskey, listPasskeys, readPasskeyAccount } from './passkeys.queries.ts';

type Options = { db: HavenDb; webAuthn: WebAuthnConfig | null };

// What the page's script posts: the device's answer as JSON, in an ordinary form with its CSRF
// token (Haven takes no JSON bodies). The library checks the answer's inner fields.
const credentialJson = z
  .string()
  .min(2)
  .max(32_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.looseObject({
      id: z.string().min(1).max(1400),
      rawId: z.string().min(1).max(1400),
      type: z.literal('public-key'),
      response: z.looseObject({ clientDataJSON: z.string().max(8000) }),
      clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    }),
  );
const passkeyForm = z.object({
  credential: credentialJson,
  'return-to': z.string().max(500).optional(),
});
const nameForm = z.object({ name: z.string().max(1000).default('') });
const nameLimit = 60;

export function registerPasskeyRoutes(app: FastifyInstance, options: Options): void {
  registerSignInWithPasskey(app, options);
  registerSecondFactorPasskey(app, options);
  registerEnrolmentWithPasskey(app, options);
  registerReAuthenticationWithPasskey(app, options);
  registerYourPasskeys(app, options);
}

/** "Sign in with a passkey": no email first; the passkey names its account and verifies its holder. */
function registerSignInWithPasskey(app: FastifyInstance, options: Options) {
  const path = '/sign-in/passkey';
  app.get(path, { config: { access: 'public' } }, async (request, reply) => {
    const context = contextFor(app, options, request);
    return sendOptions(request, reply, 'sign-in', null, await authenticationOptions(context, null));
  });
  app.post(path, { config: { access: 'public' } }, async (request, reply) => {
    const context = contextFor(app, options, request);
    const { response } = parseAssertion(request);
    const challenge = takeChallenge(request, 'sign-in', null);
    const proof = await provePasskey(context, { challenge, userId: null }, response);
    const userId = acceptedOrThrow(request, proof);
    await startSignedInSession(request, userId, context.now);
    return reply.redirect('/', 303);
  });
}

/** After the password: a passkey instead of a code. */
function registerSecondFactorPasskey(app: FastifyInstance, options: Options) {
  const path = '/sign-in/second-factor/passkey';
  app.get(path, { config: { access: 'public' } }, async (request, reply) => {
    const userId = pendingUser(request, 'verify');
    if (!userId) return reply.redirect('/sign-in', 303);
    const context = contextFor(app, options, request);
    return sendOptions(request, reply, 'second-factor', userId, await authenticationOptions(context, userId));
  });
  app.post(path, { config: { access: 'public' } }, async (request, reply) => {
    const userId = pendingUser(request, 'verify');
    if (!userId) return reply.redirect('/sign-in', 303);
    const context = contextFor(app, options, request);
    const { response } = parseAssertion(request);
    const challenge = takeChallenge(request, 'second-factor', userId);
    acceptedOrThrow(request, await provePasskey(context, { challenge, userId }, response));
    await startSignedInSession(request, userId, context.now);
    return reply.redirect('/', 303);
  });
}

/** Someone whose role needs a second factor may make a passkey instead of setting up an app. */
function registerEnrolmentWithPasskey(app: FastifyInstance, options: Options) {
  const path = '/sign-in/set-up-second-factor/passkey';
  app.get(path, { config: { access: 'public' } }, async (request, reply) => {
    const userId = pendingUser(request, 'enrol');
    if (!userId) return reply.redirect('/sign-in', 303);
    const context = contextFor(app, options, request);
    const account = await readPasskeyAccount(options.db, userId);
    if (!account || account.deactivated) return reply.redirect('/sign-in', 303);
    return sendOptions(request, reply, 'enrol', userId, await registrationOptions(context, account));
  });
  app.post(path, { config: { access: 'public' } }, async (request, reply) => {
    const userId = pendingUser(request, 'enrol');
    if (!userId) return reply.redirect('/sign-in', 303);
    const context = contextFor(app, options, request);
    const response = parseAttestation(request);
    const challenge = takeChallenge(request, 'enrol', userId);
    // Named for the person from where it was made; they can remove it and add another by name.
    const name = `${describeDevice(request.headers['user-agent'])}, ${formatDate(context.now.toISOString())}`;
    const result = await registerPasskey(context, { challenge, userId }, response, name.slice(0, nameLimit));
    if (result.outcome !== 'registered') refuseRegistration(request, result.reason);
    await startSignedInSession(request, userId, context.now);
    return reply.redirect('/', 303);
  });
}

/** A passkey also proves who someone is before a sensitive action. */
function registerReAuthenticationWithPasskey(app: FastifyInstance, options: Options) {
  const path = '/re-authenticate/passkey';
  app.get(path, { config: { access: 'signed-in' } }, async (request, reply) => {
    const userId = request.actor!.userId;
    const context = contextFor(app, options, request);
    return sendOptions(request, reply, 're-authenticate', userId, await authenticationOptions(context, userId));
  });
  app.post(path, { config: { access: 'signed-in' } }, async (request, reply) => {
    const userId = request.actor!.userId;
    const context = contextFor(app, options, request);
    const { response, returnTo } = parseAssertion(request);
    const challenge = takeChallenge(request, 're-authenticate', userId);
    acceptedOrThrow(request, await provePasskey(context, { challenge, userId }, response));
    request.session.lastProvedAt = context.now.getTime();
    return reply.redirect(returnTo, 303);
  });
}

/** "Your passkeys": list, add (named), remove. Adding or removing one needs a recent proof. */
function registerYourPasskeys(app: FastifyInstance, options: Options) {
  const { db } = options;
  const guarded = { config: { access: 'signed-in' as const }, preHandler: recentAuthentication };
  const path = '/account/passkeys';

  app.get(path, guarded, async (request, reply) => renderPasskeys(request, reply, '', noErrors));

  // Asked for by the page's script: a stale proof gets 403 here (the page itself asks again).
  app.get(`${path}/options`, { config: { access: 'signed-in' } }, async (request, reply) => {
    if (!authenticatedRecently(request.session.lastProvedAt, app.clock())) throw new HavenError('forbidden');
    const userId = request.actor!.userId;
    const account = await readPasskeyAccount(db, userId);
    if (!account) throw new HavenError('forbidden');
    const context = contextFor(app, options, request);
    return sendOptions(request, reply, 'add', userId, await registrationOptions(context, account));
  });

  app.post(path, guarded, async (request, reply) => {
    const userId = request.actor!.userId;
    const context = contextFor(app, options, request);
    const name = (nameForm.safeParse(request.body ?? {}).data?.name ?? '').trim();
    const nameProblem = !name
      ? 'Enter a name for your passkey'
      : name.length > nameLimit
        ? `Name must be ${nameLimit} characters or fewer`
        : null;
    if (nameProblem) return renderPasskeys(request, reply, name, formErrors([['name', nameProblem]]), 400);
    const response = parseAttestation(request);
    const challenge = takeChallenge(request, 'add', userId);
    const result = await registerPasskey(context, { challenge, userId }, response, name);
    if (result.outcome !== 'registered') refuseRegistration(request, result.reason);
    return reply.redirect(path, 303);
  });

  const removePath = `${path}/:passkeyId/remove`;
  type ByPasskey = { Params: { passkeyId: string } };
  app.get<ByPasskey>(removePath, guarded, async (request, reply) => {
    const passkey = await findOwnPasskey(db, request.actor!.userId, request.params.passkeyId);
    if (!passkey) throw new HavenError('not-found');
    return reply.view('passkeys/views/remove.njk', {
      pageTitle: 'Remove this passkey',
      name: passkey.name,
      action: `${path}/${request.params.passkeyId}/remove`,
      backLink: path,
    });
  });
  app.post<ByPasskey>(removePath, guarded, async (request, reply) => {
    const userId = request.actor!.userId;
    const passkey = await findOwnPasskey(db, userId, request.params.passkeyId);
    if (!passkey || !(await deletePasskey(db, userId, passkey.credentialId))) throw new HavenError('not-found');
    await audit({ db, requestId: request.id }, userId, 'account.passkey-removed');
    return reply.redirect(path, 303);
  });

  async function renderPasskeys(
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
    errors: FormErrors,
    status = 200,
  ) {
    const passkeys = await listPasskeys(db, request.actor!.userId);
    return reply.code(status).view('passkeys/views/passkeys.njk', {
      pageTitle: 'Your passkeys',
      passkeys: passkeys.map((passkey) => ({
        ...passkey,
        createdOn: formatDate(passkey.createdAt),
        lastUsedOn: passkey.lastUsedAt ? formatDate(passkey.lastUsedAt) : null,
      })),
      values: { name },
      errors,
      backLink: '/account',
    });
  }
}

function contextFor(app: FastifyInstance, { db, webAuthn }: Options, request: FastifyRequest) {
  // Without a domain name for Haven (an IP address), passkeys are not offered at all.
  if (!webAuthn) throw new HavenError('not-found');
  return { db, webAuthn, now: app.clock(), requestId: request.id };
}

/** Keeps the challenge in the session (never trusted from the browser) and sends the options. */
function sendOptions(
  request: FastifyRequest,
  reply: FastifyReply,
  purpose: PasskeyPurpose,
  userId: string | null,
  publicKey: { challenge: string },
) {
  request.session.passkeyChallenge = {
    purpose,
    challenge: publicKey.challenge,
    userId,
    issuedAt: request.server.clock().getTime(),
  };
  return reply.header('cache-control', 'no-store').send(publicKey);
}

/** The session's challenge if it was made for this ceremony and person and is still fresh; gone either way. */
function takeChallenge(request: FastifyRequest, purpose: PasskeyPurpose, userId: string | null): string | null {
  const stored = request.session.passkeyChallenge;
  if (stored) delete request.session.passkeyChallenge;
  if (!stored || stored.purpose !== purpose || stored.userId !== userId) return null;
  const age = request.server.clock().getTime() - stored.issuedAt;
  return age >= 0 && age <= challengeMinutes * 60_000 ? stored.challenge : null;
}

function parseAssertion(request: FastifyRequest): { response: AuthenticationResponseJSON; returnTo: string } {
  const parsed = passkeyForm.safeParse(request.body ?? {});
  if (!parsed.success) throw new HavenError('bad-request');
  return {
    response: parsed.data.credential as unknown as AuthenticationResponseJSON,
    returnTo: safeReturnPath(parsed.data['return-to']),
  };
}

function parseAttestation(request: FastifyRequest): RegistrationResponseJSON {
  const parsed = passkeyForm.safeParse(request.body ?? {});
  if (!parsed.success) throw new HavenError('bad-request');
  return parsed.data.credential as unknown as RegistrationResponseJSON;
}

/** The proved account, or the refusal page; the log names the reason, never the passkey or person. */
function acceptedOrThrow(request: FastifyRequest, proof: PasskeyProof): string {
  if (proof.outcome === 'proved') return proof.userId;
  request.log.info({ event: 'passkey.refused', reason: proof.reason }, 'passkey refused');
  throw new HavenError(proof.reason === 'deactivated' ? 'passkey-deactivated' : 'passkey-not-accepted');
}

function refuseRegistration(request: FastifyRequest, reason: string): never {
  request.log.info({ event: 'passkey.registration-refused', reason }, 'passkey registration refused');
  throw new HavenError(reason === 'deactivated' ? 'passkey-deactivated' : 'passkey-not-accepted');
}
