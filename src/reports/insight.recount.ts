import { type SelectQueryBuilder, sql } from 'kysely';
import { medianSorted } from 'simple-statistics';
import type { HavenDb } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { type TriageStanding, triageStanding } from '../domain/triage-deadline.ts';

// The report's figures counted straight from the concerns table, as the reports counted them
// before migration 0034's summary: for periods that do not start and end on a UK midnight, for
// the test that the summary equals a recount, and as the bench's bare SQL aggregate.

export type Span = Readonly<{ organisationId: string; from: string; until: string }>;

type ConcernsQuery = SelectQueryBuilder<Database, 'concerns', object>;

function received(db: HavenDb, span: Span): ConcernsQuery {
  return db
    .selectFrom('concerns')
    .where('concerns.organisation_id', '=', span.organisationId)
    .where('concerns.created_at', '>=', span.from)
    .where('concerns.created_at', '<', span.until);
}

/**
 * Concerns by UTC hour received and status, restricted ones included: the by-month, open and
 * closed tables and the total are built from this. Grouping by hour in SQL is the same on both
 * databases; the report places each hour in its UK month.
 */
export async function countByHourAndStatus(db: HavenDb, span: Span) {
  const hour = sql<string>`substr(concerns.created_at, 1, 13)`;
  const rows = await received(db, span)
    .select((eb) => [hour.as('hour'), 'concerns.status', eb.fn.countAll().as('n')])
    .groupBy([hour, 'concerns.status'])
    .execute();
  return rows.map((row) => ({ hour: row.hour, status: row.status, count: Number(row.n) }));
}

/** Unrestricted concerns by service area; restricted ones are counted apart, never by area. */
export async function countByServiceArea(db: HavenDb, span: Span) {
  const rows = await received(db, span)
    .select((eb) => ['concerns.service_area_id as serviceAreaId', eb.fn.countAll().as('n')])
    .where('concerns.restricted', '=', 0)
    .groupBy('concerns.service_area_id')
    .execute();
  return rows.map((row) => ({ serviceAreaId: row.serviceAreaId, count: Number(row.n) }));
}

export async function countRestricted(db: HavenDb, span: Span): Promise<number> {
  const row = await received(db, span)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('concerns.restricted', '=', 1)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Unrestricted concerns under each category: a concern with several categories counts in each. */
export async function countByCategory(db: HavenDb, span: Span) {
  const rows = await received(db, span)
    .innerJoin('concern_categories', 'concern_categories.concern_id', 'concerns.id')
    .select((eb) => ['concern_categories.category_id as categoryId', eb.fn.count('concerns.id').distinct().as('n')])
    .where('concerns.restricted', '=', 0)
    .groupBy('concern_categories.category_id')
    .execute();
  return rows.map((row) => ({ categoryId: row.categoryId, count: Number(row.n) }));
}

/** Who the concern is about, from its people at risk: children, adults, both, or no one recorded. */
export type AboutWhom = 'child' | 'adult' | 'both' | 'not-known';

/** Every concern (restricted ones included) once, by the age groups of its people at risk. */
export async function countByAboutWhom(db: HavenDb, span: Span): Promise<Record<AboutWhom, number>> {
  const perConcern = received(db, span)
    .leftJoin('concern_people', (join) =>
      join
        .onRef('concern_people.concern_id', '=', 'concerns.id')
        .on('concern_people.role_in_concern', '=', 'person_at_risk'),
    )
    .select([
      'concerns.id',
      sql<number>`max(case when concern_people.age_group = 'child' then 1 else 0 end)`.as('children'),
      sql<number>`max(case when concern_people.age_group = 'adult' then 1 else 0 end)`.as('adults'),
    ])
    .groupBy('concerns.id')
    .as('per_concern');
  const rows = await db
    .selectFrom(perConcern)
    .select((eb) => ['per_concern.children', 'per_concern.adults', eb.fn.countAll().as('n')])
    .groupBy(['per_concern.children', 'per_concern.adults'])
    .execute();
  const counts: Record<AboutWhom, number> = { child: 0, adult: 0, both: 0, 'not-known': 0 };
  for (const row of rows) {
    const [children, adults] = [Number(row.children) === 1, Number(row.adults) === 1];
    const kind: AboutWhom = children && adults ? 'both' : children ? 'child' : adults ? 'adult' : 'not-known';
    counts[kind] += Number(row.n);
  }
  return counts;
}

/** Referrals made on unrestricted concerns received in the period, by agency and outcome (null: not yet recorded). */
export async function countReferrals(db: HavenDb, span: Span) {
  const rows = await received(db, span)
    .innerJoin('referrals', 'referrals.concern_id', 'concerns.id')
    .select((eb) => ['referrals.agency_id as agencyId', 'referrals.outcome_id as outcomeId', eb.fn.countAll().as('n')])
    .where('concerns.restricted', '=', 0)
    .groupBy(['referrals.agency_id', 'referrals.outcome_id'])
    .execute();
  return rows.map((row) => ({ agencyId: row.agencyId, outcomeId: row.outcomeId, count: Number(row.n) }));
}

/** When each concern was received, due and triaged, and whether it was imported: what the triage figures need, nothing else. */
export type TriageTime = Readonly<{
  id: string;
  receivedAt: string;
  deadlineAt: string;
  triagedAt: string | null;
  importedAt: string | null;
}>;

/**
 * Each concern's arrival, deadline and triage, a few thousand at a time in arrival order: a
 * period of several years holds hundreds of thousands, which must never sit in memory at once.
 */
export async function* triageTimes(db: HavenDb, span: Span, batchSize = 5_000): AsyncGenerator<readonly TriageTime[]> {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const last: { at: string; id: string } | null = after;
    const rows: TriageTime[] = await received(db, span)
      .select([
        'concerns.id',
        'concerns.created_at as receivedAt',
        'concerns.triage_deadline_at as deadlineAt',
        'concerns.triaged_at as triagedAt',
        'concerns.imported_at as importedAt',
      ])
      .$if(last !== null, (query) =>
        query.where((eb) =>
          eb.or([
            eb('concerns.created_at', '>', last!.at),
            eb.and([eb('concerns.created_at', '=', last!.at), eb('concerns.id', '>', last!.id)]),
          ]),
        ),
      )
      .orderBy('concerns.created_at')
      .orderBy('concerns.id')
      .limit(batchSize)
      .execute();
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
    const end: TriageTime = rows.at(-1)!;
    after = { at: end.receivedAt, id: end.id };
  }
}

/** Concerns received in the span, restricted ones included: one figure. */
export async function countConcerns(db: HavenDb, span: Span): Promise<number> {
  const row = await received(db, span)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Unrestricted concerns by category and UTC hour received, for placing each in its UK month:
 * the trend flags' history. A concern with several categories counts in each.
 */
export async function countByCategoryAndHour(db: HavenDb, span: Span) {
  const hour = sql<string>`substr(concerns.created_at, 1, 13)`;
  const rows = await received(db, span)
    .innerJoin('concern_categories', 'concern_categories.concern_id', 'concerns.id')
    .select((eb) => ['concern_categories.category_id as categoryId', hour.as('hour'), eb.fn.countAll().as('n')])
    .where('concerns.restricted', '=', 0)
    .groupBy(['concern_categories.category_id', hour])
    .execute();
  return rows.map((row) => ({ categoryId: row.categoryId, hour: row.hour, count: Number(row.n) }));
}

/**
 * Every organisation of this installation: its concerns received in the span (restricted ones
 * included, as a total) and its staff, the sum of its service areas' known headcounts. The one
 * query that reads across organisations: it returns ids and two numbers, never a name, and the
 * page that shows it replaces every organisation by a letter.
 */
export function compareOrganisations(db: HavenDb, from: string, until: string) {
  return withStaff(
    db,
    db
      .selectFrom('concerns')
      .select((eb) => ['concerns.organisation_id as organisationId', eb.fn.countAll().as('n')])
      .where('concerns.created_at', '>=', from)
      .where('concerns.created_at', '<', until)
      .groupBy('concerns.organisation_id')
      .execute(),
  );
}

/** Every organisation with its count of concerns (however counted) and its staff: the comparison's rows. */
export async function withStaff(
  db: HavenDb,
  counting: Promise<ReadonlyArray<{ organisationId: string; n: number | string | bigint | null }>>,
) {
  const [organisations, concerns, staff] = await Promise.all([
    db.selectFrom('organisations').select('id').orderBy('id').execute(),
    counting,
    db
      .selectFrom('service_areas')
      .select((eb) => ['service_areas.organisation_id as organisationId', eb.fn.sum<number>('headcount').as('staff')])
      .where('service_areas.retired_at', 'is', null)
      .groupBy('service_areas.organisation_id')
      .execute(),
  ]);
  const concernCounts = new Map(concerns.map((row) => [row.organisationId, Number(row.n ?? 0)]));
  const staffCounts = new Map(staff.map((row) => [row.organisationId, Number(row.staff ?? 0)]));
  return organisations.map((organisation) => ({
    organisationId: organisation.id,
    concerns: concernCounts.get(organisation.id) ?? 0,
    staff: staffCounts.get(organisation.id) ?? 0,
  }));
}

/** The triage figures of a period: counts against the deadline, and the median and worst hours to triage. */
export type TriageFigures = Readonly<{
  within: number;
  late: number;
  overdue: number;
  notDue: number;
  /** Imported without a triage time (domain/triage-deadline.ts, triageStanding). */
  notRecorded: number;
  triaged: number;
  medianHours: number | null;
  worstHours: number | null;
}>;

const hourMs = 3_600_000;

const countOf = {
  within: 'within',
  late: 'late',
  overdue: 'overdue',
  'not-due': 'notDue',
  'not-recorded': 'notRecorded',
} as const satisfies Record<TriageStanding, keyof TriageFigures>;

/** The triage figures from every concern's own times, streamed. */
export async function recountTriage(db: HavenDb, span: Span, now: Date): Promise<TriageFigures> {
  const counts = { within: 0, late: 0, overdue: 0, notDue: 0, notRecorded: 0 };
  // Hours kept as plain numbers in a growing typed array: a million of them take 8 MB.
  let hours = new Float64Array(1_024);
  let triaged = 0;
  for await (const batch of triageTimes(db, span)) {
    for (const { receivedAt, deadlineAt, triagedAt, importedAt } of batch) {
      counts[countOf[triageStanding({ deadlineAt, triagedAt, imported: importedAt !== null }, now)]] += 1;
      if (triagedAt === null) continue;
      if (triaged === hours.length) {
        const grown = new Float64Array(hours.length * 2);
        grown.set(hours);
        hours = grown;
      }
      hours[triaged++] = (Date.parse(triagedAt) - Date.parse(receivedAt)) / hourMs;
    }
  }
  const sorted = hours.subarray(0, triaged).sort() as ArrayLike<number> as number[];
  return {
    ...counts,
    triaged,
    medianHours: triaged > 0 ? medianSorted(sorted) : null,
    worstHours: triaged > 0 ? sorted[triaged - 1]! : null,
  };
}
