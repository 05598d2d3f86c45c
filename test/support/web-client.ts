import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { demoPassword } from '../../src/db/demo-data.ts';

/**
 * A person using Haven through HTTP without a browser: keeps cookies, and sends the CSRF
 * token of the last page it saw with each form, as the page's hidden field would.
 */
export class WebClient {
  // An app to inject into, or a real Haven over HTTP (haven-process.ts overHttp).
  private readonly app: Pick<FastifyInstance, 'inject'>;
  private readonly cookies = new Map<string, string>();
  private csrfToken = '';

  constructor(app: Pick<FastifyInstance, 'inject'>) {
    this.app = app;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: this.cookieHeader() });
    return this.remember(response);
  }

  /**
   * Posts a form as a browser would; `_csrf` is filled in unless the test sets it. `from` sends it
   * from another address or with extra headers (X-Forwarded-For).
   */
  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    from: { remoteAddress?: string; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (!('_csrf' in form)) body.append('_csrf', this.csrfToken);
    for (const [name, value] of Object.entries(form)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { ...from.headers, ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
      ...(from.remoteAddress ? { remoteAddress: from.remoteAddress } : {}),
    });
    return this.remember(response);
  }

  /** Posts a multipart form with one file, as a browser's file upload does; `_csrf` is filled in. */
  async postFile(
    url: string,
    fields: Record<string, string>,
    file: { name: string; type: string; bytes: Uint8Array },
  ): Promise<LightMyRequestResponse> {
    const form = new FormData();
    if (!('_csrf' in fields)) form.append('_csrf', this.csrfToken);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
    const encoded = new Request('http://haven.test/', { method: 'POST', body: form });
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { ...this.cookieHeader(), 'content-type': encoded.headers.get('content-type') ?? '' },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    return this.remember(response);
  }

  /** Posts a body exactly as given, with this client's cookies: for hand-made malformed requests. */
  async postRaw(url: string, contentType: string, payload: Buffer): Promise<LightMyRequestResponse> {
    const headers = { ...this.cookieHeader(), 'content-type': contentType };
    return this.remember(await this.app.inject({ method: 'POST', url, headers, payload }));
  }

  /**
   * Signs in and, like a browser following the redirect, loads the home page of the new session.
   * Given a second-factor code, answers the code page too when the account is asked for one.
   */
  async signIn(email: string, password = demoPassword, secondFactorCode?: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    let response = await this.post('/sign-in', { email, password });
    if (secondFactorCode !== undefined && response.headers.location === '/sign-in/second-factor') {
      await this.get('/sign-in/second-factor');
      response = await this.post('/sign-in/second-factor', { code: secondFactorCode });
    }
    if (response.statusCode === 303 && response.headers.location === '/') await this.get('/');
    return response;
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies) {
      if (cookie.expires && cookie.expires.getTime() <= Date.now()) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }
}
