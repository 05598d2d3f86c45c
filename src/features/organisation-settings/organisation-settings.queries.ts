import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { HavenDb } from '../../db/connect.ts';
import type { SettingColumns, SettingKind, SettingRow } from './setting-lists.ts';

// The four named lists share id, organisation_id, name, sort_order and retired_at, so one set of
// queries serves them; the table is named as one of them for the types, and each kind's own
// columns are read and written as the kind lists them.
const shared = (kind: SettingKind) => kind.table as 'referral_outcomes';

/** Every row of a list, retired ones included, in the council's order. */
export async function listSettings(db: HavenDb, kind: SettingKind, organisationId: string): Promise<SettingRow[]> {
  const rows = await db
    .selectFrom(shared(kind))
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
  return rows as unknown as SettingRow[];
}

export async function findSetting(
  db: HavenDb,
  kind: SettingKind,
  organisationId: string,
  id: string,
): Promise<SettingRow | undefined> {
  const row = await db
    .selectFrom(shared(kind))
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row as unknown as SettingRow | undefined;
}

/** Adds a row at the end of the list; returns its id. */
export async function insertSetting(
  trx: HavenDb,
  kind: SettingKind,
  organisationId: string,
  columns: SettingColumns,
): Promise<string> {
  const last = await trx
    .selectFrom(shared(kind))
    .select((eb) => eb.fn.max('sort_order').as('last'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  const id = randomUUID();
  await trx
    .insertInto(shared(kind))
    .values({
      ...columns,
      ...(kind.table === 'agencies' ? { code: agencyCode() } : {}),
      id,
      organisation_id: organisationId,
      sort_order: Number(last?.last ?? -1) + 1,
    } as never)
    .execute();
  return id;
}

/**
 * Route advice finds an agency by its code (domain/referral-route-advice.ts). An agency a
 * coordinator adds answers for no route of the procedures, so its code is its own.
 */
function agencyCode(): string {
  return `local-${randomUUID().slice(0, 8)}`;
}

export async function updateSetting(
  trx: HavenDb,
  kind: SettingKind,
  organisationId: string,
  id: string,
  columns: SettingColumns,
): Promise<void> {
  await trx
    .updateTable(shared(kind))
    .set(columns as never)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function setRetired(
  trx: HavenDb,
  kind: SettingKind,
  organisationId: string,
  id: string,
  retiredAt: string | null,
): Promise<void> {
  await trx
    .updateTable(shared(kind))
    .set({ retired_at: retiredAt })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

/** Makes room for `count` rows straight after this position, so split categories sit where the old one did. */
export async function makeRoomAfter(
  trx: HavenDb,
  kind: SettingKind,
  organisationId: string,
  sortOrder: number,
  count: number,
) {
  await trx
    .updateTable(shared(kind))
    .set({ sort_order: sql<number>`sort_order + ${count}` })
    .where('organisation_id', '=', organisationId)
    .where('sort_order', '>', sortOrder)
    .execute();
}

/** A category split from another keeps its code, so route advice still applies to it. */
export async function insertSplitCategory(
  trx: HavenDb,
  organisationId: string,
  from: SettingRow,
  name: string,
  sortOrder: number,
): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('categories')
    .values({
      id,
      organisation_id: organisationId,
      name,
      applies_to: String(from.applies_to),
      sac_type: from.sac_type === null ? null : String(from.sac_type),
      code: from.code === null ? null : String(from.code),
      sort_order: sortOrder,
      split_from_id: from.id,
    })
    .execute();
  return id;
}

export async function listClosureDayRows(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('closure_days')
    .select(['date', 'reason'])
    .where('organisation_id', '=', organisationId)
    .orderBy('date')
    .execute();
}

export async function findClosureDay(db: HavenDb, organisationId: string, date: string) {
  return db
    .selectFrom('closure_days')
    .select(['date', 'reason'])
    .where('organisation_id', '=', organisationId)
    .where('date', '=', date)
    .executeTakeFirst();
}

export async function insertClosureDay(trx: HavenDb, organisationId: string, date: string, reason: string) {
  await trx.insertInto('closure_days').values({ organisation_id: organisationId, date, reason }).execute();
}

export async function deleteClosureDay(trx: HavenDb, organisationId: string, date: string) {
  await trx.deleteFrom('closure_days').where('organisation_id', '=', organisationId).where('date', '=', date).execute();
}
