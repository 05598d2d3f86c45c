import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';

// Insight at scale (issue 9): the reports count concerns from a summary kept by the database
// itself, so a year of a million concerns is a few thousand rows to read, not a million. Every
// write path (the kernel's writer, case work, restriction, the history import, demo data,
// retention's disposal) keeps it right without code of its own, because triggers on concerns,
// concern_categories, referrals and concern_people move the counts in the same transaction.
//
// A row counts the concerns of one organisation received on one "day" in one dimension:
//   status      item = status                      every concern
//   restricted  item = ''                          restricted concerns
//   area        item = service area id             unrestricted concerns
//   about       item = child/adult/both/not-known  every concern (concerns.report_about)
//   category    item = category id                 unrestricted concerns, once per category
//   referral    item = agency id '|' outcome id    unrestricted concerns, once per referral
//   triaged     item = within/late                 triaged concerns, against their deadline
//   triage-hour item = whole hours to triage       triaged concerns: where a median lies
// The "day" is the UTC date, with hour 23 apart ('2025-06-30+'): a UK day starts at 00:00 UTC in
// winter and 23:00 UTC in summer, so every period a report asks for (whole UK days) is a range
// of these keys, and each key lies in one UK month.
//
// Who a concern is about depends on its people at risk; concerns.report_about holds it (null:
// no person at risk recorded), kept by the concern_people triggers, so the concerns trigger
// moves it like any other column. An exact median and worst time to triage come from the
// index concerns_triage_time over the same whole milliseconds, read only in the hour the
// median falls in. Concerns not yet triaged (overdue or not yet due depends on the time the
// report is made) are read through the partial index concerns_untriaged.

export const reportCountDimensions = [
  'status',
  'restricted',
  'area',
  'about',
  'category',
  'referral',
  'triaged',
  'triage-hour',
] as const;

type Dialect = 'sqlite' | 'postgres';

const dayOf = (at: string) => `substr(${at}, 1, 10) || case when substr(${at}, 12, 2) = '23' then '+' else '' end`;

/** Whole milliseconds from arrival to triage, as concerns_triage_time indexes them. */
export function triageMsSql(dialect: Dialect, row = ''): string {
  const p = row ? `${row}.` : '';
  return dialect === 'postgres'
    ? `(haven_iso_ms(${p}triaged_at) - haven_iso_ms(${p}created_at))`
    : `cast(round((julianday(${p}triaged_at) - julianday(${p}created_at)) * 86400000) as integer)`;
}

const hourOf = (ms: string) => `cast((${ms} - case when ${ms} < 0 then 3599999 else 0 end) / 3600000 as text)`;

/** The summary rows one concern (`r`, NEW or OLD) adds, each with `sign`. */
export function contributions(dialect: Dialect, r: string, sign: string): string {
  return [
    ownContributions(dialect, r, sign),
    `select ${r}.organisation_id, ${dayOf(`${r}.created_at`)}, 'category', cc.category_id, ${sign}
       from concern_categories cc where cc.concern_id = ${r}.id and ${r}.restricted = 0`,
    `select ${r}.organisation_id, ${dayOf(`${r}.created_at`)}, 'referral', rf.agency_id || '|' || coalesce(rf.outcome_id, ''), ${sign}
       from referrals rf where rf.concern_id = ${r}.id and ${r}.restricted = 0`,
  ].join('\n union all ');
}

/** What a concern row (`r`) counts for of itself, without its categories and referrals. */
export function ownContributions(dialect: Dialect, r: string, sign: string): string {
  const ms = triageMsSql(dialect, r);
  const triaged = `${r}.triaged_at is not null`;
  const keyed = (dimension: string, item: string, when?: string) =>
    `select ${r}.organisation_id as o, ${dayOf(`${r}.created_at`)} as d, '${dimension}' as k, ${item} as i, ${sign} as s${when ? ` where ${when}` : ''}`;
  return [
    keyed('status', `${r}.status`),
    keyed('restricted', `''`, `${r}.restricted = 1`),
    keyed('area', `${r}.service_area_id`, `${r}.restricted = 0`),
    keyed('about', `coalesce(${r}.report_about, 'not-known')`),
    keyed('triaged', `case when ${r}.triaged_at <= ${r}.triage_deadline_at then 'within' else 'late' end`, triaged),
    keyed('triage-hour', hourOf(ms), triaged),
  ].join('\n union all ');
}

/** Adds the rows of `selects` (o, d, k, i, s) to the summary, netting out what cancels. */
export function upsert(selects: string): string {
  return `insert into concern_report_counts (organisation_id, received_day, dimension, item, n)
    select o, d, k, i, sum(s) from (${selects}) as c where true
    group by o, d, k, i having sum(s) <> 0
    on conflict (organisation_id, dimension, received_day, item)
    do update set n = concern_report_counts.n + excluded.n`;
}

/** A category or referral row (`r`) of a concern, counted with `sign` if the concern is unrestricted. */
export function childContribution(table: 'concern_categories' | 'referrals', r: string, sign: string): string {
  const [dimension, item] =
    table === 'concern_categories'
      ? ['category', `${r}.category_id`]
      : ['referral', `${r}.agency_id || '|' || coalesce(${r}.outcome_id, '')`];
  return `select c.organisation_id as o, ${dayOf('c.created_at')} as d, '${dimension}' as k, ${item} as i, ${sign} as s
    from concerns c where c.id = ${r}.concern_id and c.restricted = 0`;
}

/** Who a concern is about, from its people at risk; null when none is recorded. */
export const aboutOf = (concernId: string) => `(select case
    when max(case when age_group = 'child' then 1 else 0 end) = 1 and max(case when age_group = 'adult' then 1 else 0 end) = 1 then 'both'
    when max(case when age_group = 'child' then 1 else 0 end) = 1 then 'child'
    when max(case when age_group = 'adult' then 1 else 0 end) = 1 then 'adult' end
  from concern_people where concern_id = ${concernId} and role_in_concern = 'person_at_risk')`;

export function refreshAbout(dialect: Dialect, concernId: string): string {
  const differs = dialect === 'postgres' ? 'is distinct from' : 'is not';
  return `update concerns set report_about = ${aboutOf(concernId)}
    where id = ${concernId} and report_about ${differs} ${aboutOf(concernId)}`;
}

const countedColumns = [
  'organisation_id',
  'created_at',
  'status',
  'restricted',
  'service_area_id',
  'report_about',
  'triaged_at',
  'triage_deadline_at',
];

function changed(dialect: Dialect): string {
  const differs = dialect === 'postgres' ? 'is distinct from' : 'is not';
  return countedColumns.map((column) => `old.${column} ${differs} new.${column}`).join(' or ');
}

// What each trigger does, in both dialects' SQL: [table, event, statements].
function triggerBodies(dialect: Dialect): Array<[string, 'insert' | 'update' | 'delete', string[], string?]> {
  const both = (table: 'concern_categories' | 'referrals') =>
    `${childContribution(table, 'old', '-1')} union all ${childContribution(table, 'new', '1')}`;
  return [
    ['concerns', 'insert', [upsert(contributions(dialect, 'new', '1')), refreshAbout(dialect, 'new.id')]],
    [
      'concerns',
      'update',
      [upsert(`${contributions(dialect, 'old', '-1')} union all ${contributions(dialect, 'new', '1')}`)],
      changed(dialect),
    ],
    ['concerns', 'delete', [upsert(contributions(dialect, 'old', '-1'))]],
    ['concern_categories', 'insert', [upsert(childContribution('concern_categories', 'new', '1'))]],
    ['concern_categories', 'update', [upsert(both('concern_categories'))]],
    ['concern_categories', 'delete', [upsert(childContribution('concern_categories', 'old', '-1'))]],
    ['referrals', 'insert', [upsert(childContribution('referrals', 'new', '1'))]],
    [
      'referrals',
      'update',
      [upsert(both('referrals'))],
      'old.concern_id is distinct from new.concern_id or old.agency_id is distinct from new.agency_id or old.outcome_id is distinct from new.outcome_id'.replaceAll(
        'is distinct from',
        dialect === 'postgres' ? 'is distinct from' : 'is not',
      ),
    ],
    ['referrals', 'delete', [upsert(childContribution('referrals', 'old', '-1'))]],
    ['concern_people', 'insert', [refreshAbout(dialect, 'new.concern_id')]],
    ['concern_people', 'update', [refreshAbout(dialect, 'old.concern_id'), refreshAbout(dialect, 'new.concern_id')]],
    ['concern_people', 'delete', [refreshAbout(dialect, 'old.concern_id')]],
  ];
}

/** The triggers that keep the summary, by name: the bench drops them to measure what they cost a write. */
export function reportCountTriggers(): Array<{ table: string; name: string }> {
  return triggerBodies('sqlite').map(([table, event]) => ({ table, name: `${table}_report_counts_${event}` }));
}

/**
 * Recounts the whole summary from the concerns: the migration's backfill, and the bench's after a
 * bulk load with triggers off. Run in one transaction with no other writer.
 */
export function rebuildReportCountsSql(dialect: Dialect): string[] {
  const ms = triageMsSql(dialect, 'c');
  const day = dayOf('c.created_at');
  const grouped = (dimension: string, item: string, from: string, where = 'true') =>
    `select c.organisation_id, ${day}, '${dimension}', ${item}, count(*) from ${from} where ${where} group by 1, 2, 4`;
  return [
    `update concerns set report_about = ${aboutOf('concerns.id')}
      where report_about is not null or exists (select 1 from concern_people p where p.concern_id = concerns.id and p.role_in_concern = 'person_at_risk')`,
    'delete from concern_report_counts',
    ...[
      grouped('status', 'c.status', 'concerns c'),
      grouped('restricted', `''`, 'concerns c', 'c.restricted = 1'),
      grouped('area', 'c.service_area_id', 'concerns c', 'c.restricted = 0'),
      grouped('about', `coalesce(c.report_about, 'not-known')`, 'concerns c'),
      grouped(
        'triaged',
        `case when c.triaged_at <= c.triage_deadline_at then 'within' else 'late' end`,
        'concerns c',
        'c.triaged_at is not null',
      ),
      grouped('triage-hour', hourOf(ms), 'concerns c', 'c.triaged_at is not null'),
      grouped(
        'category',
        'cc.category_id',
        'concerns c join concern_categories cc on cc.concern_id = c.id',
        'c.restricted = 0',
      ),
      grouped(
        'referral',
        `rf.agency_id || '|' || coalesce(rf.outcome_id, '')`,
        'concerns c join referrals rf on rf.concern_id = c.id',
        'c.restricted = 0',
      ),
    ].map(
      (select) => `insert into concern_report_counts (organisation_id, received_day, dimension, item, n) ${select}`,
    ),
  ];
}

export const concernReportCounts: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    const dialect: Dialect = isPostgres(db) ? 'postgres' : 'sqlite';
    await db.schema.alterTable('concerns').addColumn('report_about', 'text').execute();
    await db.schema
      .createTable('concern_report_counts')
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('dimension', 'text', (c) => c.notNull())
      .addColumn('received_day', 'text', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('concern_report_counts_pk', ['organisation_id', 'dimension', 'received_day', 'item'])
      .execute();
    if (dialect === 'postgres') {
      // The ISO-8601 UTC text Haven stores ('…Z') reads the same whatever the session's time zone,
      // so the function may be declared immutable and indexed.
      await sql`create function haven_iso_ms(at text) returns bigint language sql immutable strict parallel safe
        as $$ select (extract(epoch from at::timestamptz) * 1000)::bigint $$`.execute(db);
    }
    for (const statement of rebuildReportCountsSql(dialect)) await sql.raw(statement).execute(db);
    await sql
      .raw(
        `create index concerns_triage_time on concerns (organisation_id, (${triageMsSql(dialect)}), created_at)
         where triaged_at is not null`,
      )
      .execute(db);
    await sql
      .raw(
        `create index concerns_untriaged on concerns (organisation_id, created_at, triage_deadline_at)
         where triaged_at is null`,
      )
      .execute(db);
    let n = 0;
    for (const [table, event, statements, when] of triggerBodies(dialect)) {
      const name = `${table}_report_counts_${event}`;
      n += 1;
      if (dialect === 'postgres') {
        await sql
          .raw(
            `create function ${name}() returns trigger language plpgsql as $$
             begin ${statements.map((s) => `${s};`).join('\n')} return null; end $$`,
          )
          .execute(db);
        await sql
          .raw(
            `create trigger ${name} after ${event} on ${table} for each row ${when ? `when (${when})` : ''}
             execute function ${name}()`,
          )
          .execute(db);
      } else {
        await sql
          .raw(
            `create trigger ${name} after ${event} on ${table} for each row ${when ? `when ${when}` : ''}
             begin ${statements.map((s) => `${s};`).join('\n')} end`,
          )
          .execute(db);
      }
    }
    void n;
  },
};
