import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

// What production requires besides its own subject: mail, and a key for encryption at rest.
const productionMail = {
  HAVEN_ENCRYPTION_KEYS: `p1:${Buffer.alloc(32, 7).toString('base64')}`,
  SMTP_URL: 'smtp://mail.example:587',
  MAIL_FROM: 'Haven <haven@council.example>',
  HAVEN_BASE_URL: 'https://haven.council.example',
};

describe('configuration', () => {
  it('keeps attachments in the directory on SQLite and in the database on PostgreSQL, unless told otherwise', () => {
    assert.equal(loadConfig({}).attachmentStore, 'directory');
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://haven@db/haven' }).attachmentStore, 'database');
    assert.equal(
      loadConfig({ DATABASE_URL: 'postgres://haven@db/haven', ATTACHMENT_STORE: 'directory' }).attachmentStore,
      'directory',
    );
    assert.throws(() => loadConfig({ ATTACHMENT_STORE: 's3' }), /ATTACHMENT_STORE must be directory or database/);
  });

  it('has safe development defaults: SQLite, demo data, 30-minute idle and 12-hour absolute sessions', () => {
    const config = loadConfig({});
    assert.equal(config.database.kind, 'sqlite');
    assert.equal(config.port, 3000);
    assert.equal(config.demoData, true);
    assert.equal(config.session.idleMinutes, 30);
    assert.equal(config.session.absoluteHours, 12);
    assert.equal(config.session.secureCookies, false);
    assert.ok(Object.isFrozen(config));
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://haven@db.internal/haven' });
    assert.deepEqual(config.database, {
      kind: 'postgres',
      url: 'postgres://haven@db.internal/haven',
      schema: undefined,
    });
  });

  it('lists every problem at once and refuses to start', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://nope', SESSION_IDLE_MINUTES: '0', HAVEN_ENV: 'staging' });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      const fields = error.problems.map((problem) => problem.split(' ')[0]);
      assert.deepEqual(fields.sort(), ['DATABASE_URL', 'HAVEN_ENV', 'PORT', 'SESSION_IDLE_MINUTES']);
    }
  });

  it('requires a session secret, and forbids demo data, in production', () => {
    assert.throws(
      () => loadConfig({ HAVEN_ENV: 'production', HAVEN_DEMO_DATA: 'true' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.some((p) => p.startsWith('SESSION_SECRET')) &&
        error.problems.some((p) => p.startsWith('HAVEN_DEMO_DATA')),
    );
    const config = loadConfig({ HAVEN_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), ...productionMail });
    assert.equal(config.demoData, false);
    assert.equal(config.session.secureCookies, true);
  });

  it('enforces two-factor sign-in in production, relaxed by default only in development', () => {
    const production = { HAVEN_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), ...productionMail };
    assert.throws(
      () => loadConfig({ ...production, TWO_FACTOR_ENFORCED: 'false' }),
      (error: unknown) =>
        error instanceof ConfigError && error.problems.some((p) => p.startsWith('TWO_FACTOR_ENFORCED')),
    );
    assert.equal(loadConfig(production).twoFactor.enforced, true);
    assert.equal(loadConfig(production).twoFactor.keyMaterial, 'x'.repeat(32), 'the session secret by default');
    assert.equal(loadConfig({ ...production, TWO_FACTOR_KEY: 'k'.repeat(32) }).twoFactor.keyMaterial, 'k'.repeat(32));
    assert.throws(() => loadConfig({ TWO_FACTOR_KEY: 'short' }), ConfigError);
    assert.equal(loadConfig({ HAVEN_ENV: 'test' }).twoFactor.enforced, true);
    assert.equal(loadConfig({}).twoFactor.enforced, false);
    assert.equal(loadConfig({ TWO_FACTOR_ENFORCED: 'true' }).twoFactor.enforced, true);
  });

  it('requires mail settings in production, and defaults them elsewhere', () => {
    assert.throws(
      () => loadConfig({ HAVEN_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }),
      (error: unknown) =>
        error instanceof ConfigError &&
        ['SMTP_URL', 'MAIL_FROM', 'HAVEN_BASE_URL'].every((name) => error.problems.some((p) => p.startsWith(name))),
    );
    const config = loadConfig({});
    assert.deepEqual(config.mail, { smtpUrl: null, from: 'Haven <haven@localhost>', baseUrl: 'http://localhost:3000' });
    assert.deepEqual(config.jobs, { enabled: true, pollSeconds: 30, triageWarningHours: 2 });
    assert.equal(loadConfig({ HAVEN_ENV: 'test' }).jobs.enabled, false);
    assert.equal(loadConfig({ HAVEN_BASE_URL: 'https://haven.example/' }).mail.baseUrl, 'https://haven.example');
    assert.throws(() => loadConfig({ SMTP_URL: 'http://mail.example' }), ConfigError);
  });

  it('lets an invitation link work 7 days unless told otherwise, between 1 and 30', () => {
    assert.equal(loadConfig({}).invitationValidDays, 7);
    assert.equal(loadConfig({ INVITATION_VALID_DAYS: '3' }).invitationValidDays, 3);
    for (const days of ['0', '31', 'a week'])
      assert.throws(() => loadConfig({ INVITATION_VALID_DAYS: days }), ConfigError);
  });

  it('trusts no proxy by default, and only the addresses and ranges it is given', () => {
    assert.deepEqual(loadConfig({}).trustedProxies, []);
    assert.deepEqual(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.1, 10.1.0.0/16,fd00::/8 ' }).trustedProxies, [
      '10.0.0.1',
      '10.1.0.0/16',
      'fd00::/8',
    ]);
    for (const wrong of ['1', 'true', 'proxy.internal', '10.0.0.0/33', '10.0.0.1/8/8']) {
      assert.throws(
        () => loadConfig({ TRUSTED_PROXIES: wrong }),
        (error: unknown) => error instanceof ConfigError && error.problems[0]!.startsWith('TRUSTED_PROXIES'),
        wrong,
      );
    }
  });

  describe('single sign-on', () => {
    const provider = {
      OIDC_ISSUER: 'https://login.council.example/tenant/v2.0',
      OIDC_CLIENT_ID: 'haven',
      OIDC_CLIENT_SECRET: 'a-client-secret',
      OIDC_PROVIDER_NAME: 'Council account',
    };
    const problemsOf = (environment: Record<string, string>) => {
      try {
        loadConfig(environment);
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems;
      }
    };

    it('is off unless configured', () => {
      assert.equal(loadConfig({}).singleSignOn, null);
    });

    it('derives the redirect URI from HAVEN_BASE_URL, matches on email and provisions nobody by default', () => {
      const config = loadConfig({ ...provider, HAVEN_BASE_URL: 'https://haven.council.example/' });
      assert.deepEqual(config.singleSignOn, {
        issuer: provider.OIDC_ISSUER,
        clientId: 'haven',
        clientSecret: 'a-client-secret',
        providerName: 'Council account',
        redirectUri: 'https://haven.council.example/sign-in/single-sign-on/callback',
        matchClaim: 'email',
        provisionInto: null,
      });
    });

    it('takes a redirect URI, the subject claim and provisioning into an organisation', () => {
      const config = loadConfig({
        ...provider,
        OIDC_REDIRECT_URI: 'https://haven.council.example/sign-in/single-sign-on/callback',
        OIDC_MATCH_CLAIM: 'sub',
        OIDC_PROVISION: 'true',
        OIDC_ORGANISATION: 'Haven City Council',
      });
      assert.equal(config.singleSignOn?.matchClaim, 'sub');
      assert.equal(config.singleSignOn?.provisionInto, 'Haven City Council');
    });

    it('is all or nothing, and names each missing setting', () => {
      const problems = problemsOf({ OIDC_ISSUER: provider.OIDC_ISSUER, OIDC_PROVISION: 'true' });
      assert.deepEqual(problems.map((problem) => problem.split(' ')[0]).sort(), [
        'OIDC_CLIENT_ID',
        'OIDC_CLIENT_SECRET',
        'OIDC_ORGANISATION',
        'OIDC_PROVIDER_NAME',
      ]);
      assert.match(problems.join('\n'), /OIDC_CLIENT_ID is required for single sign-on \(OIDC_ISSUER set\)/);
      assert.deepEqual(problemsOf({ OIDC_PROVISION: 'true' }), ['OIDC_PROVISION needs OIDC_ISSUER']);
      assert.deepEqual(problemsOf({ ...provider, OIDC_MATCH_CLAIM: 'upn' }), ['OIDC_MATCH_CLAIM must be email or sub']);
    });

    it('reaches the provider over TLS only in production', () => {
      const problems = problemsOf({
        ...provider,
        ...productionMail,
        HAVEN_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(32),
        OIDC_ISSUER: 'http://login.council.example',
      });
      assert.deepEqual(problems, ['OIDC_ISSUER must be an https:// URL in production']);
    });
  });

  describe('passkeys (WebAuthn)', () => {
    const problemsOf = (environment: Record<string, string>) => {
      try {
        loadConfig(environment);
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems;
      }
    };

    it('binds passkeys to HAVEN_BASE_URL: its origin, and its host name as the relying party', () => {
      assert.deepEqual(loadConfig({}).webAuthn, {
        rpId: 'localhost',
        origin: 'http://localhost:3000',
        rpName: 'Haven',
      });
      const config = loadConfig({ HAVEN_BASE_URL: 'https://haven.council.example/' });
      assert.deepEqual(config.webAuthn, {
        rpId: 'haven.council.example',
        origin: 'https://haven.council.example',
        rpName: 'Haven',
      });
    });

    it('takes a parent domain as the relying party, for an origin on one of its subdomains', () => {
      const config = loadConfig({
        WEBAUTHN_RP_ID: 'council.example',
        WEBAUTHN_ORIGIN: 'https://haven.council.example',
      });
      assert.equal(config.webAuthn?.rpId, 'council.example');
      assert.equal(config.webAuthn?.origin, 'https://haven.council.example');
    });

    it('offers no passkeys when Haven is reached by IP address, and refuses one named as the relying party', () => {
      assert.equal(loadConfig({ HAVEN_BASE_URL: 'http://127.0.0.1:3000' }).webAuthn, null);
      assert.equal(loadConfig({ HAVEN_BASE_URL: 'http://[::1]:3000' }).webAuthn, null);
      assert.deepEqual(problemsOf({ WEBAUTHN_RP_ID: '10.0.0.5' }), [
        'WEBAUTHN_RP_ID must be a domain name: WebAuthn refuses an IP address',
      ]);
      assert.deepEqual(problemsOf({ WEBAUTHN_ORIGIN: 'http://10.0.0.5' }), [
        'WEBAUTHN_ORIGIN must name a domain: WebAuthn refuses an IP address',
      ]);
      assert.deepEqual(problemsOf({ WEBAUTHN_ORIGIN: 'not an address' }), [
        'WEBAUTHN_ORIGIN must be an http:// or https:// URL',
      ]);
    });

    it('refuses an origin outside the relying party domain, and plain http in production', () => {
      assert.deepEqual(problemsOf({ WEBAUTHN_RP_ID: 'council.example', WEBAUTHN_ORIGIN: 'https://evil.example' }), [
        'WEBAUTHN_ORIGIN must be on the domain council.example (WEBAUTHN_RP_ID) or one of its subdomains',
      ]);
      const problems = problemsOf({
        ...productionMail,
        HAVEN_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(32),
        WEBAUTHN_ORIGIN: 'http://haven.council.example',
      });
      assert.deepEqual(problems, ['WEBAUTHN_ORIGIN must be an https:// URL in production']);
    });
  });
});
