import type { HavenDb } from '../../db/connect.ts';
import { isRole, roleNames } from '../../domain/access-policy.ts';
import { type OutcomeClass, outcomeClassNames } from '../../domain/outcome-class.ts';
import { sacTypeNames } from '../../domain/safeguarding-adults-collection.ts';
import { formatDate } from '../../web/views.ts';
import { type HistoryRow, currentNames, listAdministrationChanges } from './administration-history.queries.ts';

// The administration history (issue 8): every change to an account or a setting, who made it,
// when, and its fields before and after. Snapshots are whatever the change recorded, so fields
// are shown generically: a label from the key, ids of service areas and accounts by their
// current names, roles by their names. Anything else is shown as it was recorded.

export const subjectTypeNames: Record<string, string> = {
  account: 'Account',
  'service-area': 'Service area',
  category: 'Category',
  agency: 'Agency',
  'referral-outcome': 'Referral outcome',
  'closure-day': 'Closure day',
  'retention-schedule': 'Retention schedule',
};

type SubjectTable = 'service_areas' | 'categories' | 'agencies' | 'referral_outcomes' | 'users';
const subjectTables: Record<string, SubjectTable> = {
  account: 'users',
  'service-area': 'service_areas',
  category: 'categories',
  agency: 'agencies',
  'referral-outcome': 'referral_outcomes',
};

const fieldLabels: Record<string, string> = {
  sacType: 'Safeguarding Adults Collection type',
  homeOffice: 'Goes to the Home Office',
  appliesTo: 'Applies to',
  outcomeClass: 'Counts in reports as',
};
const appliesTo: Record<string, string> = { child: 'Children', adult: 'Adults', both: 'Children and adults' };

type Value = unknown;
type Snapshot = Record<string, Value>;
export type FieldChange = { label: string; before: string | null; after: string | null };

/** "Headcount: 40 → 44", "Reason: Christmas closure", "Phone: 101 (removed)". */
export function describeField(field: FieldChange): string {
  if (field.before !== null && field.after !== null) return `${field.label}: ${field.before} → ${field.after}`;
  if (field.after !== null) return `${field.label}: ${field.after}`;
  return `${field.label}: ${field.before} (removed)`;
}
export type HistoryEntry = {
  at: string;
  actorName: string;
  subjectType: string;
  action: string;
  subjectName: string;
  ownAccount: boolean;
  fields: string[];
};

export const pageSize = 50;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export async function readHistory(
  db: HavenDb,
  organisationId: string,
  subjectType: string | null,
  page: number,
): Promise<{ entries: HistoryEntry[]; total: number }> {
  const { rows, total } = await listAdministrationChanges(db, organisationId, {
    subjectType,
    offset: (page - 1) * pageSize,
    limit: pageSize,
  });
  const snapshots = rows.map((row) => ({ row, before: parse(row.before), after: parse(row.after) }));
  const names = await currentNames(db, organisationId, idsToName(snapshots));
  const entries = snapshots.map(({ row, before, after }) => ({
    at: row.at,
    actorName: row.actorName,
    subjectType: subjectTypeNames[row.subjectType] ?? labelFromKey(row.subjectType),
    action: row.action,
    subjectName: subjectName(row, names, before, after),
    ownAccount: Number(row.ownAccount) === 1,
    fields: fieldChanges(before, after, names).map(describeField),
  }));
  return { entries, total };
}

function parse(json: string | null): Snapshot | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Snapshot) : null;
  } catch {
    return null;
  }
}

/** Ids named by keys ending in Id: service areas by ServiceAreaId, other ids as accounts. */
function idTable(key: string): SubjectTable | null {
  if (/serviceAreaId$/i.test(key)) return 'service_areas';
  return /Id$/.test(key) ? 'users' : null;
}

function idsToName(snapshots: Array<{ row: HistoryRow; before: Snapshot | null; after: Snapshot | null }>) {
  const wanted = new Map<SubjectTable, Set<string>>();
  const want = (table: SubjectTable, id: unknown) => {
    if (typeof id !== 'string') return;
    wanted.set(table, (wanted.get(table) ?? new Set()).add(id));
  };
  for (const { row, before, after } of snapshots) {
    const table = subjectTables[row.subjectType];
    if (table) want(table, row.subjectId);
    for (const snapshot of [before, after]) {
      for (const [key, value] of Object.entries(snapshot ?? {})) {
        const idTableOfKey = idTable(key);
        if (idTableOfKey) for (const id of [value].flat()) want(idTableOfKey, id);
      }
    }
  }
  return [...wanted].map(([table, ids]) => ({ table, ids: [...ids] }));
}

function subjectName(row: HistoryRow, names: Map<string, string>, before: Snapshot | null, after: Snapshot | null) {
  const table = subjectTables[row.subjectType];
  if (table) return names.get(`${table}:${row.subjectId}`) ?? 'No longer in Haven';
  // A closure day is its date; it may since have been removed.
  if (row.subjectType === 'closure-day' && isoDate.test(row.subjectId)) return formatDate(row.subjectId);
  const recorded = after?.name ?? before?.name;
  return typeof recorded === 'string' ? recorded : '';
}

/** "serviceAreaId" → "Service area", "openingHours" → "Opening hours". */
export function labelFromKey(key: string): string {
  if (fieldLabels[key]) return fieldLabels[key];
  const words = key
    .replace(/Id$/, '')
    .replace(/[-_]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fieldChanges(before: Snapshot | null, after: Snapshot | null, names: Map<string, string>): FieldChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const show = (key: string, snapshot: Snapshot | null) =>
    snapshot && key in snapshot ? readable(key, snapshot[key], names) : null;
  return keys
    .map((key) => ({ label: labelFromKey(key), before: show(key, before), after: show(key, after) }))
    .filter((field) => !(before && after) || field.before !== field.after);
}

function readable(key: string, value: Value, names: Map<string, string>): string {
  if (value === null || value === undefined || value === '') return 'None';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length ? value.map((item) => readable(key, item, names)).join(', ') : 'None';
  const text = String(value);
  if (key === 'roles' && isRole(text)) return roleNames[text];
  if (key === 'sacType' && text in sacTypeNames) return sacTypeNames[text as keyof typeof sacTypeNames];
  if (key === 'appliesTo' && appliesTo[text]) return appliesTo[text];
  if (key === 'outcomeClass' && text in outcomeClassNames) return outcomeClassNames[text as OutcomeClass];
  if (key === 'date' && isoDate.test(text)) return formatDate(text);
  const table = idTable(key);
  // An id that names nothing now (or never did) is not shown: ids mean nothing to a reader.
  if (table) return names.get(`${table}:${text}`) ?? 'Not known';
  if (typeof value === 'number') return value.toLocaleString('en-GB');
  return text;
}
