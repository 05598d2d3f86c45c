import { sql } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import { isPostgres } from '../db/dialect.ts';
import { triageMsSql } from '../db/migrations/0034-concern-report-counts.ts';
import * as recount from './insight.recount.ts';
import type { AboutWhom, Span, TriageFigures } from './insight.recount.ts';

// Aggregates only: every query counts, none returns a name, a date of birth, an address or a
// word anyone typed, so a report needs no read audit. Every query keeps to one organisation and
// to concerns received in [from, until) (ISO-8601 UTC, so text order is time order).
//
// The counts come from concern_report_counts, which migration 0034's triggers keep in step with
// every write: a year is a few thousand summary rows, whatever the number of concerns. Its days
// are keyed so that any span from one UK midnight to another is a range of keys; a span that is
// not (none of Haven's periods) is counted from the concerns themselves (insight.recount.ts).

export type { AboutWhom, Span, TriageFigures, TriageTime } from './insight.recount.ts';
export { triageTimes } from './insight.recount.ts';

type Dimension = 'status' | 'restricted' | 'area' | 'about' | 'category' | 'referral' | 'triaged' | 'triage-hour';

/** The summary key an instant starts: its UTC date, with hour 23 apart ('2025-06-30+'). */
function dayKey(at: string): string {
  return at.slice(0, 10) + (at.slice(11, 13) === '23' ? '+' : '');
}

/** Whether the span starts and ends where summary keys do (00:00 or 23:00 UTC on the hour). */
function onKeys(from: string, until: string): boolean {
  const boundary = /^\d{4}-\d{2}-\d{2}T(00|23):00:00(\.000)?Z$/;
  return boundary.test(from) && boundary.test(until);
}

/** A UTC hour standing for a key: each key lies within one UK day, so within one UK month. */
function hourOfKey(key: string): string {
  return `${key.slice(0, 10)}T${key.endsWith('+') ? '23' : '00'}`;
}

function summary(db: HavenDb, span: Span, dimension: Dimension) {
  return db
    .selectFrom('concern_report_counts')
    .where('organisation_id', '=', span.organisationId)
    .where('dimension', '=', dimension)
    .where('received_day', '>=', dayKey(span.from))
    .where('received_day', '<', dayKey(span.until));
}

/** The span's counts in one dimension, by item. */
async function byItem(db: HavenDb, span: Span, dimension: Dimension) {
  const rows = await summary(db, span, dimension)
    .select((eb) => ['item', eb.fn.sum<number>('n').as('n')])
    .groupBy('item')
    .execute();
  return rows.map((row) => ({ item: row.item, count: Number(row.n) })).filter((row) => row.count !== 0);
}

/**
 * The span's counts in one dimension by UK month and item, each month given as an hour in it.
 * A key's hours all lie in one UK day, the key's own date, except hour 23 in summer, which is
 * the next day: only those of a month's last days (28th to 31st) can fall in the next month, so
 * they are kept apart and every other key is summed into its month in SQL.
 */
async function byMonthAndItem(db: HavenDb, span: Span, dimension: Dimension) {
  const group = sql<string>`case when substr(received_day, 11, 1) = '+' and substr(received_day, 9, 2) >= '28'
    then received_day else substr(received_day, 1, 7) end`;
  const rows = await summary(db, span, dimension)
    .select((eb) => [group.as('key'), 'item', eb.fn.sum<number>('n').as('n')])
    .groupBy([group, 'item'])
    .execute();
  return rows
    .map((row) => ({
      hour: row.key.length === 7 ? `${row.key}-01T00` : hourOfKey(row.key),
      item: row.item,
      count: Number(row.n),
    }))
    .filter((row) => row.count !== 0);
}

/**
 * Concerns by UTC hour received and status, restricted ones included: the by-month, open and
 * closed tables and the total are built from this. The report places each hour in its UK month;
 * from the summary, an hour stands for the UK month's concerns (or a few of its last evenings').
 */
export async function countByHourAndStatus(db: HavenDb, span: Span) {
  if (!onKeys(span.from, span.until)) return recount.countByHourAndStatus(db, span);
  const rows = await byMonthAndItem(db, span, 'status');
  return rows.map((row) => ({
    hour: row.hour,
    status: row.item as 'awaiting_triage' | 'open' | 'closed',
    count: row.count,
  }));
}

/** Unrestricted concerns by service area; restricted ones are counted apart, never by area. */
export async function countByServiceArea(db: HavenDb, span: Span) {
  if (!onKeys(span.from, span.until)) return recount.countByServiceArea(db, span);
  return (await byItem(db, span, 'area')).map((row) => ({ serviceAreaId: row.item, count: row.count }));
}

export async function countRestricted(db: HavenDb, span: Span): Promise<number> {
  if (!onKeys(span.from, span.until)) return recount.countRestricted(db, span);
  return (await byItem(db, span, 'restricted')).reduce((sum, row) => sum + row.count, 0);
}

/** Unrestricted concerns under each category: a concern with several categories counts in each. */
export async function countByCategory(db: HavenDb, span: Span) {
  if (!onKeys(span.from, span.until)) return recount.countByCategory(db, span);
  return (await byItem(db, span, 'category')).map((row) => ({ categoryId: row.item, count: row.count }));
}

/** Every concern (restricted ones included) once, by the age groups of its people at risk. */
export async function countByAboutWhom(db: HavenDb, span: Span): Promise<Record<AboutWhom, number>> {
  if (!onKeys(span.from, span.until)) return recount.countByAboutWhom(db, span);
  const counts: Record<AboutWhom, number> = { child: 0, adult: 0, both: 0, 'not-known': 0 };
  for (const row of await byItem(db, span, 'about')) counts[row.item as AboutWhom] += row.count;
  return counts;
}

/** Referrals made on unrestricted concerns received in the period, by agency and outcome (null: not yet recorded). */
export async function countReferrals(db: HavenDb, span: Span) {
  if (!onKeys(span.from, span.until)) return recount.countReferrals(db, span);
  return (await byItem(db, span, 'referral')).map((row) => {
    const [agencyId, outcomeId] = row.item.split('|') as [string, string];
    return { agencyId, outcomeId: outcomeId === '' ? null : outcomeId, count: row.count };
  });
}

/**
 * Triage against the deadline, and the median and worst hours to triage, exactly as from every
 * concern's own times: the summary says which whole hour the median and the worst lie in, and
 * the index concerns_triage_time gives the exact times within that hour alone. Concerns not
 * yet triaged are read through the partial index concerns_untriaged: Haven's own are judged
 * against the time now, and the imported ones have no triage time recorded
 * (domain/triage-deadline.ts, triageStanding).
 */
export async function triageFigures(db: HavenDb, span: Span, now: Date): Promise<TriageFigures> {
  if (!onKeys(span.from, span.until)) return recount.recountTriage(db, span, now);
  const [judged, hourRows, untriaged] = await Promise.all([
    byItem(db, span, 'triaged'),
    byItem(db, span, 'triage-hour'),
    db
      .selectFrom('concerns')
      .select([
        sql<number>`coalesce(sum(case when imported_at is null then 1 else 0 end), 0)`.as('own'),
        sql<number>`coalesce(sum(case when imported_at is null and triage_deadline_at < ${now.toISOString()}
          then 1 else 0 end), 0)`.as('overdue'),
        sql<number>`coalesce(sum(case when imported_at is null then 0 else 1 end), 0)`.as('imported'),
      ])
      .where('organisation_id', '=', span.organisationId)
      .where('triaged_at', 'is', null)
      .where('created_at', '>=', span.from)
      .where('created_at', '<', span.until)
      .executeTakeFirst(),
  ]);
  const count = (item: string) => judged.find((row) => row.item === item)?.count ?? 0;
  const [within, late] = [count('within'), count('late')];
  const overdue = Number(untriaged?.overdue ?? 0);
  const notDue = Number(untriaged?.own ?? 0) - overdue;
  const notRecorded = Number(untriaged?.imported ?? 0);
  const triaged = within + late;
  const counts = { within, late, overdue, notDue, notRecorded, triaged };
  if (triaged === 0) return { ...counts, medianHours: null, worstHours: null };
  const hours = hourRows.map((row) => ({ hour: Number(row.item), count: row.count })).sort((a, b) => a.hour - b.hour);
  const ms = sql.raw(triageMsSql(isPostgres(db) ? 'postgres' : 'sqlite'));
  /** The rank-th shortest time to triage (0: the shortest), in hours. */
  const nth = async (rank: number, descending = false): Promise<number> => {
    let before = 0;
    for (const { hour, count } of descending ? [...hours].reverse() : hours) {
      if (rank < before + count) {
        const row = await db
          .selectFrom('concerns')
          .select(ms.as('ms'))
          .where('organisation_id', '=', span.organisationId)
          .where('triaged_at', 'is not', null)
          .where(ms, '>=', hour * 3_600_000)
          .where(ms, '<', (hour + 1) * 3_600_000)
          .where('created_at', '>=', span.from)
          .where('created_at', '<', span.until)
          .orderBy(ms, descending ? 'desc' : 'asc')
          .limit(1)
          .offset(rank - before)
          .executeTakeFirstOrThrow();
        return Number(row.ms) / 3_600_000;
      }
      before += count;
    }
    throw new Error('the triage summary and the concerns disagree');
  };
  const middle = Math.floor(triaged / 2);
  const [medianHours, worstHours] = await Promise.all([
    triaged % 2 === 1 ? nth(middle) : Promise.all([nth(middle - 1), nth(middle)]).then(([a, b]) => (a + b) / 2),
    nth(0, true),
  ]);
  return { ...counts, medianHours, worstHours };
}

/** The organisation's lists the tables are labelled with; retired entries too, as old concerns keep them. */
export async function reportLabels(db: HavenDb, organisationId: string) {
  const [serviceAreas, categories, agencies, outcomes] = await Promise.all([
    db
      .selectFrom('service_areas')
      .select(['id', 'name', 'headcount', 'retired_at as retiredAt'])
      .where('organisation_id', '=', organisationId)
      .orderBy('sort_order')
      .orderBy('name')
      .execute(),
    db
      .selectFrom('categories')
      .select(['id', 'name', 'retired_at as retiredAt'])
      .where('organisation_id', '=', organisationId)
      .orderBy('sort_order')
      .orderBy('name')
      .execute(),
    db
      .selectFrom('agencies')
      .select(['id', 'name', 'retired_at as retiredAt'])
      .where('organisation_id', '=', organisationId)
      .orderBy('sort_order')
      .orderBy('name')
      .execute(),
    db
      .selectFrom('referral_outcomes')
      .select(['id', 'name', 'retired_at as retiredAt', 'outcome_class as outcomeClass'])
      .where('organisation_id', '=', organisationId)
      .orderBy('sort_order')
      .orderBy('name')
      .execute(),
  ]);
  return { serviceAreas, categories, agencies, outcomes };
}

/** Concerns received in the span, restricted ones included: one figure. */
export async function countConcerns(db: HavenDb, span: Span): Promise<number> {
  if (!onKeys(span.from, span.until)) return recount.countConcerns(db, span);
  return (await byItem(db, span, 'status')).reduce((sum, row) => sum + row.count, 0);
}

/**
 * Unrestricted concerns by category and UTC hour received, for placing each in its UK month:
 * the trend flags' history. A concern with several categories counts in each.
 */
export async function countByCategoryAndHour(db: HavenDb, span: Span) {
  if (!onKeys(span.from, span.until)) return recount.countByCategoryAndHour(db, span);
  const rows = await byMonthAndItem(db, span, 'category');
  return rows.map((row) => ({ categoryId: row.item, hour: row.hour, count: row.count }));
}

/**
 * Every organisation of this installation: its concerns received in the span (restricted ones
 * included, as a total) and its staff, the sum of its service areas' known headcounts. The one
 * query that reads across organisations: it returns ids and two numbers, never a name, and the
 * page that shows it replaces every organisation by a letter.
 */
export function compareOrganisations(db: HavenDb, from: string, until: string) {
  if (!onKeys(from, until)) return recount.compareOrganisations(db, from, until);
  return recount.withStaff(
    db,
    db
      .selectFrom('concern_report_counts')
      .select((eb) => ['organisation_id as organisationId', eb.fn.sum<number>('n').as('n')])
      .where('dimension', '=', 'status')
      .where('received_day', '>=', dayKey(from))
      .where('received_day', '<', dayKey(until))
      .groupBy('organisation_id')
      .execute(),
  );
}
