import { z } from 'zod';
import type { AdministrationSnapshot, AdministrationSubject } from '../../accounts/administration-change.ts';
import { type OutcomeClass, outcomeClassNames, outcomeClasses } from '../../domain/outcome-class.ts';
import { sacTypeNames, sacTypes } from '../../domain/safeguarding-adults-collection.ts';
import { type FormErrors, formErrorsFromZod } from '../../web/form-errors.ts';

// The four named lists a coordinator keeps (issue 8): service areas, categories, agencies and
// referral outcomes. Each is retired rather than deleted, so what was recorded reads as it was.
// A list's kind says what its rows hold, how its form is read and what its history records.

/** The tables of the named lists; each has id, organisation_id, name, sort_order and retired_at. */
export type SettingTable = 'service_areas' | 'categories' | 'agencies' | 'referral_outcomes';

/** One row of a list as the pages see it: the shared columns and the kind's own. */
export type SettingRow = {
  id: string;
  name: string;
  sort_order: number;
  retired_at: string | null;
  [column: string]: string | number | null;
};

/** The columns a valid form writes, name included. */
export type SettingColumns = Record<string, string | number | null>;

export type ParsedSetting = { ok: true; columns: SettingColumns } | { ok: false; errors: FormErrors };

export type SettingKind = Readonly<{
  subject: AdministrationSubject;
  /** The URL segment under /settings. */
  slug: string;
  table: SettingTable;
  title: string;
  singular: string;
  /** The form's fields as they were typed or as the row holds them. */
  formValues: (row: SettingRow) => Record<string, string>;
  parse: (body: Record<string, unknown>) => ParsedSetting;
  /** The fields kept in the administration history, with readable keys. */
  snapshot: (row: SettingRow) => AdministrationSnapshot;
  /** One line under the name in the list. */
  summary: (row: SettingRow) => string;
}>;

const text = (value: unknown) => (typeof value === 'string' ? value : '');
/** A column of the row, null when the kind's table has none by that name. */
const column = (row: SettingRow, name: string) => row[name] ?? null;

function settingName(singular: string, max: number) {
  return z
    .string({ error: `Enter the name of the ${singular}` })
    .trim()
    .min(1, `Enter the name of the ${singular}`)
    .max(max, `The name must be ${max} characters or fewer`);
}

function parseWith<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  toColumns: (value: z.infer<z.ZodObject<Shape>>) => SettingColumns,
) {
  return (body: Record<string, unknown>): ParsedSetting => {
    const result = schema.safeParse(body);
    return result.success
      ? { ok: true, columns: toColumns(result.data) }
      : { ok: false, errors: formErrorsFromZod(result.error) };
  };
}

// A headcount is people, so a whole number; blank when the council does not know it yet.
const headcount = z
  .string()
  .trim()
  .max(7, 'Enter a headcount of 1,000,000 or fewer')
  .regex(/^\d*$/, 'Enter the headcount as a whole number of 0 or more, like 40')
  .refine((value) => value === '' || Number(value) <= 1_000_000, 'Enter a headcount of 1,000,000 or fewer')
  .default('');

export const serviceAreas: SettingKind = {
  subject: 'service-area',
  slug: 'service-areas',
  table: 'service_areas',
  title: 'Service areas',
  singular: 'service area',
  formValues: (row) => ({ name: row.name, headcount: row.headcount === null ? '' : String(row.headcount) }),
  parse: parseWith(z.object({ name: settingName('service area', 100), headcount }), (value) => ({
    name: value.name,
    headcount: value.headcount === '' ? null : Number(value.headcount),
  })),
  snapshot: (row) => ({ name: row.name, headcount: row.headcount === null ? null : Number(row.headcount) }),
  summary: (row) =>
    row.headcount === null ? 'Headcount not known' : `Headcount ${Number(row.headcount).toLocaleString('en-GB')}`,
};

export const appliesToLabels = { child: 'Children', adult: 'Adults', both: 'Children and adults' } as const;

export const categories: SettingKind = {
  subject: 'category',
  slug: 'categories',
  table: 'categories',
  title: 'Categories',
  singular: 'category',
  formValues: (row) => ({ name: row.name, appliesTo: String(row.applies_to), sacType: String(row.sac_type ?? '') }),
  parse: parseWith(
    z.object({
      name: settingName('category', 120),
      appliesTo: z.enum(['child', 'adult', 'both'], { error: 'Select who the category applies to' }),
      sacType: z
        .string()
        .default('')
        .refine((value) => value === '' || (sacTypes as readonly string[]).includes(value), {
          message: 'Select a Safeguarding Adults Collection type from the list',
        }),
    }),
    (value) => ({ name: value.name, applies_to: value.appliesTo, sac_type: value.sacType || null }),
  ),
  snapshot: (row) => ({ name: row.name, appliesTo: column(row, 'applies_to'), sacType: column(row, 'sac_type') }),
  summary: (row) => {
    const appliesTo = appliesToLabels[row.applies_to as keyof typeof appliesToLabels] ?? String(row.applies_to);
    const sac = row.sac_type
      ? sacTypeNames[row.sac_type as keyof typeof sacTypeNames]
      : 'no Safeguarding Adults Collection type';
    return `${appliesTo}; ${sac}`;
  },
};

const agencyText = (field: string, max: number) =>
  z
    .string({ error: `Enter the ${field}` })
    .trim()
    .max(max, `The ${field} must be ${max.toLocaleString('en-GB')} characters or fewer`);

export const agencies: SettingKind = {
  subject: 'agency',
  slug: 'agencies',
  table: 'agencies',
  title: 'Agencies',
  singular: 'agency',
  formValues: (row) => ({
    name: row.name,
    phone: String(row.phone),
    hours: String(row.hours),
    notes: String(row.notes),
    homeOffice: Number(row.home_office) === 1 ? 'yes' : '',
  }),
  parse: parseWith(
    z.object({
      name: settingName('agency', 100),
      phone: agencyText('phone number', 100).min(1, 'Enter the phone number'),
      hours: agencyText('opening hours', 200).default(''),
      notes: agencyText('notes', 1000).default(''),
      homeOffice: z.enum(['yes', ''], { error: 'Check your answer and enter it again' }).default(''),
    }),
    (value) => ({
      name: value.name,
      phone: value.phone,
      hours: value.hours,
      notes: value.notes,
      home_office: value.homeOffice === 'yes' ? 1 : 0,
    }),
  ),
  snapshot: (row) => ({
    name: row.name,
    phone: column(row, 'phone'),
    openingHours: column(row, 'hours'),
    notes: column(row, 'notes'),
    homeOffice: Number(row.home_office) === 1,
  }),
  summary: (row) => [row.phone, row.hours].filter(Boolean).join(' · '),
};

export const referralOutcomes: SettingKind = {
  subject: 'referral-outcome',
  slug: 'referral-outcomes',
  table: 'referral_outcomes',
  title: 'Referral outcomes',
  singular: 'referral outcome',
  formValues: (row) => ({ name: row.name, outcomeClass: String(row.outcome_class ?? '') }),
  parse: parseWith(
    z.object({
      name: settingName('referral outcome', 150),
      // Unclassed outcomes count as "not known" in reports, so the answer may be left for later.
      outcomeClass: z
        .string()
        .default('')
        .refine((value) => value === '' || (outcomeClasses as readonly string[]).includes(value), {
          message: 'Select how the outcome counts in reports from the list',
        }),
    }),
    (value) => ({ name: value.name, outcome_class: value.outcomeClass || null }),
  ),
  snapshot: (row) => ({ name: row.name, outcomeClass: column(row, 'outcome_class') }),
  summary: (row) =>
    row.outcome_class
      ? outcomeClassNames[row.outcome_class as OutcomeClass]
      : 'Not yet classed: counts as not known in reports',
};

export const settingKinds: readonly SettingKind[] = [serviceAreas, categories, agencies, referralOutcomes];

/** The form values as typed, for showing the form again with its errors. */
export function typedValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, text(value)]));
}
