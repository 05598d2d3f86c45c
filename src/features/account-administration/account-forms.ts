import { z } from 'zod';
import type { AccountDetails } from '../../accounts/account-administration.ts';
import { type Role, isRole, roles } from '../../domain/access-policy.ts';
import { type FormErrors, formErrorsFromZod, noErrors } from '../../web/form-errors.ts';

// The administrator's forms, validated once here in Haven's words. A role, service area or line
// manager that was never offered (a tampered form) is a field error; nothing is written.

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .default('')
    .transform((value) => value || null);

const id = z
  .string()
  .max(64)
  .default('')
  .transform((value) => value || null);

export const detailsForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter the person’s full name')
    .max(200, 'The name must be 200 characters or fewer')
    .default(''),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Enter their work email address')
    .max(320, 'The email address must be 320 characters or fewer')
    .default('')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@council.gov.uk' })),
  jobTitle: optionalText(200, 'The job title'),
  phone: optionalText(40, 'The phone number').refine(
    (value) => value === null || /^\+?[0-9 ()-]{6,}$/.test(value),
    'Enter a phone number using digits and spaces, like 01632 960 001',
  ),
  employeeNumber: optionalText(40, 'The employee number'),
  serviceArea: id,
  lineManager: id,
});

const roleList = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z
    .array(z.string().refine(isRole, 'Choose roles from the list'), { error: 'Choose roles from the list' })
    .max(roles.length, 'Choose roles from the list')
    .min(1, 'Choose at least one role'),
);
export const rolesForm = z.object({ roles: roleList });

export type DetailsValues = Record<
  'name' | 'email' | 'jobTitle' | 'phone' | 'employeeNumber' | 'serviceArea' | 'lineManager',
  string
>;

/** What was typed, kept for the form on error. */
export function typedValues(body: unknown): DetailsValues & { roles: string[] } {
  const form = (body ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).slice(0, 400) : '');
  const picked = Array.isArray(form.roles) ? form.roles : form.roles === undefined ? [] : [form.roles];
  return {
    name: text('name'),
    email: text('email'),
    jobTitle: text('jobTitle'),
    phone: text('phone'),
    employeeNumber: text('employeeNumber'),
    serviceArea: text('serviceArea'),
    lineManager: text('lineManager'),
    roles: picked.filter((role): role is string => typeof role === 'string' && isRole(role)),
  };
}

export type ParsedDetails = Omit<AccountDetails, 'roles'>;

export function parseDetails(body: unknown): { details: ParsedDetails | null; errors: FormErrors } {
  const parsed = detailsForm.safeParse(body ?? {});
  if (!parsed.success) return { details: null, errors: formErrorsFromZod(parsed.error) };
  const form = parsed.data;
  return {
    details: {
      displayName: form.name,
      email: form.email,
      jobTitle: form.jobTitle,
      phone: form.phone,
      employeeNumber: form.employeeNumber,
      serviceAreaId: form.serviceArea,
      lineManagerId: form.lineManager,
    },
    errors: noErrors,
  };
}

export function parseRoles(body: unknown): { roles: Role[] | null; errors: FormErrors } {
  const parsed = rolesForm.safeParse(body ?? {});
  if (!parsed.success) return { roles: null, errors: formErrorsFromZod(parsed.error) };
  return { roles: parsed.data.roles as Role[], errors: noErrors };
}
