import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type Account,
  type AccountDetails,
  accountReferenceProblems,
  changeAccount,
  createAccount,
  deactivateAccount,
  reactivateAccount,
  readAccount,
} from '../../accounts/account-administration.ts';
import { acceptInvitation, invitationState, inviteAccount } from '../../accounts/invitations.ts';
import { listServiceAreasInUse } from '../../concerns/organisation-lists.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import { type Role, isRole, roleNames, roles } from '../../domain/access-policy.ts';
import { passwordProblem } from '../../domain/account-rules.ts';
import { type ErrorCode, HavenError, Refusal, errorCatalogue, refusalAsValue } from '../../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { recentAuthentication } from '../../web/recent-authentication.ts';
import { type DetailsValues, parseDetails, parseRoles, typedValues } from './account-forms.ts';
import {
  type AccountFilter,
  latestInvitation,
  listAccounts,
  listActiveAccounts,
  namesFor,
} from './accounts.queries.ts';

type Params = { accountId: string };
const manage = { config: { access: 'accounts:manage' as const } };
// Giving or taking away roles is sensitive: the administrator must have proved themself in the
// last 15 minutes (web/recent-authentication.ts). Creating an account gives it roles, so it asks too.
const manageRoles = { ...manage, preHandler: recentAuthentication };

const filterForm = z.object({
  name: z.string().trim().max(200, 'The name must be 200 characters or fewer').default(''),
  role: z
    .string()
    .default('')
    .refine((value) => value === '' || isRole(value), 'Choose a role from the list'),
  status: z.enum(['', 'active', 'deactivated'], { error: 'Choose a status from the list' }).default(''),
});
const confirmForm = z.object({ confirm: z.enum(['yes', 'no'], { error: 'Choose yes or no' }) });
const passwordForm = z.object({
  password: z.string().max(4096).default(''),
  confirmPassword: z.string().max(4096).default(''),
});

const invitationRefusals: Record<string, ErrorCode> = {
  'not-valid': 'invitation-not-valid',
  used: 'invitation-used',
  expired: 'invitation-expired',
  superseded: 'invitation-superseded',
};

/** The administrator's accounts pages, and the invitation link's page (public: the person has no password yet). */
export function registerAccountAdministrationRoutes(
  app: FastifyInstance,
  { db, invitationValidDays }: { db: HavenDb; invitationValidDays: number },
): void {
  registerList(app, db);
  registerCreate(app, db, invitationValidDays);
  registerAccountPages(app, db, invitationValidDays);
  registerInvitationPages(app, db);
}

function registerList(app: FastifyInstance, db: HavenDb) {
  // The filter form posts, so a name typed into it stays out of addresses and logs.
  app.get('/accounts', manage, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const filter: AccountFilter = { name: '', role: null, active: null };
    return renderList(request, reply, db, filter, { name: '', role: '', status: '' }, noErrors, query.imported === '1');
  });
  app.post('/accounts', manage, async (request, reply) => {
    const parsed = filterForm.safeParse(request.body ?? {});
    const typed = typedFilter(request.body);
    if (!parsed.success) {
      reply.code(400);
      const errors = formErrors(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
      return renderList(request, reply, db, { name: '', role: null, active: null }, typed, errors, false);
    }
    const { name, role, status } = parsed.data;
    const filter = { name, role: isRole(role) ? role : null, active: status || null };
    return renderList(request, reply, db, filter, { name, role, status }, noErrors, false);
  });
}

async function renderList(
  request: FastifyRequest,
  reply: FastifyReply,
  db: HavenDb,
  filter: AccountFilter,
  values: Record<string, string>,
  errors: FormErrors,
  imported: boolean,
) {
  const accounts = await listAccounts(db, request.actor!.organisationId, filter);
  // Shown once: the HR import's outcome, kept in the session by its confirmation.
  const importResult = imported ? request.session.accountImportResult : undefined;
  if (importResult) delete request.session.accountImportResult;
  return reply.view('account-administration/views/accounts.njk', {
    pageTitle: 'Accounts',
    accounts: accounts.map((account) => ({ ...account, roleNames: account.roles.map((role) => roleNames[role]) })),
    roleItems: [
      { value: '', text: 'Any role' },
      ...roles.map((role) => ({ value: role, text: roleNames[role], selected: values.role === role })),
    ],
    statusItems: [
      { value: '', text: 'Active and deactivated' },
      { value: 'active', text: 'Active', selected: values.status === 'active' },
      { value: 'deactivated', text: 'Deactivated', selected: values.status === 'deactivated' },
    ],
    values,
    errors,
    importResult,
  });
}

function typedFilter(body: unknown): Record<string, string> {
  const form = (body ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).slice(0, 200) : '');
  return { name: text('name'), role: text('role'), status: text('status') };
}

function registerCreate(app: FastifyInstance, db: HavenDb, invitationValidDays: number) {
  app.get('/accounts/new', manageRoles, async (request, reply) =>
    renderDetailsForm(request, reply, db, { account: null, values: emptyValues, roles: [], errors: noErrors }),
  );

  app.post('/accounts/new', manageRoles, async (request, reply) => {
    const admin = request.actor!;
    const typed = typedValues(request.body);
    const { details, errors } = parseDetails(request.body);
    const chosen = parseRoles(request.body);
    const problems = details
      ? await accountReferenceProblems(db, admin.organisationId, null, details)
      : ([] as Array<[string, string]>);
    if (!details || !chosen.roles || problems.length) {
      const all = mergeErrors(errors, chosen.errors, formErrors(problems));
      return renderDetailsForm(
        request,
        reply,
        db,
        { account: null, values: typed, roles: typed.roles, errors: all },
        400,
      );
    }
    const now = request.server.clock();
    const accountId = await db.transaction().execute(async (trx) => {
      const id = await createAccount(trx, admin, { ...details, roles: chosen.roles! }, now);
      await inviteAccount(trx, admin, id, now, invitationValidDays);
      return id;
    });
    return reply.redirect(`/accounts/${accountId}?created=1`, 303);
  });
}

function registerAccountPages(app: FastifyInstance, db: HavenDb, invitationValidDays: number) {
  const account = async (request: FastifyRequest<{ Params: Params }>): Promise<Account> => {
    const found = await readAccount(db, request.actor!.organisationId, request.params.accountId);
    if (!found) throw new HavenError('not-found');
    return found;
  };

  app.get<{ Params: Params }>('/accounts/:accountId', manage, async (request, reply) =>
    renderAccount(request, reply, db, await account(request)),
  );

  app.get<{ Params: Params }>('/accounts/:accountId/details', manage, async (request, reply) => {
    const found = await account(request);
    return renderDetailsForm(request, reply, db, {
      account: found,
      values: valuesOf(found),
      roles: [],
      errors: noErrors,
    });
  });
  app.post<{ Params: Params }>('/accounts/:accountId/details', manage, async (request, reply) => {
    const admin = request.actor!;
    const found = await account(request);
    const typed = typedValues(request.body);
    const { details, errors } = parseDetails(request.body);
    const problems = details ? await accountReferenceProblems(db, admin.organisationId, found.id, details) : [];
    if (!details || problems.length) {
      const all = mergeErrors(errors, formErrors(problems));
      return renderDetailsForm(request, reply, db, { account: found, values: typed, roles: [], errors: all }, 400);
    }
    await db.transaction().execute((trx) => changeAccount(trx, admin, found.id, details));
    return reply.redirect(`/accounts/${found.id}?changed=1`, 303);
  });

  app.get<{ Params: Params }>('/accounts/:accountId/roles', manageRoles, async (request, reply) => {
    const found = await account(request);
    return renderRolesForm(reply, found, found.roles, noErrors);
  });
  app.post<{ Params: Params }>('/accounts/:accountId/roles', manageRoles, async (request, reply) => {
    const admin = request.actor!;
    const found = await account(request);
    const chosen = parseRoles(request.body);
    if (!chosen.roles) return renderRolesForm(reply, found, typedValues(request.body).roles, chosen.errors, 400);
    const result = await refusalAsValue(() =>
      db.transaction().execute((trx) => changeAccount(trx, admin, found.id, { roles: chosen.roles! }, 'roles-changed')),
    );
    if (result instanceof Refusal)
      return renderRolesForm(reply, found, chosen.roles, refusalErrors(result, 'roles'), 409);
    return reply.redirect(`/accounts/${found.id}?changed=1`, 303);
  });

  app.post<{ Params: Params }>('/accounts/:accountId/invitation', manage, async (request, reply) => {
    const found = await account(request);
    if (found.deactivatedAt) {
      reply.code(409);
      return renderAccount(
        request,
        reply,
        db,
        found,
        formErrors([['invite', 'Reactivate the account before inviting them']]),
      );
    }
    await db
      .transaction()
      .execute((trx) => inviteAccount(trx, request.actor!, found.id, request.server.clock(), invitationValidDays));
    return reply.redirect(`/accounts/${found.id}?invited=1`, 303);
  });

  app.get<{ Params: Params }>('/accounts/:accountId/deactivate', manage, async (request, reply) =>
    renderDeactivate(reply, await account(request), noErrors),
  );
  app.post<{ Params: Params }>('/accounts/:accountId/deactivate', manage, async (request, reply) => {
    const admin = request.actor!;
    const found = await account(request);
    const confirmed = confirmForm.safeParse(request.body ?? {});
    if (!confirmed.success)
      return renderDeactivate(
        reply,
        found,
        formErrors([['confirm', 'Choose yes if this account should be deactivated']]),
        400,
      );
    if (confirmed.data.confirm === 'no') return reply.redirect(`/accounts/${found.id}`, 303);
    const result = await refusalAsValue(() =>
      db.transaction().execute((trx) => deactivateAccount(trx, admin, found.id, request.server.clock())),
    );
    if (result instanceof Refusal) return renderDeactivate(reply, found, refusalErrors(result, 'confirm'), 409);
    // An administrator who switched themself off has just ended their own session.
    if (found.id === admin.userId) return reply.redirect('/sign-in?signed-out=1', 303);
    return reply.redirect(`/accounts/${found.id}?deactivated=1`, 303);
  });

  app.post<{ Params: Params }>('/accounts/:accountId/reactivate', manage, async (request, reply) => {
    const found = await account(request);
    const confirmed = confirmForm.safeParse(request.body ?? {});
    if (!confirmed.success || confirmed.data.confirm !== 'yes') throw new HavenError('bad-request');
    await db.transaction().execute((trx) => reactivateAccount(trx, request.actor!, found.id));
    return reply.redirect(`/accounts/${found.id}?reactivated=1`, 303);
  });
}

async function renderAccount(
  request: FastifyRequest,
  reply: FastifyReply,
  db: HavenDb,
  account: Account,
  errors: FormErrors = noErrors,
) {
  const organisationId = request.actor!.organisationId;
  const names = await namesFor(db, organisationId, account);
  const invitation = await latestInvitation(db, organisationId, account.id);
  const query = request.query as Record<string, unknown>;
  const banner = ['created', 'changed', 'invited', 'deactivated', 'reactivated'].find((key) => query[key] === '1');
  return reply.view('account-administration/views/account.njk', {
    pageTitle: account.displayName,
    account,
    names,
    roleNames: account.roles.map((role) => roleNames[role]),
    invitation,
    banner,
    own: account.id === request.actor!.userId,
    errors,
    backLink: '/accounts',
  });
}

const emptyValues: DetailsValues = {
  name: '',
  email: '',
  jobTitle: '',
  phone: '',
  employeeNumber: '',
  serviceArea: '',
  lineManager: '',
};

function valuesOf(account: AccountDetails): DetailsValues {
  return {
    name: account.displayName,
    email: account.email,
    jobTitle: account.jobTitle ?? '',
    phone: account.phone ?? '',
    employeeNumber: account.employeeNumber ?? '',
    serviceArea: account.serviceAreaId ?? '',
    lineManager: account.lineManagerId ?? '',
  };
}

async function renderDetailsForm(
  request: FastifyRequest,
  reply: FastifyReply,
  db: HavenDb,
  page: { account: Account | null; values: DetailsValues; roles: readonly string[]; errors: FormErrors },
  status = 200,
) {
  const organisationId = request.actor!.organisationId;
  const areas = await listServiceAreasInUse(db, organisationId);
  const managers = (await listActiveAccounts(db, organisationId)).filter((person) => person.id !== page.account?.id);
  return reply.code(status).view('account-administration/views/details.njk', {
    pageTitle: page.account ? `Change ${page.account.displayName}’s details` : 'Create an account',
    creating: page.account === null,
    action: page.account ? `/accounts/${page.account.id}/details` : '/accounts/new',
    values: page.values,
    areaItems: [
      { value: '', text: 'None' },
      ...areas.map((area) => ({ value: area.id, text: area.name, selected: area.id === page.values.serviceArea })),
    ],
    managerItems: [
      { value: '', text: 'None' },
      ...managers.map((person) => ({
        value: person.id,
        text: person.displayName,
        selected: person.id === page.values.lineManager,
      })),
    ],
    roleItems: roleItems(page.roles),
    errors: page.errors,
    backLink: page.account ? `/accounts/${page.account.id}` : '/accounts',
  });
}

function renderRolesForm(
  reply: FastifyReply,
  account: Account,
  chosen: readonly string[],
  errors: FormErrors,
  status = 200,
) {
  return reply.code(status).view('account-administration/views/roles.njk', {
    pageTitle: `Change ${account.displayName}’s roles`,
    account,
    roleItems: roleItems(chosen),
    errors,
    backLink: `/accounts/${account.id}`,
  });
}

function renderDeactivate(reply: FastifyReply, account: Account, errors: FormErrors, status = 200) {
  return reply.code(status).view('account-administration/views/deactivate.njk', {
    pageTitle: `Deactivate ${account.displayName}’s account`,
    account,
    errors,
    backLink: `/accounts/${account.id}`,
  });
}

function roleItems(chosen: readonly string[]) {
  return roles.map((role: Role) => ({ value: role, text: roleNames[role], checked: chosen.includes(role) }));
}

function mergeErrors(...all: FormErrors[]): FormErrors {
  return formErrors(
    all.flatMap((errors) => errors.list.map((item) => [item.href.slice(1), item.text] as [string, string])),
  );
}

function refusalErrors(refusal: Refusal, field: string): FormErrors {
  const entry = errorCatalogue[refusal.code];
  return formErrors([[field, `${entry.title}. ${entry.message}`]]);
}

function registerInvitationPages(app: FastifyInstance, db: HavenDb) {
  type TokenParams = { token: string };
  const path = '/invitations/:token';
  const refuse = (state: string) => {
    throw new HavenError(invitationRefusals[state] ?? 'invitation-not-valid');
  };

  app.get<{ Params: TokenParams }>(path, { config: { access: 'public' } }, async (request, reply) => {
    const state = await invitationState(db, request.params.token, request.server.clock());
    if (state !== 'usable') return refuse(state);
    return renderSetPassword(reply, request.params.token, noErrors);
  });

  app.post<{ Params: TokenParams }>(path, { config: { access: 'public' } }, async (request, reply) => {
    const { token } = request.params;
    const state = await invitationState(db, token, request.server.clock());
    if (state !== 'usable') return refuse(state);
    const form = passwordForm.safeParse(request.body ?? {}).data ?? { password: '', confirmPassword: '' };
    const problem = passwordProblem(form.password, form.confirmPassword);
    if (problem) return renderSetPassword(reply, token, formErrors([['password', problem]]), 400);
    const accepted = await acceptInvitation(db, token, form.password, request.server.clock());
    if (accepted !== 'usable') return refuse(accepted);
    return reply.view('account-administration/views/password-set.njk', { pageTitle: 'Your password is set' });
  });
}

function renderSetPassword(reply: FastifyReply, token: string, errors: FormErrors, status = 200) {
  return reply.code(status).view('account-administration/views/set-password.njk', {
    pageTitle: 'Set your password',
    action: `/invitations/${encodeURIComponent(token)}`,
    errors,
  });
}
