import { timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import type { SingleSignOnConfig } from '../../config.ts';

/** What Haven keeps in the server-side session between sending someone to the provider and their return. */
export type PendingFlow = Readonly<{ state: string; nonce: string; codeVerifier: string; startedAt: number }>;

/** The claims Haven uses from a verified ID token. */
export type VerifiedIdentity = Readonly<{
  subject: string;
  email: string | null;
  emailVerified: boolean | null;
  name: string | null;
}>;

/** Why the provider's answer was not trusted: kept in the audit trail, never shown in detail. */
export type FlowFailure =
  | 'not-started'
  | 'flow-expired'
  | 'state-mismatch'
  | 'nonce-mismatch'
  | 'issuer-mismatch'
  | 'audience-mismatch'
  | 'id-token-expired'
  | 'code-rejected'
  | 'provider-refused'
  | 'response-invalid'
  | 'provider-unavailable';

export class FlowRefused extends Error {
  readonly failure: FlowFailure;
  constructor(failure: FlowFailure, options?: ErrorOptions) {
    super(`single sign-on refused: ${failure}`, options);
    this.failure = failure;
  }
}

/** A flow left unfinished this long is abandoned: the provider's login should take minutes, not hours. */
const flowLifetimeMs = 10 * 60_000;

/**
 * The council's OpenID Connect provider, through openid-client: authorization code flow with
 * PKCE, state and nonce. Discovery happens on first use and is retried after a failure, so
 * Haven starts even when the provider is briefly down.
 */
export class IdentityProvider {
  private readonly settings: SingleSignOnConfig;
  private metadata: Promise<oidc.ServerMetadata> | null = null;

  constructor(settings: SingleSignOnConfig) {
    this.settings = settings;
  }

  get name(): string {
    return this.settings.providerName;
  }

  /** The provider's authorization URL and the secrets to keep server-side until the person returns. */
  async begin(now: Date): Promise<{ url: URL; flow: PendingFlow }> {
    const configuration = await this.configuration(now);
    const flow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      startedAt: now.getTime(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid email profile',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, flow };
  }

  /**
   * Checks the provider's answer against the flow this session started (state, issuer), redeems
   * the code with the PKCE verifier, and checks the ID token (signature, issuer, audience, expiry,
   * nonce) against Haven's clock.
   */
  async complete(query: string, flow: PendingFlow | undefined, now: Date): Promise<VerifiedIdentity> {
    if (!flow) throw new FlowRefused('not-started');
    if (now.getTime() - flow.startedAt > flowLifetimeMs) throw new FlowRefused('flow-expired');
    const callback = new URL(this.settings.redirectUri);
    callback.search = query;
    if (!sameSecret(callback.searchParams.get('state'), flow.state)) throw new FlowRefused('state-mismatch');
    const configuration = await this.configuration(now);
    try {
      // The callback is rebuilt on the configured redirect URI, which openid-client also sends as
      // redirect_uri: what the proxy in front of Haven calls its host does not matter.
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new FlowRefused('response-invalid');
      // A conforming provider may put email and name in userinfo only, rather than the ID token.
      const claims =
        typeof idToken['email'] === 'string'
          ? idToken
          : { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), ...idToken };
      return {
        subject: claims.sub,
        email: typeof claims['email'] === 'string' ? claims['email'] : null,
        emailVerified: typeof claims['email_verified'] === 'boolean' ? claims['email_verified'] : null,
        name: typeof claims['name'] === 'string' ? claims['name'] : null,
      };
    } catch (error) {
      if (error instanceof FlowRefused) throw error;
      throw new FlowRefused(classify(error), { cause: error });
    }
  }

  /** Built per request, so the ID token's expiry is judged by Haven's clock (tests move it). */
  private async configuration(now: Date): Promise<oidc.Configuration> {
    const metadata = await this.discover();
    const configuration = new oidc.Configuration(
      metadata,
      this.settings.clientId,
      { [oidc.clockSkew]: Math.round((now.getTime() - Date.now()) / 1000) },
      oidc.ClientSecretBasic(this.settings.clientSecret),
    );
    if (this.insecure) oidc.allowInsecureRequests(configuration);
    return configuration;
  }

  // config.ts refuses an http:// issuer in production; elsewhere a local provider may use it.
  private get insecure(): boolean {
    return new URL(this.settings.issuer).protocol === 'http:';
  }

  private discover(): Promise<oidc.ServerMetadata> {
    this.metadata ??= oidc
      .discovery(new URL(this.settings.issuer), this.settings.clientId, undefined, undefined, {
        ...(this.insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .then((configuration) => configuration.serverMetadata())
      .catch((error: unknown) => {
        this.metadata = null;
        throw new FlowRefused('provider-unavailable', { cause: error });
      });
    return this.metadata;
  }
}

function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Names the check that failed, from openid-client's error codes and the claim they name. */
function classify(error: unknown): FlowFailure {
  if (error instanceof oidc.AuthorizationResponseError) return 'provider-refused';
  if (error instanceof oidc.ResponseBodyError)
    return error.error === 'invalid_grant' ? 'code-rejected' : 'response-invalid';
  if (!(error instanceof oidc.ClientError)) return 'provider-unavailable';
  const detail = (error.cause as { cause?: { claim?: string }; message?: string } | undefined) ?? {};
  switch (error.code) {
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      if (detail.cause?.claim === 'nonce') return 'nonce-mismatch';
      if (detail.cause?.claim === 'iss') return 'issuer-mismatch';
      if (detail.cause?.claim === 'aud' || detail.cause?.claim === 'azp') return 'audience-mismatch';
      return 'response-invalid';
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return detail.cause?.claim === 'exp' ? 'id-token-expired' : 'response-invalid';
    case 'OAUTH_INVALID_RESPONSE':
      return detail.message?.includes('"iss"') ? 'issuer-mismatch' : 'response-invalid';
    default:
      return 'response-invalid';
  }
}
