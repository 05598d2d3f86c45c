import { randomUUID } from 'node:crypto';
import type { ConcernSearchDocument } from './full-text-search.ts';
import { encryptField, encryptJson } from '../field-encryption/field-encryption.ts';
import type { Catalogue } from './synthetic-catalogue.ts';
import { account, addressOf, personName, pick, places, whyAtRisk } from './synthetic-words.ts';

// Synthetic concerns for the benchmarks, `npm run seed:synthetic` and the demo's history: years of
// a council's work, made in the application's own formats (UUIDs, ISO-8601 UTC text) so Haven
// reads them as it reads its own. One generator describes the data; the bench writes it fast with
// a loader per dialect (bench/loaders.ts), the seed and the demo through Kysely (synthetic-seed.ts).
// Repeatable: the same count and seed give the same mix, names and shape every run; only the ids
// (fresh UUIDs) and the dates (the years up to an hour before the run) move.
// Realistic in the ways the reports read: more concerns in December and fewer in August (the
// seeds' "December 2021 saw 44 … the average monthly number was 25"), service areas in the order
// the council's report gives (Housing Services, then Business Improvement, then Regulatory
// Services and Community Safety), and domestic abuse, mental ill health and suicidal thoughts
// the most frequent categories (report paragraph 46). What the rows refer to, and how often each is
// chosen: synthetic-catalogue.ts; the invented names, addresses and accounts: synthetic-words.ts.

export type Row = unknown[];
export type Table =
  | 'people'
  | 'concerns'
  | 'concern_people'
  | 'concern_categories'
  | 'concern_events'
  | 'concern_actions'
  | 'referrals'
  | 'person_events'
  | 'audit_events';
/** The rows for a run of concerns, by table; each loader decides the order tables are written in. */
export type Chunk = Record<Exclude<Table, 'people'>, Row[]> & {
  /** Each concern's search document from its plaintext (the columns hold ciphertext): for indexNewConcerns. */
  search: SearchRow[];
};
export type SearchRow = ConcernSearchDocument & { concernId: string };

/** Each table's columns in the order its rows are made. */
export const columns: Record<Table, readonly string[]> = {
  people: [
    'id',
    'organisation_id',
    'name',
    'date_of_birth',
    'approximate_age',
    'approximate_age_on',
    'address',
    'name_key',
    'postcode',
    'household_id',
    'created_at',
    'created_by',
  ],
  concerns: [
    'id',
    'organisation_id',
    'reference',
    'reporter_id',
    'service_area_id',
    'what_happened',
    'happened_on',
    'location',
    'status',
    'created_at',
    'version',
    'triage_deadline_at',
    'triaged_at',
    'triaged_by',
    'owner_id',
    'risk_level',
    'triage_notes',
    'closed_at',
    'restricted',
    'restriction_kind',
    'restriction_reason',
    'why_at_risk',
    'urgency',
    'consent',
  ],
  concern_people: [
    'id',
    'organisation_id',
    'concern_id',
    'name',
    'age_group',
    'role_in_concern',
    'date_of_birth',
    'approximate_age',
    'address',
    'sort_order',
    'person_id',
  ],
  concern_categories: ['organisation_id', 'concern_id', 'category_id'],
  concern_events: ['id', 'organisation_id', 'concern_id', 'kind', 'details', 'actor_id', 'at'],
  concern_actions: [
    'id',
    'organisation_id',
    'concern_id',
    'description',
    'assignee_id',
    'due_on',
    'created_by',
    'created_at',
    'done_at',
    'done_by',
  ],
  referrals: [
    'id',
    'organisation_id',
    'concern_id',
    'agency_id',
    'referred_on',
    'external_reference',
    'professional',
    'consent',
    'no_consent_reason',
    'outcome_id',
    'outcome_on',
    'created_by',
    'created_at',
  ],
  person_events: ['id', 'organisation_id', 'person_id', 'concern_id', 'kind', 'details', 'actor_id', 'at'],
  audit_events: ['id', 'organisation_id', 'actor_id', 'action', 'subject_type', 'subject_id', 'request_id', 'at'],
};

/** The shares of the mix. Whatever is neither awaiting triage nor open is closed. */
export const mix = {
  awaitingTriage: 0.02,
  open: 0.1,
  restricted: 0.01,
  /** Concerns whose person at risk is linked to a person in the index. */
  linked: 0.1,
  /** Linked concerns per index person on average; the busiest person has about twice this. */
  concernsPerPerson: 25,
  /** Of the concerns that are not linked, those given a timeline (triaged, closed) as well. */
  timelineSample: 0.05,
  secondPerson: 0.3,
  secondCategory: 0.3,
};

/** Relative concerns a month, January to December. */
export const monthWeights = [1.0, 0.95, 1.0, 0.95, 1.0, 0.95, 0.9, 0.8, 1.0, 1.05, 1.1, 1.6];
const dayMs = 86_400_000;

export type SyntheticOptions = {
  /** Years of concerns up to `end`; 3 by default. */
  years?: number;
  /** Seeds the pseudo-random mix; the same seed gives the same data. */
  seed?: number;
  /**
   * Statuses by age, as a working system has them: the last day's concerns await triage, the last
   * few weeks' are mostly open, older ones closed. Otherwise (the bench) statuses are mixed evenly
   * over the years, so the queue holds 2% of everything.
   */
  statusByAge?: boolean;
};

/** Index people (about 1 in 250 concerns) and their household events, made before any concern links to them. */
export type Plan = {
  people: Row[];
  householdEvents: Row[];
  /** Every concern's rows, chunk by chunk; `counters` is complete once they have all been taken. */
  chunks(size: number): Generator<Chunk>;
  /** The last reference number used in each year, so the organisation's counters carry on from them. */
  counters: Map<number, number>;
};

/** `total` concerns spread over the years before `end`, by season. */
export function planSynthetic(catalogue: Catalogue, total: number, end: number, options: SyntheticOptions = {}): Plan {
  const years = options.years ?? 3;
  const start = end - years * 365 * dayMs;
  const personIds = Array.from({ length: Math.max(1, Math.round((total * mix.linked) / mix.concernsPerPerson)) }, () =>
    randomUUID(),
  );
  const people = indexPeople(catalogue, personIds, start);
  const counters = new Map<number, number>();
  return {
    people,
    householdEvents: householdEvents(catalogue, people, start),
    chunks: (size) =>
      concernChunks(
        catalogue,
        { total, start, end, personIds, counters, seed: options.seed ?? 42, statusByAge: options.statusByAge ?? false },
        size,
      ),
    counters,
  };
}

function indexPeople(catalogue: Catalogue, personIds: readonly string[], start: number): Row[] {
  const random = mulberry32(7);
  const createdAt = iso(start);
  let household: string | null = null;
  return personIds.map((id, p) => {
    const child = personIsChild(p);
    const address = addressOf(p);
    const name = personName(p);
    // Pairs of every tenth person share a household.
    household = p % 10 === 0 ? randomUUID() : p % 10 === 1 ? household : null;
    const knownBirth = random() < 0.6;
    return [
      id,
      catalogue.organisationId,
      name,
      knownBirth ? birthDate(random, child, start) : null,
      knownBirth ? null : approximateAge(child, p),
      knownBirth ? null : createdAt.slice(0, 10),
      address,
      name.toLowerCase(),
      address.slice(address.lastIndexOf('Oxford ') + 7).replace(' ', ''),
      household,
      createdAt,
      pick(catalogue.triagerIds, p),
    ];
  });
}

/** Joining a household is an index change that stands apart from any concern. */
function householdEvents(catalogue: Catalogue, people: readonly Row[], start: number): Row[] {
  return people
    .filter((row) => row[9] !== null)
    .map((row, n) => [
      randomUUID(),
      catalogue.organisationId,
      row[0],
      null,
      'household_joined',
      JSON.stringify({ householdId: row[9] }),
      pick(catalogue.triagerIds, n),
      iso(start + (30 + (n % 300)) * dayMs),
    ]);
}

type Span = {
  total: number;
  start: number;
  end: number;
  personIds: readonly string[];
  counters: Map<number, number>;
  seed: number;
  statusByAge: boolean;
};

/**
 * The instant the share `u` (0–1) of the span's concerns has arrived by, months weighted by
 * season: the inverse of the cumulative share, so the concerns stay in time order.
 */
function seasonalTime(start: number, end: number): (u: number) => number {
  const edges: number[] = [start];
  for (let at = start; at < end;) {
    const d = new Date(at);
    at = Math.min(end, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    edges.push(at);
  }
  const mass = edges.slice(1).map((to, i) => (to - edges[i]!) * monthWeights[new Date(edges[i]!).getUTCMonth()]!);
  const total = mass.reduce((a, b) => a + b, 0);
  return (u) => {
    let left = u * total;
    for (let i = 0; i < mass.length; i++) {
      if (left <= mass[i]! || i === mass.length - 1) return edges[i]! + (left / mass[i]!) * (edges[i + 1]! - edges[i]!);
      left -= mass[i]!;
    }
    return end;
  };
}

/** Picks from a list by weight with one random number. */
function weighted(ids: readonly string[], weights: ReadonlyMap<string, number>): (r: number) => string {
  const cumulative: number[] = [];
  let sum = 0;
  for (const id of ids) cumulative.push((sum += weights.get(id) ?? 1));
  return (r) => {
    const target = r * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return ids[lo]!;
  };
}

function* concernChunks(catalogue: Catalogue, span: Span, chunkSize: number): Generator<Chunk> {
  const random = mulberry32(span.seed);
  const { total, start, end, personIds, counters } = span;
  const timeAt = seasonalTime(start, end);
  const serviceArea = weighted(catalogue.serviceAreaIds, catalogue.weights);
  const childCategory = weighted(catalogue.childCategoryIds, catalogue.weights);
  const adultCategory = weighted(catalogue.adultCategoryIds, catalogue.weights);
  const linkedBefore = new Uint8Array(personIds.length);
  const org = catalogue.organisationId;
  for (let from = 0; from < total; from += chunkSize) {
    const chunk: Chunk = {
      concerns: [],
      concern_people: [],
      concern_categories: [],
      concern_events: [],
      concern_actions: [],
      referrals: [],
      person_events: [],
      audit_events: [],
      search: [],
    };
    for (let i = from; i < Math.min(total, from + chunkSize); i++) {
      const created = timeAt((i + random()) / total);
      const createdAt = iso(created);
      const year = new Date(created).getUTCFullYear();
      const number = (counters.get(year) ?? 0) + 1;
      counters.set(year, number);
      const id = randomUUID();
      const reporterId = pick(catalogue.reporterIds, random() * 1e9);
      const roll = random();
      const status = span.statusByAge
        ? statusForAge((end - created) / dayMs, roll)
        : roll < mix.awaitingTriage
          ? 'awaiting_triage'
          : roll < mix.awaitingTriage + mix.open
            ? 'open'
            : 'closed';
      const restricted = random() < mix.restricted;
      const p = random() < mix.linked ? Math.floor(random() * personIds.length) : -1;
      const child = p >= 0 ? personIsChild(p) : random() < 0.35;
      const triager = pick(catalogue.triagerIds, i);
      const owner = pick(catalogue.caseWorkerIds, i * 13);
      // Never after the end: recent concerns are triaged and closed sooner than the usual spread.
      const triagedAt =
        status === 'awaiting_triage' ? null : iso(Math.min(created + (1 + random() * 20) * 3_600_000, end));
      const closedAt = status === 'closed' ? iso(Math.min(created + (3 + random() * 60) * dayMs, end)) : null;
      const risk = triagedAt ? pick(['low', 'medium', 'high'], random() * 3) : null;
      // Free text is encrypted as Haven writes it (issue 13); the search document takes the plaintext.
      const text = { account: account(random() * 1e9), place: '', why: '' };
      const reference = `HC-${year}-${String(number).padStart(6, '0')}`;
      chunk.concerns.push([
        id,
        org,
        reference,
        reporterId,
        serviceArea(random()),
        encryptField(text.account),
        iso(created - Math.floor(random() * 14) * dayMs).slice(0, 10),
        (text.place = pick(places, random() * 1e9)),
        status,
        createdAt,
        status === 'awaiting_triage' ? 1 : status === 'open' ? 2 : 3,
        iso(created + dayMs),
        triagedAt,
        triagedAt ? triager : null,
        triagedAt ? owner : null,
        risk,
        triagedAt ? encryptField('Spoke to the reporter; plan agreed with the case owner.') : null,
        closedAt,
        restricted ? 1 : 0,
        restricted ? 'allegation' : null,
        restricted ? encryptField('Allegation about a member of staff (procedures 11).') : null,
        encryptField((text.why = pick(whyAtRisk, random() * 1e9))),
        pick(['immediately', 'today', 'days', 'not_urgent'], random() * 4),
        pick(['yes', 'no', 'not_asked'], random() * 3),
      ]);
      const peopleBefore = chunk.concern_people.length;
      const anonymous = p < 0 && random() < 0.1;
      chunk.concern_people.push([
        randomUUID(),
        org,
        id,
        p >= 0 ? personName(p) : anonymous ? null : personName(1_000_003 + i),
        child ? 'child' : 'adult',
        'person_at_risk',
        null,
        approximateAge(child, p >= 0 ? p : i),
        p >= 0 ? addressOf(p) : random() < 0.3 ? null : addressOf(1_000_003 + i),
        0,
        p >= 0 ? personIds[p] : null,
      ]);
      if (random() < mix.secondPerson) {
        chunk.concern_people.push([
          randomUUID(),
          org,
          id,
          random() < 0.3 ? null : personName(2_000_003 + i),
          'adult',
          pick(['alleged_source_of_harm', 'witness', 'household_member'], i),
          null,
          null,
          null,
          1,
          null,
        ]);
      }
      const category = child ? childCategory : adultCategory;
      const first = category(random());
      chunk.concern_categories.push([org, id, first]);
      if (random() < mix.secondCategory) {
        const second = category(random());
        if (second !== first) chunk.concern_categories.push([org, id, second]);
      }
      chunk.audit_events.push([randomUUID(), org, reporterId, 'concern.created', 'concern', id, null, createdAt]);
      if (p >= 0) {
        const kind = linkedBefore[p] ? 'linked' : 'created';
        linkedBefore[p] = 1;
        chunk.person_events.push([randomUUID(), org, personIds[p], id, kind, '{}', triager, triagedAt ?? createdAt]);
      }
      const added: string[] = [];
      if (triagedAt && (p >= 0 || random() < mix.timelineSample)) {
        addTimeline(
          chunk,
          catalogue,
          { id, created, end, triagedAt, closedAt, triager, owner, risk, reporterId },
          random,
          added,
        );
      }
      const names = chunk.concern_people.slice(peopleBefore).map((row) => row[3] as string | null);
      chunk.search.push({ concernId: id, reference, names, account: [text.account, text.place, text.why], added });
    }
    yield chunk;
  }
}

/** A working system's statuses by a concern's age in days. */
function statusForAge(days: number, roll: number): 'awaiting_triage' | 'open' | 'closed' {
  if (days < 4) return roll < 0.7 ? 'awaiting_triage' : 'open';
  if (days < 45) return roll < 0.6 ? 'open' : 'closed';
  return roll < 0.03 ? 'open' : 'closed';
}

type TimelineConcern = {
  id: string;
  created: number;
  end: number;
  triagedAt: string;
  closedAt: string | null;
  triager: string;
  owner: string;
  risk: string | null;
  reporterId: string;
};

/** Triage, sometimes an action, a referral or information added, and closing, as case work leaves them. */
function addTimeline(
  chunk: Chunk,
  catalogue: Catalogue,
  concern: TimelineConcern,
  random: () => number,
  added: string[],
): void {
  const org = catalogue.organisationId;
  const { id, created, triager, owner, closedAt } = concern;
  const at = (days: number) => iso(Math.min(created + days * dayMs, concern.end));
  const event = (kind: string, details: Record<string, unknown>, actor: string, when: string) =>
    chunk.concern_events.push([randomUUID(), org, id, kind, encryptJson(details), actor, when]);
  const decision = 'Refer and keep under review.';
  event('triaged', { riskLevel: concern.risk, ownerId: owner, decision }, triager, concern.triagedAt);
  if (random() < 0.4) {
    const actionId = randomUUID();
    const dueOn = at(9).slice(0, 10);
    const doneAt = closedAt ? at(3) : null;
    const description = 'Visit the tenant with a colleague and check the door has been repaired.';
    const stored = encryptField(description);
    chunk.concern_actions.push([actionId, org, id, stored, owner, dueOn, triager, at(2), doneAt, doneAt && owner]);
    event('action_added', { actionId, description, assigneeId: owner, dueOn }, triager, at(2));
    if (doneAt) event('action_done', { actionId }, owner, doneAt);
  }
  if (random() < 0.3) {
    const referralId = randomUUID();
    const agencyId = pick(catalogue.agencyIds, random() * 1e9);
    const outcomeId = closedAt ? pick(catalogue.outcomeIds, random() * 1e9) : null;
    const referredOn = at(1).slice(0, 10);
    const outcomeOn = outcomeId ? at(20).slice(0, 10) : null;
    const external = `EXT-${Math.floor(random() * 1e6)}`;
    const row = [referralId, org, id, agencyId, referredOn, external, 'Duty social worker', 'yes', null];
    chunk.referrals.push([...row, outcomeId, outcomeOn, triager, at(1.1)]);
    event('referral_made', { referralId, agencyId, referredOn, consent: 'yes' }, triager, at(1.1));
    if (outcomeId) event('referral_outcome', { referralId, outcomeId, outcomeOn }, triager, at(20));
  }
  if (random() < 0.1) {
    const text = 'The neighbour called again: the visitor came back last night.';
    event('information_added', { text }, concern.reporterId, at(2));
    added.push(text);
  }
  if (closedAt) event('closed', { note: 'Referral accepted; nothing more for the council to do.' }, owner, closedAt);
}

const personIsChild = (p: number) => p % 3 === 0;

function birthDate(random: () => number, child: boolean, now: number): string {
  const age = child ? 2 + random() * 15 : 19 + random() * 70;
  return iso(now - age * 365.25 * dayMs).slice(0, 10);
}

const approximateAge = (child: boolean, n: number) => (child ? 6 + (n % 11) : 20 + (n % 70));

const iso = (ms: number) => new Date(Math.round(ms)).toISOString();

/** A small, fast, seeded pseudo-random generator (Mulberry32), so runs repeat. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
