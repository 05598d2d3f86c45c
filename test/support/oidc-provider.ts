import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** A person in the provider's directory: the claims it vouches for. */
export type DirectoryPerson = { sub: string; email?: string; email_verified?: boolean; name?: string };

export type IdTokenForgery = (claims: Record<string, unknown>) => Record<string, unknown>;

export type TestOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Haven's environment for this provider (OIDC_*); add OIDC_PROVISION and friends as needed. */
  environment: Record<string, string>;
  /** Adds or replaces a person in the provider's directory. */
  addPerson(person: DirectoryPerson): void;
  /**
   * Makes the provider misbehave: the next ID tokens from its token endpoint are rewritten and
   * signed again with its own key, as a compromised or misconfigured provider would.
   */
  forgeIdTokens(forgery: IdTokenForgery | null): void;
  /** Marks an authorization code used in the provider's own store, as an earlier redemption would. */
  consumeCode(code: string): Promise<void>;
  close(): Promise<void>;
};

type Options = { redirectUri: string; idTokenTtlSeconds?: number; clientId?: string };

/**
 * A real OpenID provider (panva's oidc-provider) on a loopback port, with Haven registered as a
 * confidential client, a directory of people, and the provider's own login and consent pages.
 */
export async function startOidcProvider({
  redirectUri,
  idTokenTtlSeconds = 300,
  clientId = 'haven',
}: Options): Promise<TestOidcProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const directory = new Map<string, DirectoryPerson>();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let forgery: IdTokenForgery | null = null;

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Every lifetime set, so the provider does not warn about its defaults on each sign-in.
    ttl: {
      IdToken: idTokenTtlSeconds,
      AccessToken: 600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    findAccount: (_ctx, id) => {
      const person = directory.get(id);
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ ...person }) };
    },
    // The provider's own quick-start login and consent pages: a real interaction over HTTP.
    features: { devInteractions: { enabled: true } },
  };
  const provider = new Provider(issuer, configuration);
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (forgery && ctx.path === '/token' && typeof body?.['id_token'] === 'string') {
      ctx.body = { ...body, id_token: resign(body['id_token'], forgery, privateKey, signingKey.kid) };
    }
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    environment: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_PROVIDER_NAME: 'Test Council account',
      OIDC_REDIRECT_URI: redirectUri,
    },
    addPerson: (person) => directory.set(person.sub, person),
    forgeIdTokens: (next) => {
      forgery = next;
    },
    consumeCode: async (code) => {
      const found = await provider.AuthorizationCode.find(code);
      if (!found) throw new Error('the provider has no such authorization code');
      await found.consume();
    },
    close: () => closeServer(server),
  };
}

function resign(
  idToken: string,
  forgery: IdTokenForgery,
  key: ReturnType<typeof generateKeyPairSync>['privateKey'],
  kid: string,
) {
  const [, payload = ''] = idToken.split('.');
  const claims = forgery(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url');
  return `${signingInput}.${signature}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/**
 * A person at the provider's pages, over real HTTP: follows its redirects with its cookies, posts
 * the login form (as `accountId`), then the consent form, and stops at the redirect back to
 * Haven, returning that callback URL unvisited.
 */
export async function signInAtProvider(authorizationUrl: string, accountId: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const origin = new URL(authorizationUrl).origin;
  let response = await visit(authorizationUrl);
  for (let step = 0; step < 20; step += 1) {
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, origin);
      if (next.origin !== origin) return next;
      response = await visit(next.href);
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`the provider showed no login or consent form (${response.status})`);
    const form: Record<string, string> =
      prompt === 'login' ? { prompt, login: accountId, password: 'any' } : { prompt };
    response = await visit(new URL(action, origin).href, new URLSearchParams(form));
  }
  throw new Error('the provider never sent the browser back to Haven');

  async function visit(url: string, form?: URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = {};
    if (cookies.size) headers['cookie'] = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const result = await fetch(url, { method: form ? 'POST' : 'GET', headers, body: form, redirect: 'manual' });
    for (const cookie of result.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return result;
  }
}

/** Haven's callback path and query from the provider's redirect, as a browser would request it. */
export const pathOf = (url: URL) => `${url.pathname}${url.search}`;
