import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ThrottledProof } from '../../accounts/proof-throttle.ts';
import { type SecondFactors, secondFactorsOf } from '../../accounts/second-factor.ts';
import type { HavenDb } from '../../db/connect.ts';
import { describeWait } from '../../domain/sign-in-throttle.ts';
import { errorCatalogue } from '../../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { reAuthenticatePath, recentAuthentication, safeReturnPath } from '../../web/recent-authentication.ts';
import { pendingSignInUser as pendingUser, startSignedInSession } from '../../web/session-sign-in.ts';
import {
  type TwoFactorSettings,
  beginEnrolment,
  confirmEnrolment,
  pendingSecret,
  provePassword,
  proveSecondFactor,
} from './second-factor.ts';
import { enrolmentQrCode, groupedSecret } from './totp.ts';
import { countUnusedRecoveryCodes, readAccount, readTotpCredential } from './two-factor.queries.ts';

type Options = { db: HavenDb; settings: TwoFactorSettings };

const codeForm = z.object({ code: z.string().max(100).default('') });
const reAuthenticateForm = z.object({
  code: z.string().max(100).optional(),
  password: z.string().max(1024).optional(),
  'return-to': z.string().max(500).optional(),
});

export function registerTwoFactorRoutes(app: FastifyInstance, options: Options): void {
  registerSecondFactorSignIn(app, options);
  registerEnrolment(app, options);
  registerReAuthentication(app, options);
}

/** After the password: the code (or a recovery code) before the session is signed in. */
function registerSecondFactorSignIn(app: FastifyInstance, { db, settings }: Options) {
  const path = '/sign-in/second-factor';
  app.get(path, { config: { access: 'public' } }, async (request, reply) => {
    const userId = pendingUser(request, 'verify');
    if (!userId) return reply.redirect('/sign-in', 303);
    return renderChallenge(reply, await secondFactorsOf(db, userId), '', noErrors, 200);
  });

  app.post(path, { config: { access: 'public' } }, async (request, reply) => {
    const userId = pendingUser(request, 'verify');
    if (!userId) return reply.redirect('/sign-in', 303);
    const { code } = codeForm.safeParse(request.body ?? {}).data ?? { code: '' };
    const factors = await secondFactorsOf(db, userId);
    if (!code.trim()) return renderChallenge(reply, factors, code, codeMissing, 400);
    const now = app.clock();
    const result = await proveSecondFactor({ db, settings, userId, now, requestId: request.id }, code);
    if (result.outcome !== 'proved')
      return refuseProof(request, reply, result, () => renderChallenge(reply, factors, code, codeWrong, 401));
    await startSignedInSession(request, userId, now);
    return reply.redirect('/', 303);
  });
}

/**
 * Setting up an authenticator app: at sign-in for someone whose role requires it, or from
 * "Your account" for anyone (replacing an app needs a recent proof of identity).
 */
function registerEnrolment(app: FastifyInstance, { db, settings }: Options) {
  const atSignIn = '/sign-in/set-up-second-factor';
  app.get(atSignIn, { config: { access: 'public' } }, async (request, reply) => {
    const userId = pendingUser(request, 'enrol');
    if (!userId) return reply.redirect('/sign-in', 303);
    return renderSetUp(request, reply, { userId, action: atSignIn, required: true, code: '', errors: noErrors });
  });
  app.post(atSignIn, { config: { access: 'public' } }, async (request, reply) => {
    const userId = pendingUser(request, 'enrol');
    if (!userId) return reply.redirect('/sign-in', 303);
    return confirm(request, reply, { userId, action: atSignIn, required: true }, async () => {
      await startSignedInSession(request, userId, app.clock());
    });
  });

  app.get('/account', { config: { access: 'signed-in' } }, async (request, reply) => {
    const userId = request.actor!.userId;
    const enrolled = Boolean(await readTotpCredential(db, userId));
    const recoveryCodesLeft = enrolled ? await countUnusedRecoveryCodes(db, userId) : 0;
    const { passkeys } = await secondFactorsOf(db, userId);
    return reply.view('two-factor/views/account.njk', {
      pageTitle: 'Your account',
      enrolled,
      recoveryCodesLeft,
      passkeys,
    });
  });

  const fromAccount = '/account/two-factor';
  const guarded = { config: { access: 'signed-in' as const }, preHandler: recentAuthentication };
  app.get(fromAccount, guarded, async (request, reply) =>
    renderSetUp(request, reply, {
      userId: request.actor!.userId,
      action: fromAccount,
      required: false,
      code: '',
      errors: noErrors,
    }),
  );
  app.post(fromAccount, guarded, async (request, reply) =>
    confirm(request, reply, { userId: request.actor!.userId, action: fromAccount, required: false }, async () => {}),
  );

  async function confirm(
    request: FastifyRequest,
    reply: FastifyReply,
    page: { userId: string; action: string; required: boolean },
    signIn: () => Promise<void>,
  ) {
    const { code } = codeForm.safeParse(request.body ?? {}).data ?? { code: '' };
    const enrolment = request.session.totpEnrolment;
    if (!code.trim()) return renderSetUp(request, reply, { ...page, code, errors: setUpCodeMissing }, 400);
    const context = { db, settings, userId: page.userId, now: app.clock(), requestId: request.id };
    const result =
      enrolment?.userId === page.userId
        ? await confirmEnrolment(context, enrolment.encryptedSecret, code)
        : ({ outcome: 'wrong' } as const);
    if (result.outcome === 'wrong') return renderSetUp(request, reply, { ...page, code, errors: setUpCodeWrong }, 400);
    delete request.session.totpEnrolment;
    await signIn();
    return reply.view('two-factor/views/recovery-codes.njk', {
      pageTitle: 'Save your recovery codes',
      recoveryCodes: result.recoveryCodes,
      continueTo: page.required ? '/' : '/account',
    });
  }

  async function renderSetUp(
    request: FastifyRequest,
    reply: FastifyReply,
    page: { userId: string; action: string; required: boolean; code: string; errors: FormErrors },
    status = 200,
  ) {
    const account = await readAccount(db, page.userId);
    if (!account) return reply.redirect('/sign-in', 303);
    // One secret per enrolment: kept (encrypted) in the session until a code from it is confirmed.
    let enrolment = request.session.totpEnrolment;
    let secret =
      enrolment?.userId === page.userId ? pendingSecret(settings, page.userId, enrolment.encryptedSecret) : null;
    if (!enrolment || !secret) {
      enrolment = { userId: page.userId, encryptedSecret: beginEnrolment(settings, page.userId) };
      request.session.totpEnrolment = enrolment;
      secret = pendingSecret(settings, page.userId, enrolment.encryptedSecret) ?? '';
    }
    const qrCode = (await enrolmentQrCode(secret, account.email)).replace(
      '<svg ',
      '<svg role="img" aria-label="QR code to scan with your authenticator app" ',
    );
    return reply.code(status).view('two-factor/views/set-up.njk', {
      pageTitle: 'Set up an authenticator app',
      qrCode,
      secret: groupedSecret(secret),
      action: page.action,
      required: page.required,
      values: { code: page.code },
      errors: page.errors,
      backLink: page.required ? null : '/account',
    });
  }
}

/** Proving oneself again before a sensitive action (web/recent-authentication.ts sends people here). */
function registerReAuthentication(app: FastifyInstance, { db, settings }: Options) {
  app.get(reAuthenticatePath, { config: { access: 'signed-in' } }, async (request, reply) => {
    const returnTo = safeReturnPath((request.query as Record<string, unknown>)['return-to']);
    const factors = await secondFactorsOf(db, request.actor!.userId);
    const usesCode = factors.authenticatorApp;
    const usesPasskey = factors.passkeys > 0;
    return renderReAuthenticate(reply, { usesCode, usesPasskey, returnTo, code: '', errors: noErrors });
  });

  app.post(reAuthenticatePath, { config: { access: 'signed-in' } }, async (request, reply) => {
    const userId = request.actor!.userId;
    const form = reAuthenticateForm.safeParse(request.body ?? {}).data ?? {};
    const returnTo = safeReturnPath(form['return-to']);
    const factors = await secondFactorsOf(db, userId);
    const usesCode = factors.authenticatorApp;
    const typed = (usesCode ? form.code : form.password) ?? '';
    const page = { usesCode, usesPasskey: factors.passkeys > 0, returnTo, code: usesCode ? typed : '' };
    if (!typed.trim())
      return renderReAuthenticate(reply, { ...page, errors: usesCode ? codeMissing : passwordMissing }, 400);
    const now = app.clock();
    const context = { db, settings, userId, now, requestId: request.id };
    const result = usesCode ? await proveSecondFactor(context, typed) : await provePassword(context, typed);
    if (result.outcome !== 'proved') {
      const errors = usesCode ? codeWrong : passwordWrong;
      return refuseProof(request, reply, result, () => renderReAuthenticate(reply, { ...page, errors }, 401));
    }
    request.session.lastProvedAt = now.getTime();
    return reply.redirect(returnTo, 303);
  });
}

function refuseProof(
  request: FastifyRequest,
  reply: FastifyReply,
  result: Exclude<ThrottledProof, { outcome: 'proved' }>,
  renderWrong: () => FastifyReply,
) {
  if (result.outcome === 'wrong') {
    request.log.info({ event: 'second-factor.failed' }, 'second factor refused');
    return renderWrong();
  }
  request.log.warn({ event: 'second-factor.throttled' }, 'second factor refused: too many failed attempts');
  const entry = errorCatalogue['too-many-sign-in-attempts'];
  return reply
    .code(entry.status)
    .header('retry-after', String(result.waitSeconds))
    .view('error.njk', {
      pageTitle: entry.title,
      title: entry.title,
      message: `Wait ${describeWait(result.waitSeconds)}, then try again.`,
    });
}

/** The code form for someone with an app (or recovery codes), a passkey beside it for someone with one. */
function renderChallenge(
  reply: FastifyReply,
  factors: SecondFactors,
  code: string,
  errors: FormErrors,
  status: number,
) {
  const usesCode = factors.authenticatorApp || factors.recoveryCodes > 0;
  return reply.code(status).view('two-factor/views/second-factor.njk', {
    pageTitle: usesCode ? 'Enter your security code' : 'Use your passkey',
    usesCode,
    usesPasskey: factors.passkeys > 0,
    values: { code },
    errors,
  });
}

function renderReAuthenticate(
  reply: FastifyReply,
  page: { usesCode: boolean; usesPasskey: boolean; returnTo: string; code: string; errors: FormErrors },
  status = 200,
) {
  return reply.code(status).view('two-factor/views/re-authenticate.njk', {
    pageTitle: 'Confirm it is you',
    usesCode: page.usesCode,
    usesPasskey: page.usesPasskey,
    returnTo: page.returnTo,
    values: { code: page.code },
    errors: page.errors,
  });
}

const codeMissing = formErrors([['code', 'Enter the 6-digit code from your authenticator app, or a recovery code']]);
const codeWrong = formErrors([
  ['code', 'Enter the code your authenticator app shows now, or a recovery code you have not used'],
]);
const setUpCodeMissing = formErrors([['code', 'Enter the 6-digit code your authenticator app shows']]);
const setUpCodeWrong = formErrors([
  ['code', 'Enter the code your authenticator app shows now: check the app was set up with this QR code or key'],
]);
const passwordMissing = formErrors([['password', 'Enter your password']]);
const passwordWrong = formErrors([['password', 'Enter your correct password']]);
