import { randomUUID } from 'node:crypto';

/** The answers a virtual user gives; ids come from the seeded database. */
export type SubmissionChoices = { categoryId: string; serviceAreaId: string };

type Page = { status: number; location: string | null; body: string };
type Form = Array<[string, string]>;

const sessionCookie = 'haven_session';

/**
 * One person using Haven over real HTTP, as a browser without JavaScript would:
 * keeps the session cookie, and posts the CSRF token from a page it was shown.
 */
export class HavenVisitor {
  readonly #baseUrls: readonly string[];
  #turn = 0;
  #cookie = '';
  #csrfToken = '';
  /** HTTP requests made so far, so a journey can be counted in requests as well as submissions. */
  requests = 0;

  /** Several addresses: each request goes to the next, round-robin, as a load balancer without stickiness would. */
  constructor(baseUrl: string | readonly string[]) {
    this.#baseUrls = typeof baseUrl === 'string' ? [baseUrl] : baseUrl;
  }

  get #baseUrl(): string {
    return this.#baseUrls[this.#turn++ % this.#baseUrls.length]!;
  }

  /** The session cookie as a request header carries it, for another client to act as this visitor. */
  get cookie(): string {
    return this.#cookie;
  }

  async signIn(email: string, password: string): Promise<void> {
    this.#expectOk(await this.get('/sign-in'), '/sign-in');
    const signedIn = await this.post('/sign-in', [
      ['email', email],
      ['password', password],
    ]);
    expectRedirect(signedIn, 'POST /sign-in', /^\/$/);
    // Sign-in regenerates the session, so the token from the sign-in page may no longer fit:
    // take a fresh one from a signed-in page and reuse it for every later form.
    this.#expectOk(await this.get('/concerns/new'), '/concerns/new');
  }

  /**
   * "Start now", one adult at risk, every question page the journey then leads to, and check
   * answers, following Haven's redirects as a browser would; returns the new concern's id.
   */
  async submitConcern(n: number, choices: SubmissionChoices): Promise<string> {
    const started = expectRedirect(await this.post('/concerns/new', []), 'POST /concerns/new', /\/people$/);
    const draft = started.slice(0, -'/people'.length);
    const person = `${draft}/people/${randomUUID()}`;
    let location = expectRedirect(await this.post(person, personForm(n)), `POST ${person}`, /\/people$/);
    location = expectRedirect(await this.post(location, [['addAnother', 'no']]), 'POST people', /\/what-happened$/);
    const answers = pageAnswers(n, choices);
    while (!location.endsWith('/check')) {
      const slug = location.split('/').at(-1)!;
      const form = answers[slug];
      if (!form) throw new Error(`the journey reached a page the benchmark does not answer: ${slug}`);
      location = expectRedirect(await this.post(location, form), `POST ${slug}`, /^\/concerns\/new\//);
    }
    location = expectRedirect(await this.post(location, []), 'POST check', /^\/concerns\/[0-9a-f-]{36}\/confirmation$/);
    return location.split('/')[2]!;
  }

  async get(path: string): Promise<Page> {
    this.requests++;
    const response = await fetch(this.#baseUrl + path, { headers: this.#cookieHeader(), redirect: 'manual' });
    return this.#remember(response);
  }

  async post(path: string, form: Form): Promise<Page> {
    this.requests++;
    const body = new URLSearchParams([['_csrf', this.#csrfToken], ...form]);
    const response = await fetch(this.#baseUrl + path, {
      method: 'POST',
      headers: { ...this.#cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    return this.#remember(response);
  }

  async #remember(response: Response): Promise<Page> {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      if (pair.startsWith(`${sessionCookie}=`)) this.#cookie = pair;
    }
    const body = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.#csrfToken = token;
    return { status: response.status, location: response.headers.get('location'), body };
  }

  #cookieHeader(): Record<string, string> {
    return this.#cookie ? { cookie: this.#cookie } : {};
  }

  #expectOk(page: Page, path: string): void {
    if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}${describe(page)}`);
    if (!this.#csrfToken) throw new Error(`GET ${path} showed no CSRF token`);
  }
}

function personForm(n: number): Form {
  return [
    ['role', 'person_at_risk'],
    ['name', `Bench Person ${n}`],
    ['ageGroup', 'adult'],
    ['approximateAge', '70'],
    ['address', 'Flat 2, Bench Court'],
  ];
}

/** One answer per question page; a fixed past date, because the form refuses future ones. */
function pageAnswers(n: number, choices: SubmissionChoices): Record<string, Form> {
  return {
    'what-happened': [
      ['description', `Benchmark concern ${n}: a neighbour reported repeated shouting and a door being forced.`],
      ['happenedOn-day', '14'],
      ['happenedOn-month', '3'],
      ['happenedOn-year', '2025'],
      ['location', 'Flat 2, Bench Court'],
    ],
    'why-at-risk': [['whyAtRisk', 'Lives alone and is frightened of a visitor.']],
    context: [
      ['visitPurpose', 'Repair visit'],
      ['councilTenant', 'yes'],
      ['knownToOtherDepartments', 'unknown'],
    ],
    categories: [['categoryIds', choices.categoryId]],
    urgency: [['urgency', 'days']],
    'adult-needs': [
      ['careAndSupportNeeds', 'yes'],
      ['abuseOrNeglect', 'yes'],
      ['unableToProtect', 'not_sure'],
    ],
    'position-of-trust': [['positionOfTrust', 'no']],
    advice: [],
    'routes-taken': [['agencyIds', 'none']],
    consent: [['consent', 'yes']],
    'service-area': [['serviceAreaId', choices.serviceAreaId]],
  };
}

/** Any answer but the expected 303 means the run no longer measures what it claims to. */
function expectRedirect(page: Page, step: string, next: RegExp): string {
  if (page.status !== 303 || !page.location || !next.test(page.location)) {
    throw new Error(`${step} answered ${page.status}${describe(page)}; expected 303 to ${next}`);
  }
  return page.location;
}

function describe(page: Page): string {
  const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(page.body)?.[1]?.trim();
  const error = /govuk-error-summary__list[\s\S]*?<a[^>]*>([\s\S]*?)<\/a>/.exec(page.body)?.[1]?.trim();
  return [page.location && ` → ${page.location}`, heading && ` “${heading}”`, error && ` (${error})`]
    .filter(Boolean)
    .join('');
}
