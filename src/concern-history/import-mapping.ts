import { z } from 'zod';

// The mapping of a previous system's CSV export onto Haven: which column holds what (by its
// header, so one mapping serves every export of the same system), how its dates are written,
// what separates several categories in one cell, and what its department and category names
// are in Haven. The web saves this JSON and the command line reads the same file (README).

export const importFields = [
  'reference',
  'receivedAt',
  'serviceArea',
  'categories',
  'summary',
  'triagedAt',
  'closedAt',
] as const;
export type ImportField = (typeof importFields)[number];
export const requiredFields: readonly ImportField[] = ['reference', 'receivedAt', 'serviceArea'];

export const fieldLabels: Record<ImportField, string> = {
  reference: 'Reference in the previous system',
  receivedAt: 'Date and time it arrived',
  serviceArea: 'Service area or department',
  categories: 'Categories',
  summary: 'What happened',
  triagedAt: 'Date and time triaged',
  closedAt: 'Date and time closed',
};

export const dateFormats = [
  'dd/mm/yyyy hh:mm',
  'dd/mm/yyyy',
  'yyyy-mm-dd hh:mm',
  'yyyy-mm-dd',
  'mm/dd/yyyy hh:mm',
] as const;
export type DateFormat = (typeof dateFormats)[number];
export const dateFormatLabels: Record<DateFormat, string> = {
  'dd/mm/yyyy hh:mm': 'UK day first with time, like 31/01/2024 14:05',
  'dd/mm/yyyy': 'UK day first, date only, like 31/01/2024',
  'yyyy-mm-dd hh:mm': 'ISO with time, like 2024-01-31 14:05 or 2024-01-31T14:05',
  'yyyy-mm-dd': 'ISO, date only, like 2024-01-31',
  'mm/dd/yyyy hh:mm': 'US month first with time, like 01/31/2024 14:05',
};

export const encodings = ['auto', 'utf-8', 'windows-1252'] as const;
export type Encoding = (typeof encodings)[number];

const name = z.string().trim().min(1).max(200);
/** A value of the old system → a Haven name, or null to ignore it. */
const valueMap = z.record(z.string().max(200), name.nullable());

export const importMappingSchema = z
  .object({
    version: z.literal(1),
    columns: z.object(Object.fromEntries(importFields.map((field) => [field, name.nullable().optional()]))).strict(),
    dateFormat: z.enum(dateFormats),
    categorySeparator: z.string().min(1).max(3).default(';'),
    encoding: z.enum(encodings).default('auto'),
    serviceAreas: valueMap.default({}),
    categories: valueMap.default({}),
  })
  .strict();

export type ImportMapping = Readonly<{
  version: 1;
  columns: Readonly<Partial<Record<ImportField, string | null>>>;
  dateFormat: DateFormat;
  categorySeparator: string;
  encoding: Encoding;
  serviceAreas: Readonly<Record<string, string | null>>;
  categories: Readonly<Record<string, string | null>>;
}>;

/** A mapping file's JSON as read, or what is wrong with it in a sentence. */
export function readImportMapping(json: string): { mapping: ImportMapping } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { problem: 'The mapping file is not JSON' };
  }
  const parsed = importMappingSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `The mapping file is not one Haven reads: ${issue.path.join('.') || 'the file'} is wrong` };
  }
  const missing = requiredFields.filter((field) => !parsed.data.columns[field]);
  if (missing.length)
    return {
      problem: `The mapping file does not say which column holds: ${missing.map((f) => fieldLabels[f]).join(', ')}`,
    };
  return { mapping: parsed.data as ImportMapping };
}

/** A key for a value of the old system: its case and surrounding spaces do not matter. */
export const valueKey = (value: string) => value.trim().toLocaleLowerCase('en-GB');
