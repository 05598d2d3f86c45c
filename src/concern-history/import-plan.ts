import { parseImportDate } from '../domain/import-date.ts';
import {
  type ImportField,
  type ImportMapping,
  fieldLabels,
  importFields,
  requiredFields,
  valueKey,
} from './import-mapping.ts';
import type { SourceRow } from './import-source.ts';

// Reading each row of a previous system's export against a mapping, writing nothing: the web's
// preview and the command line both use it, and the web's confirmation reads every row again.
// A row with a problem is left out and listed by its line, never half-imported.

export type NamedItem = Readonly<{ id: string; name: string }>;
export type ImportLists = Readonly<{ serviceAreas: readonly NamedItem[]; categories: readonly NamedItem[] }>;

export type ConcernToImport = Readonly<{
  line: number;
  originalReference: string;
  receivedAt: string;
  serviceAreaId: string;
  categoryIds: readonly string[];
  summary: string | null;
  triagedAt: string | null;
  closedAt: string | null;
}>;

export type RowProblem = Readonly<{ line: number; message: string }>;

const maxReference = 60;
const maxSummary = 20_000;

/** Which column of the file each mapped field is in; the mapped headers the file lacks. */
export function locateColumns(headers: readonly string[], mapping: ImportMapping) {
  const byHeader = new Map(headers.map((header, i) => [valueKey(header), i]));
  const columns: Partial<Record<ImportField, number>> = {};
  const missing: string[] = [];
  for (const field of importFields) {
    const header = mapping.columns[field];
    if (!header) continue;
    const index = byHeader.get(valueKey(header));
    if (index === undefined) missing.push(header);
    else columns[field] = index;
  }
  for (const field of requiredFields) if (!mapping.columns[field]) missing.push(fieldLabels[field]);
  return { columns, missing };
}

/** Values of the old system resolved to Haven ids: undefined when unknown, null when chosen to be ignored. */
function valueResolver(items: readonly NamedItem[], chosen: Readonly<Record<string, string | null>>) {
  const byName = new Map(items.map((item) => [valueKey(item.name), item.id]));
  const mapped = new Map(Object.entries(chosen).map(([from, to]) => [valueKey(from), to]));
  const resolve = (value: string): string | null | undefined => {
    const key = valueKey(value);
    if (mapped.has(key)) {
      const to = mapped.get(key)!;
      return to === null ? null : byName.get(valueKey(to));
    }
    return byName.get(key);
  };
  // A file repeats a few names on every row; each is resolved once (valueKey's case folding is costly).
  const resolved = new Map<string, string | null | undefined>();
  return (value: string): string | null | undefined => {
    if (resolved.has(value)) return resolved.get(value);
    const id = resolve(value);
    if (resolved.size < 10_000) resolved.set(value, id);
    return id;
  };
}

export const splitCategories = (cell: string, separator: string) =>
  cell
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);

/** Reads rows one at a time, remembering the references seen so a second copy in the file is a problem. */
export function rowReader(
  headers: readonly string[],
  mapping: ImportMapping,
  lists: ImportLists,
  now: Date,
): ((row: SourceRow) => ConcernToImport | RowProblem) | { missing: string[] } {
  const { columns, missing } = locateColumns(headers, mapping);
  if (missing.length) return { missing };
  const area = valueResolver(lists.serviceAreas, mapping.serviceAreas);
  const category = valueResolver(lists.categories, mapping.categories);
  const seen = new Map<string, number>();
  const latest = now.toISOString();
  const format = mapping.dateFormat;

  return (row) => {
    const cell = (field: ImportField) => {
      const index = columns[field];
      return index === undefined ? '' : (row.cells[index] ?? '');
    };
    const problem = (message: string): RowProblem => ({ line: row.line, message });
    const reference = cell('reference');
    if (!reference) return problem('The reference is missing');
    if (reference.length > maxReference) return problem(`The reference is longer than ${maxReference} characters`);
    const referenceKey = valueKey(reference);
    const earlier = seen.get(referenceKey);
    if (earlier !== undefined) return problem(`The same reference as line ${earlier}: each concern must appear once`);
    seen.set(referenceKey, row.line);

    const date = (field: 'receivedAt' | 'triagedAt' | 'closedAt') => {
      const text = cell(field);
      if (!text) return { at: null };
      const at = parseImportDate(text, format);
      if (!at) return { problem: `${fieldLabels[field]} is not a real date written as ${format}` };
      if (at > latest) return { problem: `${fieldLabels[field]} is in the future` };
      return { at };
    };
    const received = date('receivedAt');
    if ('problem' in received) return problem(received.problem!);
    if (!received.at) return problem('The date it arrived is missing');
    const triaged = date('triagedAt');
    if ('problem' in triaged) return problem(triaged.problem!);
    const closed = date('closedAt');
    if ('problem' in closed) return problem(closed.problem!);
    if ((triaged.at && triaged.at < received.at) || (closed.at && closed.at < received.at))
      return problem('A date triaged or closed is before the date it arrived');

    const areaName = cell('serviceArea');
    if (!areaName) return problem('The service area is missing');
    const serviceAreaId = area(areaName);
    if (serviceAreaId === undefined) return problem(`The service area “${areaName}” is not one of Haven’s: map it`);
    if (serviceAreaId === null)
      return problem(`The service area “${areaName}” is set to be ignored, so the row is left out`);

    const categoryIds = new Set<string>();
    for (const name of splitCategories(cell('categories'), mapping.categorySeparator)) {
      const id = category(name);
      if (id === undefined) return problem(`The category “${name}” is not one of Haven’s: map it or ignore it`);
      if (id) categoryIds.add(id);
    }
    const summary = cell('summary');
    if (summary.length > maxSummary)
      return problem(`What happened is longer than ${maxSummary.toLocaleString('en-GB')} characters`);
    return {
      line: row.line,
      originalReference: reference,
      receivedAt: received.at,
      serviceAreaId,
      categoryIds: [...categoryIds],
      summary: summary || null,
      triagedAt: triaged.at,
      closedAt: closed.at,
    };
  };
}

export const isProblem = (value: ConcernToImport | RowProblem): value is RowProblem => 'message' in value;

/** The file's service area and category values Haven does not know and the mapping does not settle. */
export function unknownValues(
  headers: readonly string[],
  rows: readonly SourceRow[],
  mapping: ImportMapping,
  lists: ImportLists,
): { serviceAreas: string[]; categories: string[] } {
  const { columns } = locateColumns(headers, mapping);
  const area = valueResolver(lists.serviceAreas, mapping.serviceAreas);
  const category = valueResolver(lists.categories, mapping.categories);
  const areas = new Map<string, string>();
  const categories = new Map<string, string>();
  for (const row of rows) {
    const areaName = columns.serviceArea === undefined ? '' : (row.cells[columns.serviceArea] ?? '');
    if (areaName && area(areaName) === undefined) areas.set(valueKey(areaName), areaName);
    const cell = columns.categories === undefined ? '' : (row.cells[columns.categories] ?? '');
    for (const name of splitCategories(cell, mapping.categorySeparator))
      if (category(name) === undefined) categories.set(valueKey(name), name);
  }
  const sorted = (values: Map<string, string>) => [...values.values()].sort((a, b) => a.localeCompare(b, 'en-GB'));
  return { serviceAreas: sorted(areas), categories: sorted(categories) };
}
