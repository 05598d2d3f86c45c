import { recordAdministrationChange } from '../../accounts/administration-change.ts';
import type { HavenDb } from '../../db/connect.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { HavenError } from '../../errors.ts';
import { type FormErrors, formErrors } from '../../web/form-errors.ts';
import {
  deleteClosureDay,
  findClosureDay,
  findSetting,
  insertClosureDay,
  insertSetting,
  insertSplitCategory,
  listSettings,
  makeRoomAfter,
  setRetired,
  updateSetting,
} from './organisation-settings.queries.ts';
import { type SettingColumns, type SettingKind, type SettingRow, categories } from './setting-lists.ts';

// Each change to a setting and its administration history row are written in one transaction
// (issue 8): every change is kept with who, when, before and after. Checks that read the list
// (a name already used) run inside the same transaction, so nothing is written when one fails.

export type Outcome = { ok: true } | { ok: false; errors: FormErrors };
const done: Outcome = { ok: true };
const refused = (field: string, message: string): Outcome => ({ ok: false, errors: formErrors([[field, message]]) });

/** A name or date taken by someone else between our check and our write: told like any clash. */
async function orTakenMeanwhile(write: Promise<Outcome>, field: string): Promise<Outcome> {
  try {
    return await write;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return refused(field, 'Someone else added this at the same moment: check the list, then try again');
  }
}

const sameName = (a: string, b: string) => a.localeCompare(b, 'en-GB', { sensitivity: 'accent' }) === 0;

/** Names are unique in a list, retired rows included: a retired one is brought back instead. */
function nameProblem(kind: SettingKind, rows: readonly SettingRow[], name: string, exceptId?: string): string | null {
  const clash = rows.find((row) => row.id !== exceptId && sameName(row.name, name));
  if (!clash) return null;
  return clash.retired_at
    ? `A retired ${kind.singular} is called ${clash.name}: bring it back instead`
    : `There is already a ${kind.singular} called ${clash.name}`;
}

const withColumns = (row: SettingRow, columns: SettingColumns): SettingRow => ({ ...row, ...columns });

export async function addSetting(db: HavenDb, actor: Actor, kind: SettingKind, columns: SettingColumns) {
  const write = db.transaction().execute(async (trx): Promise<Outcome> => {
    const rows = await listSettings(trx, kind, actor.organisationId);
    const problem = nameProblem(kind, rows, String(columns.name));
    if (problem) return refused('name', problem);
    const id = await insertSetting(trx, kind, actor.organisationId, columns);
    const added = await findSetting(trx, kind, actor.organisationId, id);
    await recordAdministrationChange(trx, actor, {
      subjectType: kind.subject,
      subjectId: id,
      action: 'added',
      before: null,
      after: kind.snapshot(added!),
    });
    return done;
  });
  return orTakenMeanwhile(write, 'name');
}

export async function changeSetting(db: HavenDb, actor: Actor, kind: SettingKind, id: string, columns: SettingColumns) {
  const write = db.transaction().execute(async (trx): Promise<Outcome> => {
    const rows = await listSettings(trx, kind, actor.organisationId);
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) throw new HavenError('not-found');
    const problem = nameProblem(kind, rows, String(columns.name), id);
    if (problem) return refused('name', problem);
    const before = kind.snapshot(row);
    const after = kind.snapshot(withColumns(row, columns));
    // Saving the form unchanged changes nothing, so there is nothing to keep in the history.
    if (JSON.stringify(before) === JSON.stringify(after)) return done;
    await updateSetting(trx, kind, actor.organisationId, id, columns);
    await recordAdministrationChange(trx, actor, {
      subjectType: kind.subject,
      subjectId: id,
      action: 'changed',
      before,
      after,
    });
    return done;
  });
  return orTakenMeanwhile(write, 'name');
}

/**
 * Retires a row, or brings a retired one back. Retired rows are offered for nothing new;
 * concerns, referrals and disclosures recorded with them still show them. Asking twice changes
 * nothing the second time (a double click, a second tab).
 */
export async function setSettingRetired(db: HavenDb, actor: Actor, kind: SettingKind, id: string, retire: boolean) {
  await db.transaction().execute(async (trx) => {
    const row = await findSetting(trx, kind, actor.organisationId, id);
    if (!row) throw new HavenError('not-found');
    if (Boolean(row.retired_at) === retire) return;
    await setRetired(trx, kind, actor.organisationId, id, retire ? new Date().toISOString() : null);
    await recordAdministrationChange(trx, actor, {
      subjectType: kind.subject,
      subjectId: id,
      action: retire ? 'retired' : 'brought back',
      before: { ...kind.snapshot(row), retired: !retire },
      after: { ...kind.snapshot(row), retired: retire },
    });
  });
}

/**
 * Splits a category into new ones (the seeds report suicidal thoughts apart from threats and
 * attempts). The new ones remember the old, keep its code so route advice still applies, and
 * who it applies to and its SAC type; the old one is retired, so concerns recorded under it
 * keep it and read as recorded.
 */
export async function splitCategory(db: HavenDb, actor: Actor, id: string, names: readonly string[]) {
  const write = db.transaction().execute(async (trx): Promise<Outcome> => {
    const rows = await listSettings(trx, categories, actor.organisationId);
    const old = rows.find((row) => row.id === id);
    if (!old) throw new HavenError('not-found');
    if (old.retired_at) return refused('name1', `${old.name} is retired: bring it back before splitting it`);
    for (const [i, name] of names.entries()) {
      const problem = nameProblem(categories, rows, name);
      if (problem) return refused(`name${i + 1}`, problem);
      if (names.slice(0, i).some((earlier) => sameName(earlier, name))) {
        return refused(`name${i + 1}`, 'Give each new category a different name');
      }
    }
    await makeRoomAfter(trx, categories, actor.organisationId, old.sort_order, names.length);
    for (const [i, name] of names.entries()) {
      const newId = await insertSplitCategory(trx, actor.organisationId, old, name, old.sort_order + 1 + i);
      await recordAdministrationChange(trx, actor, {
        subjectType: 'category',
        subjectId: newId,
        action: 'added',
        before: null,
        after: { ...categories.snapshot({ ...old, id: newId, name }), splitFrom: old.name },
      });
    }
    await setRetired(trx, categories, actor.organisationId, id, new Date().toISOString());
    await recordAdministrationChange(trx, actor, {
      subjectType: 'category',
      subjectId: id,
      action: 'split',
      before: { ...categories.snapshot(old), retired: false },
      after: { ...categories.snapshot(old), retired: true, splitInto: names },
    });
    return done;
  });
  return orTakenMeanwhile(write, 'name1');
}

export async function addClosureDay(db: HavenDb, actor: Actor, date: string, reason: string) {
  const write = db.transaction().execute(async (trx): Promise<Outcome> => {
    if (await findClosureDay(trx, actor.organisationId, date)) {
      return refused('date', 'That date is already a closure day');
    }
    await insertClosureDay(trx, actor.organisationId, date, reason);
    await recordAdministrationChange(trx, actor, {
      subjectType: 'closure-day',
      subjectId: date,
      action: 'added',
      before: null,
      after: { date, reason },
    });
    return done;
  });
  return orTakenMeanwhile(write, 'date');
}

/** Removes a closure day; returns false when it was not one (already removed in another tab). */
export async function removeClosureDay(db: HavenDb, actor: Actor, date: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const day = await findClosureDay(trx, actor.organisationId, date);
    if (!day) return false;
    await deleteClosureDay(trx, actor.organisationId, date);
    await recordAdministrationChange(trx, actor, {
      subjectType: 'closure-day',
      subjectId: date,
      action: 'removed',
      before: { date: day.date, reason: day.reason },
      after: null,
    });
    return true;
  });
}
