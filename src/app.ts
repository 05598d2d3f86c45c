import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import session from '@fastify/session';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { openAttachmentStore } from './attachment-store/open-attachment-store.ts';
import { secondFactorKey } from './accounts/second-factor-secret.ts';
import type { Config } from './config.ts';
import type { HavenDb } from './db/connect.ts';
import { registerActionPlanRoutes } from './features/action-plan/action-plan.routes.ts';
import { registerRiskRegisterRoutes } from './features/risk-register/risk-register.routes.ts';
import { registerScrutinyRoutes } from './features/scrutiny/scrutiny.routes.ts';
import { registerAccessibilityStatementRoutes } from './features/accessibility-statement/accessibility-statement.routes.ts';
import { registerAccountAdministrationRoutes } from './features/account-administration/account-administration.routes.ts';
import { registerAccountImportRoutes } from './features/account-import/account-import.routes.ts';
import { registerAnnualReportRoutes } from './features/annual-report/annual-report.routes.ts';
import { registerConcernImportRoutes } from './features/concern-import/concern-import.routes.ts';
import { registerAddInformationRoutes } from './features/add-information/add-information.routes.ts';
import { registerAdministrationHistoryRoutes } from './features/administration-history/administration-history.routes.ts';
import { registerAttachmentRoutes } from './features/attachments/attachments.routes.ts';
import { registerCaseWorkRoutes } from './features/case-work/case-work.routes.ts';
import { registerHealthRoutes } from './features/health/health.routes.ts';
import { registerHomeRoutes } from './features/home/home.routes.ts';
import { registerInsightRoutes } from './features/insight/insight.routes.ts';
import { registerInformationSharingRoutes } from './features/information-sharing/information-sharing.routes.ts';
import { registerOrganisationSettingsRoutes } from './features/organisation-settings/organisation-settings.routes.ts';
import { registerPasskeyRoutes } from './features/passkeys/passkeys.routes.ts';
import { registerOversightRoutes } from './features/oversight/oversight.routes.ts';
import { registerPeopleRoutes } from './features/people/people.routes.ts';
import { registerRecordConcernRoutes } from './features/record-concern/record-concern.routes.ts';
import { registerRetentionReviewRoutes } from './features/retention-reviews/retention-reviews.routes.ts';
import { registerRetentionScheduleRoutes } from './features/retention-schedules/retention-schedules.routes.ts';
import { registerSafeguardingNetworkRoutes } from './features/safeguarding-network/safeguarding-network.routes.ts';
import { registerSelfAssessmentDocumentRoutes } from './features/self-assessment-documents/self-assessment-documents.routes.ts';
import { registerSelfAssessmentRoutes } from './features/self-assessment/self-assessment.routes.ts';
import { registerSearchRoutes } from './features/search/search.routes.ts';
import { registerSessionRoutes } from './features/sessions/sessions.routes.ts';
import { registerSignInRoutes } from './features/sign-in/sign-in.routes.ts';
import { registerSingleSignOnRoutes } from './features/single-sign-on/single-sign-on.routes.ts';
import { registerSubjectAccessRoutes } from './features/subject-access/subject-access.routes.ts';
import { registerTriageRoutes } from './features/triage/triage.routes.ts';
import { registerTwoFactorRoutes } from './features/two-factor/two-factor.routes.ts';
import { registerViewConcernRoutes } from './features/view-concern/view-concern.routes.ts';
import { registerAccessControl } from './web/authentication.ts';
import { registerControlCharacterCleaning } from './web/control-characters.ts';
import { registerErrorPages } from './web/error-pages.ts';
import './web/fastify-types.ts';
import { loggerOptions } from './web/logging.ts';
import { isMultipartForm, multipartCsrfToken, readCsrfField } from './web/multipart-form.ts';
import { navigationFor } from './web/navigation.ts';
import { Readiness, registerStartingGate } from './web/readiness.ts';
import { DatabaseSessionStore } from './web/session-store.ts';
import { createViewEnvironment, govukAssetDirectories } from './web/views.ts';
import { installFieldKeyring } from './field-encryption/field-encryption.ts';

export type AppDependencies = {
  config: Config;
  db: HavenDb;
  logStream?: NodeJS.WritableStream;
  /** Starting, ready or stopping (main.ts moves it on); tests get an app that is ready. */
  readiness?: Readiness;
  /** The time for sign-in throttling, second-factor codes and recent authentication; tests move it on rather than sleep. */
  clock?: () => Date;
};

/** The ordered request pipeline; main.ts listens, tests inject. */
export async function buildApp({
  config,
  db,
  logStream,
  readiness = new Readiness('ready'),
  clock = () => new Date(),
}: AppDependencies): Promise<FastifyInstance> {
  // The keys every query's encrypt and decrypt use (field-encryption/), from this configuration.
  installFieldKeyring(config.encryption);
  const app = Fastify({
    logger: { ...loggerOptions(config.logLevel), ...(logStream ? { stream: logStream } : {}) },
    genReqId: () => randomUUID(),
    // Only the council's own proxies may say who the client is (TRUSTED_PROXIES); never anyone.
    trustProxy: trustProxySetting(config.trustedProxies),
    bodyLimit: 256 * 1024,
  });
  app.decorate('clock', clock);
  registerStartingGate(app, readiness);

  registerAccessControl(app, {
    db,
    absoluteTimeoutMs: config.session.absoluteHours * 3_600_000,
    idleTimeoutMs: config.session.idleMinutes * 60_000,
  });
  await registerSecurityHeaders(app, config);
  await registerSession(app, config, db);
  // Haven's pages post forms; it has no JSON API, so no other body is accepted (415). Multipart
  // is accepted only by the routes that take files (web/multipart-form.ts), after sign-in and CSRF.
  app.removeAllContentTypeParsers();
  await app.register(formbody);
  registerControlCharacterCleaning(app);
  await app.register(fastifyStatic, {
    root: govukAssetDirectories,
    prefix: '/assets/',
    allowedPath: (pathName) => !pathName.endsWith('.map'),
  });
  registerViews(app, config);

  registerHealthRoutes(app, db, readiness);
  registerAccessibilityStatementRoutes(app);
  registerSignInRoutes(app, {
    db,
    throttle: { keySecret: config.session.secret, addressFailuresPerWindow: config.signInAttemptsPerWindow },
    clock,
    twoFactorEnforced: config.twoFactor.enforced,
    singleSignOnName: config.singleSignOn?.providerName ?? null,
  });
  registerSingleSignOnRoutes(app, { db, settings: config.singleSignOn, clock });
  registerTwoFactorRoutes(app, {
    db,
    settings: { secretKey: secondFactorKey(config.twoFactor.keyMaterial), throttleSecret: config.session.secret },
  });
  registerPasskeyRoutes(app, { db, webAuthn: config.webAuthn });
  registerSessionRoutes(app, { db, secret: config.session.secret });
  const invitations = { db, invitationValidDays: config.invitationValidDays };
  registerAccountImportRoutes(app, invitations);
  registerAccountAdministrationRoutes(app, invitations);
  registerHomeRoutes(app, db);
  registerRecordConcernRoutes(app, db);
  registerAddInformationRoutes(app, db);
  registerViewConcernRoutes(app, db);
  registerTriageRoutes(app, db);
  registerOversightRoutes(app, db);
  registerActionPlanRoutes(app, db);
  registerRiskRegisterRoutes(app, db);
  registerScrutinyRoutes(app, db);
  registerSafeguardingNetworkRoutes(app, db);
  registerSearchRoutes(app, db);
  registerCaseWorkRoutes(app, db);
  registerPeopleRoutes(app, db);
  registerInformationSharingRoutes(app, db);
  registerInsightRoutes(app, db);
  const attachments = openAttachmentStore(config, db);
  registerAnnualReportRoutes(app, db);
  registerSelfAssessmentDocumentRoutes(app, db);
  registerAttachmentRoutes(app, db, attachments);
  registerConcernImportRoutes(app, { db });
  registerOrganisationSettingsRoutes(app, db);
  registerRetentionScheduleRoutes(app, db);
  registerRetentionReviewRoutes(app, db);
  registerAdministrationHistoryRoutes(app, db);
  registerSubjectAccessRoutes(app, db, attachments);
  registerSelfAssessmentRoutes(app, { db, baseUrl: config.mail.baseUrl });
  registerErrorPages(app);
  return app;
}

function trustProxySetting(trusted: Config['trustedProxies']): false | string[] {
  return trusted.length ? [...trusted] : false;
}

async function registerSecurityHeaders(app: FastifyInstance, config: Config) {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.session.secureCookies ? [] : null,
      },
    },
  });
  // Pages carry personal data: never let a shared computer's cache keep them.
  app.addHook('onSend', async (_request, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('cache-control', 'no-store');
    }
  });
}

async function registerSession(app: FastifyInstance, config: Config, db: HavenDb) {
  const idleMs = config.session.idleMinutes * 60_000;
  await app.register(cookie);
  await app.register(session, {
    secret: config.session.secret,
    cookieName: 'haven_session',
    store: new DatabaseSessionStore(db, idleMs),
    saveUninitialized: false,
    // Saved only when changed; authentication marks activity often enough to extend the idle timeout.
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.session.secureCookies, path: '/', maxAge: idleMs },
  });
  await app.register(csrfProtection, { sessionPlugin: '@fastify/session', getToken: formCsrfToken });
  // Registered after access control, so it runs after it: a multipart form's first field is
  // read only for a signed-in user, and its file only once the token checks out.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST') return done();
    if (!isMultipartForm(request)) return app.csrfProtection(request, reply, done);
    readCsrfField(request).then(() => app.csrfProtection(request, reply, done), done);
  });
}

/** The CSRF token from an urlencoded form, or from a multipart form's first field. */
function formCsrfToken(request: FastifyRequest): string | undefined {
  const field = (request.body as Record<string, unknown> | undefined)?._csrf;
  return typeof field === 'string' ? field : multipartCsrfToken(request);
}

function registerViews(app: FastifyInstance, config: Config) {
  const views = createViewEnvironment();
  app.decorateReply('view', function (template: string, context: Record<string, unknown> = {}) {
    const actor = this.request.actor;
    const html = views.render(template, {
      actor,
      navigationItems: actor ? navigationFor(actor, this.request.url) : [],
      // No session yet on the "Haven is starting" page (web/readiness.ts), and no form on it either.
      csrfToken: (this.request as { session?: unknown }).session ? this.generateCsrf() : '',
      cspNonce: this.cspNonce?.script,
      // Only outside production (config.ts refuses it there): every page says so.
      twoFactorRelaxed: !config.twoFactor.enforced,
      // Passkey forms are offered only where WebAuthn can work: Haven has a domain name.
      passkeysEnabled: config.webAuthn !== null,
      ...context,
    });
    return this.type('text/html; charset=utf-8').send(html);
  });
}
