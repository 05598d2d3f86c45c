import { z } from 'zod';
import { lineManagerProblem, looksLikeFormula } from '../../domain/account-rules.ts';
import type { ImportRow } from './import-file.ts';

// What an HR import would do, worked out without writing anything: the preview shows it, and
// confirming works it out again against the accounts as they are then, and applies it.
// Rows are matched to accounts by employee number, then by email, so importing the same export
// again updates rather than duplicates. A row with any problem is left out, never half-applied.

export const importFields = [
  'employeeNumber',
  'name',
  'email',
  'jobTitle',
  'serviceArea',
  'lineManager',
  'leaver',
] as const;
export type ImportField = (typeof importFields)[number];
/** Which column (0-based) holds each field; null when the file has none. */
export type ColumnMapping = Readonly<Record<ImportField, number | null>>;

export const fieldLabels: Record<ImportField, string> = {
  employeeNumber: 'Employee number',
  name: 'Full name',
  email: 'Work email address',
  jobTitle: 'Job title',
  serviceArea: 'Service area',
  lineManager: 'Line manager’s employee number or email',
  leaver: 'Leaving date or employment status',
};

export type ExistingAccount = Readonly<{
  id: string;
  email: string;
  displayName: string;
  employeeNumber: string | null;
  jobTitle: string | null;
  serviceAreaId: string | null;
  lineManagerId: string | null;
  active: boolean;
}>;

export type ImportContext = Readonly<{
  accounts: readonly ExistingAccount[];
  serviceAreas: ReadonlyArray<{ id: string; name: string }>;
  /** Emails in the file already used by an account of another organisation. */
  emailsElsewhere: ReadonlySet<string>;
  /** Today in London, YYYY-MM-DD: an end date on or before it makes a leaver. */
  today: string;
}>;

export type AccountValues = {
  displayName: string;
  email: string;
  employeeNumber: string | null;
  jobTitle: string | null;
  serviceAreaId: string | null;
};

/** A person to create or update; the line manager is an existing id or `line:<n>` for another row's new account. */
export type PlannedAccount = Readonly<{ line: number; values: AccountValues; lineManager: string | null }>;
export type PlannedUpdate = PlannedAccount & Readonly<{ accountId: string; changes: readonly string[] }>;

export type ImportPlan = Readonly<{
  create: readonly PlannedAccount[];
  update: readonly PlannedUpdate[];
  deactivate: ReadonlyArray<{ line: number; accountId: string; displayName: string }>;
  unchanged: number;
  problems: ReadonlyArray<{ line: number; message: string }>;
}>;

const email = z.email();
const leaverWords = new Set(['leaver', 'left', 'leaving', 'inactive', 'terminated', 'ended', 'resigned', 'retired']);
const currentWords = new Set(['', 'active', 'current', 'employed', 'in post', 'starter', 'new starter']);

export function planImport(rows: readonly ImportRow[], mapping: ColumnMapping, context: ImportContext): ImportPlan {
  const problems: Array<{ line: number; message: string }> = [];
  const byNumber = new Map(context.accounts.filter((a) => a.employeeNumber).map((a) => [a.employeeNumber!, a]));
  const byEmail = new Map(context.accounts.map((a) => [a.email, a]));
  const areas = new Map(context.serviceAreas.map((area) => [area.name.toLocaleLowerCase('en-GB'), area.id]));
  const seenNumbers = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  const accepted: Array<{
    row: ImportRow;
    values: AccountValues;
    managerKey: string | null;
    match: ExistingAccount | null;
    leaver: boolean;
  }> = [];

  for (const row of rows) {
    const cell = (field: ImportField) => {
      const column = mapping[field];
      return column === null ? '' : (row.cells[column] ?? '').trim();
    };
    const problem = (message: string) => problems.push({ line: row.line, message });
    const formula = importFields.find((field) => looksLikeFormula(cell(field)));
    if (formula) {
      problem(
        `${fieldLabels[formula]} starts with = + - or @, which a spreadsheet would run as a formula. Correct it in the HR system`,
      );
      continue;
    }
    const number = cell('employeeNumber') || null;
    const address = cell('email').toLowerCase();
    const leaver = leaverStatus(cell('leaver'), context.today);
    if (leaver === 'unknown') {
      problem(
        'The leaving date or status is not one Haven understands: use a date like 2026-11-30 or 30/11/2026, or “Leaver”',
      );
      continue;
    }
    if (!address && !number) {
      problem('The email address is missing');
      continue;
    }
    if (address && !email.safeParse(address).success) {
      problem('The email address is not in the correct format');
      continue;
    }
    const duplicateOf = (number && seenNumbers.get(number)) || (address && seenEmails.get(address));
    if (duplicateOf) {
      problem(`The same person as line ${duplicateOf}: each person must appear once`);
      continue;
    }
    if (number) seenNumbers.set(number, row.line);
    if (address) seenEmails.set(address, row.line);

    const match = (number && byNumber.get(number)) || (address && byEmail.get(address)) || null;
    if (leaver) {
      if (match) accepted.push({ row, values: valuesOf(match), managerKey: null, match, leaver: true });
      // A leaver Haven never had an account for needs nothing.
      continue;
    }
    const name = cell('name');
    if (!address) {
      problem('The email address is missing');
      continue;
    }
    if (!name) {
      problem('The full name is missing');
      continue;
    }
    if (name.length > 200 || address.length > 320 || (number?.length ?? 0) > 40 || cell('jobTitle').length > 200) {
      problem('A cell is too long: names and job titles must be 200 characters or fewer');
      continue;
    }
    const owner = byEmail.get(address);
    if ((owner && owner.id !== match?.id) || (!owner && context.emailsElsewhere.has(address))) {
      problem('Another account already uses this email address');
      continue;
    }
    if (match && number && match.employeeNumber && match.employeeNumber !== number) {
      problem('This email belongs to an account with a different employee number');
      continue;
    }
    if (match && !match.active) {
      problem('This person’s account is deactivated in Haven: reactivate it from its page if they have come back');
      continue;
    }
    const areaName = cell('serviceArea');
    const serviceAreaId = areaName ? (areas.get(areaName.toLocaleLowerCase('en-GB')) ?? null) : null;
    if (areaName && !serviceAreaId) {
      problem(`There is no service area called “${areaName}”: check its spelling, or ask the coordinator to add it`);
      continue;
    }
    const values: AccountValues = {
      displayName: name,
      email: address,
      employeeNumber: number ?? match?.employeeNumber ?? null,
      jobTitle: cell('jobTitle') || (mapping.jobTitle === null ? (match?.jobTitle ?? null) : null),
      serviceAreaId: mapping.serviceArea === null ? (match?.serviceAreaId ?? null) : serviceAreaId,
    };
    accepted.push({ row, values, managerKey: cell('lineManager').toLowerCase() || null, match, leaver: false });
  }

  // Line managers: another row of the file (matched the same way), or an account Haven has.
  const rowKeys = new Map<string, string>();
  for (const a of accepted.filter((a) => !a.leaver)) {
    const key = a.match?.id ?? `line:${a.row.line}`;
    if (a.values.employeeNumber) rowKeys.set(a.values.employeeNumber.toLowerCase(), key);
    rowKeys.set(a.values.email, key);
  }
  const leaving = new Set(accepted.filter((a) => a.leaver && a.match).map((a) => a.match!.id));
  const resolved = accepted.map((a) => {
    if (a.leaver) return { ...a, lineManager: null as string | null, problem: null as string | null };
    const own = a.match?.id ?? `line:${a.row.line}`;
    if (mapping.lineManager === null) return { ...a, lineManager: a.match?.lineManagerId ?? null, problem: null };
    if (!a.managerKey) return { ...a, lineManager: null, problem: null };
    const existing = context.accounts.find(
      (account) =>
        account.active && (account.email === a.managerKey || account.employeeNumber?.toLowerCase() === a.managerKey),
    );
    const manager = rowKeys.get(a.managerKey) ?? existing?.id ?? null;
    if (!manager || leaving.has(manager))
      return {
        ...a,
        lineManager: null,
        problem: 'The line manager is not in this file or in Haven as an active account',
      };
    if (manager === own) return { ...a, lineManager: null, problem: 'A person cannot be their own line manager' };
    return { ...a, lineManager: manager, problem: null };
  });
  const managerOf = new Map<string, string | null>(
    context.accounts.map((account) => [account.id, account.lineManagerId]),
  );
  for (const r of resolved)
    if (!r.leaver && !r.problem) managerOf.set(r.match?.id ?? `line:${r.row.line}`, r.lineManager);
  for (const r of resolved) {
    if (r.leaver || r.problem || !r.lineManager) continue;
    const own = r.match?.id ?? `line:${r.row.line}`;
    if (lineManagerProblem(own, r.lineManager, managerOf) === 'cycle')
      r.problem = 'The line manager reports to this person, directly or through others';
  }

  const create: PlannedAccount[] = [];
  const update: PlannedUpdate[] = [];
  const deactivate: Array<{ line: number; accountId: string; displayName: string }> = [];
  let unchanged = 0;
  for (const r of resolved) {
    if (r.problem) {
      problems.push({ line: r.row.line, message: r.problem });
      continue;
    }
    if (r.leaver) {
      if (r.match!.active)
        deactivate.push({ line: r.row.line, accountId: r.match!.id, displayName: r.match!.displayName });
      else unchanged += 1;
      continue;
    }
    if (!r.match) {
      create.push({ line: r.row.line, values: r.values, lineManager: r.lineManager });
      continue;
    }
    const changes = changedFields(r.match, r.values, r.lineManager);
    if (changes.length)
      update.push({ line: r.row.line, accountId: r.match.id, values: r.values, lineManager: r.lineManager, changes });
    else unchanged += 1;
  }
  // A row whose line manager's own row is left out cannot be applied either, however far up.
  let kept = { create, update };
  for (;;) {
    const left = new Set(problems.map((p) => `line:${p.line}`));
    const blocked = [...kept.create, ...kept.update].filter((row) => row.lineManager && left.has(row.lineManager));
    if (!blocked.length) break;
    for (const row of blocked)
      problems.push({
        line: row.line,
        message: 'The line manager’s own row has a problem, so this row is left out too',
      });
    const out = new Set(blocked.map((row) => row.line));
    kept = { create: kept.create.filter((r) => !out.has(r.line)), update: kept.update.filter((r) => !out.has(r.line)) };
  }
  return { ...kept, deactivate, unchanged, problems: problems.sort((a, b) => a.line - b.line) };
}

function valuesOf(account: ExistingAccount): AccountValues {
  return {
    displayName: account.displayName,
    email: account.email,
    employeeNumber: account.employeeNumber,
    jobTitle: account.jobTitle,
    serviceAreaId: account.serviceAreaId,
  };
}

function changedFields(account: ExistingAccount, values: AccountValues, lineManager: string | null): string[] {
  const changes: string[] = [];
  if (account.displayName !== values.displayName) changes.push('name');
  if (account.email !== values.email) changes.push('email');
  if (account.employeeNumber !== values.employeeNumber) changes.push('employee number');
  if (account.jobTitle !== values.jobTitle) changes.push('job title');
  if (account.serviceAreaId !== values.serviceAreaId) changes.push('service area');
  if (account.lineManagerId !== lineManager) changes.push('line manager');
  return changes;
}

/** true: a leaver; false: still in post; 'unknown': a value Haven cannot read. */
export function leaverStatus(value: string, today: string): boolean | 'unknown' {
  const word = value.trim().toLowerCase();
  if (currentWords.has(word)) return false;
  if (leaverWords.has(word)) return true;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(word);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(word);
  const date = iso
    ? `${iso[1]}-${iso[2]}-${iso[3]}`
    : uk
      ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`
      : null;
  if (!date || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return 'unknown';
  return date <= today;
}
