import { outcomeClassNames, outcomeClasses } from '../../domain/outcome-class.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HavenDb } from '../../db/connect.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { routeCodes } from '../../domain/referral-route-advice.ts';
import { sacTypeNames, sacTypes } from '../../domain/safeguarding-adults-collection.ts';
import { HavenError } from '../../errors.ts';
import { readDateField } from '../../web/date-field.ts';
import { type FormErrors, formErrors, formErrorsFromZod, noErrors } from '../../web/form-errors.ts';
import {
  type Outcome,
  addClosureDay,
  addSetting,
  changeSetting,
  removeClosureDay,
  setSettingRetired,
  splitCategory,
} from './organisation-settings.ts';
import { findSetting, listClosureDayRows, listSettings } from './organisation-settings.queries.ts';
import {
  type SettingKind,
  type SettingRow,
  appliesToLabels,
  categories,
  settingKinds,
  typedValues,
} from './setting-lists.ts';

const access = { config: { access: 'settings:manage' } } as const;
type Body = Record<string, unknown>;

/** Each list's id in its routes, named for what it is. */
const idParams: Record<string, string> = {
  'service-areas': 'serviceAreaId',
  categories: 'categoryId',
  agencies: 'agencyId',
  'referral-outcomes': 'outcomeId',
};

const retirement = z.object({ retire: z.enum(['yes', 'no']) });
const closureReason = z.object({
  reason: z
    .string({ error: 'Enter why the council is closed, like Christmas Day' })
    .trim()
    .min(1, 'Enter why the council is closed, like Christmas Day')
    .max(200, 'The reason must be 200 characters or fewer'),
});
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const splitFields = ['name1', 'name2', 'name3', 'name4'] as const;

/**
 * The coordinator's organisation settings (issue 8; policy 5.18): service areas, categories,
 * agencies, referral outcomes and closure days. Lists are retired rather than deleted; every
 * change is kept in the administration history.
 */
export function registerOrganisationSettingsRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/settings', access, async (_request, reply) =>
    reply.view('organisation-settings/views/settings.njk', { pageTitle: 'Organisation settings', kinds: settingKinds }),
  );
  for (const kind of settingKinds) registerSettingList(app, db, kind);
  registerCategorySplit(app, db);
  registerClosureDays(app, db);
}

function registerSettingList(app: FastifyInstance, db: HavenDb, kind: SettingKind): void {
  const base = `/settings/${kind.slug}`;
  const one = `${base}/:${idParams[kind.slug]}`;
  const idOf = (request: FastifyRequest) => String(Object.values(request.params as Record<string, string>)[0]);
  const found = async (request: FastifyRequest) => {
    const row = await findSetting(db, kind, request.actor!.organisationId, idOf(request));
    if (!row) throw new HavenError('not-found');
    return row;
  };

  app.get(base, access, async (request, reply) => {
    const rows = await listSettings(db, kind, request.actor!.organisationId);
    return reply.view('organisation-settings/views/setting-list.njk', {
      pageTitle: kind.title,
      kind,
      active: rows.filter((row) => !row.retired_at).map((row) => listed(kind, row)),
      retired: rows.filter((row) => row.retired_at).map((row) => listed(kind, row)),
      backLink: '/settings',
    });
  });

  app.get(`${base}/new`, access, async (_request, reply) =>
    renderForm(reply, kind, { action: `${base}/new`, row: null, values: {}, errors: noErrors }),
  );
  app.post(`${base}/new`, access, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const parsed = kind.parse(body);
    const outcome = parsed.ok ? await addSetting(db, request.actor!, kind, parsed.columns) : parsed;
    if (outcome.ok) return reply.redirect(base, 303);
    reply.code(400);
    return renderForm(reply, kind, {
      action: `${base}/new`,
      row: null,
      values: typedValues(body),
      errors: outcome.errors,
    });
  });

  app.get(one, access, async (request, reply) => {
    const row = await found(request);
    return renderForm(reply, kind, {
      action: `${base}/${row.id}`,
      row,
      values: kind.formValues(row),
      errors: noErrors,
    });
  });
  app.post(one, access, async (request, reply) => {
    const row = await found(request);
    const body = (request.body ?? {}) as Body;
    const parsed = kind.parse(body);
    const outcome = parsed.ok ? await changeSetting(db, request.actor!, kind, row.id, parsed.columns) : parsed;
    if (outcome.ok) return reply.redirect(base, 303);
    reply.code(400);
    return renderForm(reply, kind, {
      action: `${base}/${row.id}`,
      row,
      values: typedValues(body),
      errors: outcome.errors,
    });
  });

  app.post(`${one}/retirement`, access, async (request, reply) => {
    const form = retirement.safeParse(request.body ?? {});
    if (!form.success) throw new HavenError('bad-request');
    const row = await found(request);
    await setSettingRetired(db, request.actor!, kind, row.id, form.data.retire === 'yes');
    return reply.redirect(base, 303);
  });
}

function listed(kind: SettingKind, row: SettingRow) {
  return { id: row.id, name: row.name, summary: kind.summary(row), splitFrom: row.split_from_id ?? null };
}

function renderForm(
  reply: FastifyReply,
  kind: SettingKind,
  page: { action: string; row: SettingRow | null; values: Record<string, string>; errors: FormErrors },
) {
  const article = /^[aeiou]/.test(kind.singular) ? 'an' : 'a';
  return reply.view('organisation-settings/views/setting-form.njk', {
    pageTitle: page.row ? `Change the ${kind.singular}` : `Add ${article} ${kind.singular}`,
    kind,
    ...page,
    retired: Boolean(page.row?.retired_at),
    // Route advice finds an agency by its code: retiring one it suggests leaves the route unnumbered.
    suggestedByRouteAdvice:
      kind.slug === 'agencies' && (routeCodes as readonly unknown[]).includes(page.row?.code ?? null),
    appliesToItems: Object.entries(appliesToLabels).map(([value, text]) => ({
      value,
      text,
      checked: page.values.appliesTo === value,
    })),
    sacItems: [
      { value: '', text: 'None', selected: !page.values.sacType },
      ...sacTypes.map((value) => ({ value, text: sacTypeNames[value], selected: page.values.sacType === value })),
    ],
    outcomeClassItems: [
      ...outcomeClasses.map((value) => ({
        value,
        text: outcomeClassNames[value],
        checked: page.values.outcomeClass === value,
      })),
      { divider: 'or' },
      { value: '', text: 'Not classed yet (counts as not known)', checked: !page.values.outcomeClass },
    ],
    backLink: `/settings/${kind.slug}`,
  });
}

function registerCategorySplit(app: FastifyInstance, db: HavenDb): void {
  const url = '/settings/categories/:categoryId/split';
  const found = async (request: FastifyRequest<{ Params: { categoryId: string } }>) => {
    const row = await findSetting(db, categories, request.actor!.organisationId, request.params.categoryId);
    if (!row || row.retired_at) throw new HavenError('not-found');
    return row;
  };
  const render = (reply: FastifyReply, row: SettingRow, values: Record<string, string>, errors: FormErrors) =>
    reply.view('organisation-settings/views/split-category.njk', {
      pageTitle: `Split ${row.name}`,
      category: row,
      values,
      errors,
      fields: splitFields,
      backLink: `/settings/categories/${row.id}`,
    });

  app.get<{ Params: { categoryId: string } }>(url, access, async (request, reply) =>
    render(reply, await found(request), {}, noErrors),
  );
  app.post<{ Params: { categoryId: string } }>(url, access, async (request, reply) => {
    const row = await found(request);
    const body = (request.body ?? {}) as Body;
    const parsed = parseSplitNames(body);
    const outcome: Outcome = parsed.ok ? await splitCategory(db, request.actor!, row.id, parsed.names) : parsed;
    if (outcome.ok) return reply.redirect('/settings/categories', 303);
    reply.code(400);
    return render(reply, row, typedValues(body), outcome.errors);
  });
}

function parseSplitNames(body: Body): { ok: true; names: string[] } | { ok: false; errors: FormErrors } {
  const field = z.string().trim().max(120, 'Each name must be 120 characters or fewer').default('');
  const result = z.object(Object.fromEntries(splitFields.map((name) => [name, field]))).safeParse(body);
  if (!result.success) return { ok: false, errors: formErrorsFromZod(result.error) };
  const names = splitFields.map((name) => String(result.data[name])).filter(Boolean);
  if (names.length < 2) {
    const empty = splitFields.find((name) => !result.data[name]) ?? 'name1';
    return { ok: false, errors: formErrors([[empty, 'Enter the names of at least two new categories']]) };
  }
  return { ok: true, names };
}

function registerClosureDays(app: FastifyInstance, db: HavenDb): void {
  const url = '/settings/closure-days';
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FormErrors,
  ) =>
    reply.view('organisation-settings/views/closure-days.njk', {
      pageTitle: 'Closure days',
      days: await listClosureDayRows(db, request.actor!.organisationId),
      today: todayInLondon(),
      values,
      errors,
      backLink: '/settings',
    });

  app.get(url, access, async (request, reply) => render(request, reply, {}, noErrors));
  app.post(url, access, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const date = readDateField(body, 'date', 'the date', 'not-past');
    const reason = closureReason.safeParse(body);
    const problems = formErrors([
      ...('problem' in date ? [date.problem] : []),
      ...(reason.success ? [] : formErrorsFromZod(reason.error).list.map((e): [string, string] => ['reason', e.text])),
    ]);
    const outcome: Outcome =
      'date' in date && reason.success
        ? await addClosureDay(db, request.actor!, date.date, reason.data.reason)
        : { ok: false, errors: problems };
    if (outcome.ok) return reply.redirect(url, 303);
    reply.code(400);
    return render(request, reply, typedValues(body), outcome.errors);
  });
  app.post(`${url}/remove`, access, async (request, reply) => {
    const date = isoDate.safeParse((request.body as Body | undefined)?.date);
    if (!date.success) throw new HavenError('bad-request');
    if (!(await removeClosureDay(db, request.actor!, date.data))) throw new HavenError('not-found');
    return reply.redirect(url, 303);
  });
}
