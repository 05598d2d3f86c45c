import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Role, roles } from '../../src/domain/access-policy.ts';
import { parseDraft } from '../../src/concerns/draft.schema.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { actorFor, buildConcern, buildDraft, buildUser } from '../support/builders.ts';
import { indexFirstPerson } from '../support/people.ts';
import { WebClient } from '../support/web-client.ts';
import { decryptField, encryptField } from '../../src/field-encryption/field-encryption.ts';

// Each account signed in: one for each role on its own, and the combinations the demo data
// holds (the seeds': the Head of Business Improvement is a DSL, a DSL who is a Head of Service,
// a Champion who is a line manager, a coordinator who is a DSO).
const combinations = ['hbi+dsl', 'head-of-service', 'champion+manager', 'coordinator+dso'] as const;
type Account = Role | (typeof combinations)[number];
const accounts: readonly Account[] = [...roles, ...combinations];
type Who = Account | 'anonymous';

const jpeg = Uint8Array.from([
  0xff,
  0xd8,
  0xff,
  0xe0,
  0x00,
  0x10,
  0x4a,
  0x46,
  0x49,
  0x46,
  0x00,
  0x01,
  ...Array<number>(200).fill(0),
]);

// Ids of actions, referrals and escalations that do not exist: a triager gets "not found".
const unknownId = '00000000-0000-4000-8000-000000000000';
type Expected = Record<Who, number>;

// The Head of Business Improvement on their own is made in the test: the demo's holds DSL too.
const demoEmail: Record<Exclude<Account, 'head_of_business_improvement'>, string> = {
  reporter: 'reporter@city.example',
  line_manager: 'manager@city.example',
  champion: 'champion@city.example',
  dso: 'dso@city.example',
  dsl: 'dsl@city.example',
  coordinator: 'coordinator@city.example',
  senior_leader: 'leader@city.example',
  administrator: 'admin@city.example',
  'hbi+dsl': 'hbi@city.example',
  'head-of-service': 'head-of-service@city.example',
  'champion+manager': 'champion-manager@city.example',
  'coordinator+dso': 'coordinator-dso@city.example',
};

/** Status for each account: `allowed` for the listed ones, 403 for the others, and what anonymous gets. */
function only(allowed: readonly Account[], status: number, anonymous: number): Expected {
  const expected = { anonymous } as Expected;
  for (const account of accounts) expected[account] = allowed.includes(account) ? status : 403;
  return expected;
}
const everyone = (status: number): Expected =>
  ({ anonymous: status, ...Object.fromEntries(accounts.map((a) => [a, status])) }) as Expected;
/** `status` for each of these accounts: a partial row to spread over `only`. */
const each = (listed: readonly Account[], status: number) =>
  Object.fromEntries(listed.map((a) => [a, status])) as Partial<Expected>;

// Written out by hand from the seeds, not computed by the policy under test. Everyone but an
// administrator records concerns, senior leaders included (policy 1.3, 4.1).
const recorders: Account[] = accounts.filter((a) => a !== 'administrator');
const leads: Account[] = ['dsl', 'head_of_business_improvement', 'hbi+dsl', 'head-of-service'];
const triagers: Account[] = ['dso', 'coordinator+dso', ...leads];
const caseWork = (status: number, anonymous: number): Expected => only(triagers, status, anonymous);
const signedIn = (status: number) => only(accounts, status, status === 200 ? 302 : 403);
// Reading the reporter's concern: its reporter, and everyone who triages.
const readers = (status: number, anonymous: number): Expected => ({
  ...only(recorders, 404, anonymous),
  ...each(['reporter', ...triagers], status),
});
// The reporter's complete draft: its owner gets the page, everyone else "not found". Its person
// at risk is an adult, so the child's page and (not being a line manager) "on behalf" redirect.
const reportersDraft = (status: number, anonymous: number): Expected => ({
  ...only(recorders, 404, anonymous),
  reporter: status,
});

// The coordinator keeps the settings, whatever else they hold (policy 5.18).
const coordinators: Account[] = ['coordinator', 'coordinator+dso'];
// Who reads the assurance loop (policy 17): the coordinator, DSLs, the Head of Business Improvement, senior leaders.
const assuranceViewers: Account[] = [...coordinators, ...leads, 'senior_leader'];
const assuranceReaders: Account[] = [...coordinators, 'senior_leader', ...leads];
/** A settings list's routes: the list, a new row, one row (an id that does not exist), retiring it. */
const settingListRoutes = (slug: string, id: string): Record<string, Expected> => ({
  [`GET /settings/${slug}`]: only(coordinators, 200, 302),
  [`GET /settings/${slug}/new`]: only(coordinators, 200, 302),
  [`POST /settings/${slug}/new`]: only(coordinators, 400, 403),
  [`GET /settings/${slug}/:${id}`]: only(coordinators, 404, 302),
  [`POST /settings/${slug}/:${id}`]: only(coordinators, 404, 403),
  [`POST /settings/${slug}/:${id}/retirement`]: only(coordinators, 400, 403),
});

// Every route in Haven, with the exact outcome for every role. The concern in the paths was
// recorded by the reporter; "other-org" belongs to another organisation. A route missing
// from this table fails the first test.
const matrix: Record<string, Expected> = {
  'GET /healthz': everyone(200),
  'GET /readyz': everyone(200),
  // The accessibility statement is for anyone, signed in or not (accessibility regulations 2018).
  'GET /accessibility': everyone(200),
  'GET /sign-in': everyone(200),
  'POST /sign-in': everyone(400),
  // Single sign-on is public (it is how someone signs in); this Haven has no provider configured,
  // so both are "not found". single-sign-on.test.ts covers them with a real provider.
  'GET /sign-in/single-sign-on': everyone(404),
  'GET /sign-in/single-sign-on/callback': everyone(404),
  'POST /sign-out': signedIn(303),
  // The second-factor steps of sign-in belong to a session whose password was right; any other
  // session (signed in or not) is sent back to sign in.
  'GET /sign-in/second-factor': everyone(303),
  'POST /sign-in/second-factor': everyone(303),
  'GET /sign-in/set-up-second-factor': everyone(303),
  'POST /sign-in/set-up-second-factor': everyone(303),
  'GET /account': only(accounts, 200, 302),
  // Just signed in, so recently enough authenticated to set up an app; posted empty: 400.
  'GET /account/two-factor': only(accounts, 200, 302),
  'POST /account/two-factor': only(accounts, 400, 403),
  'GET /re-authenticate': only(accounts, 200, 302),
  'POST /re-authenticate': only(accounts, 400, 403),
  // Passkeys: the options are JSON for the page's script; posted empty, the answer is malformed (400).
  // Signing in with a passkey is public; the second-factor and set-up steps need a pending sign-in.
  'GET /sign-in/passkey': everyone(200),
  'POST /sign-in/passkey': everyone(400),
  'GET /sign-in/second-factor/passkey': everyone(303),
  'POST /sign-in/second-factor/passkey': everyone(303),
  'GET /sign-in/set-up-second-factor/passkey': everyone(303),
  'POST /sign-in/set-up-second-factor/passkey': everyone(303),
  'GET /re-authenticate/passkey': only(accounts, 200, 302),
  'POST /re-authenticate/passkey': only(accounts, 400, 403),
  // Just signed in, so recently enough authenticated; posted empty, the name is missing (400).
  'GET /account/passkeys': only(accounts, 200, 302),
  'POST /account/passkeys': only(accounts, 400, 403),
  'GET /account/passkeys/options': only(accounts, 200, 302),
  // Nobody has a passkey with this reference.
  'GET /account/passkeys/:passkeyId/remove': only(accounts, 404, 302),
  'POST /account/passkeys/:passkeyId/remove': only(accounts, 404, 403),
  'GET /account/sessions': only(accounts, 200, 302),
  'POST /account/sessions/end': only(accounts, 400, 403),
  'GET /sessions': only(['administrator'], 200, 302),
  'POST /sessions/end': only(['administrator'], 400, 403),
  // Account administration (issue 8): administrators only, on an account of their organisation.
  // Posted empty: the form again with its errors (400); a new invitation needs no answers (303).
  // The import steps send someone with no file uploaded back to the upload page (303).
  'GET /accounts': only(['administrator'], 200, 302),
  'POST /accounts': only(['administrator'], 200, 403),
  'GET /accounts/new': only(['administrator'], 200, 302),
  'POST /accounts/new': only(['administrator'], 400, 403),
  'GET /accounts/:accountId': only(['administrator'], 200, 302),
  'GET /accounts/:accountId/details': only(['administrator'], 200, 302),
  'POST /accounts/:accountId/details': only(['administrator'], 400, 403),
  'GET /accounts/:accountId/roles': only(['administrator'], 200, 302),
  'POST /accounts/:accountId/roles': only(['administrator'], 400, 403),
  'POST /accounts/:accountId/invitation': only(['administrator'], 303, 403),
  'GET /accounts/:accountId/deactivate': only(['administrator'], 200, 302),
  'POST /accounts/:accountId/deactivate': only(['administrator'], 400, 403),
  'POST /accounts/:accountId/reactivate': only(['administrator'], 400, 403),
  'GET /accounts/import': only(['administrator'], 200, 302),
  'POST /accounts/import': only(['administrator'], 400, 403),
  'GET /accounts/import/columns': only(['administrator'], 303, 302),
  'POST /accounts/import/columns': only(['administrator'], 303, 403),
  'GET /accounts/import/preview': only(['administrator'], 303, 302),
  'POST /accounts/import/confirm': only(['administrator'], 303, 403),
  // The invitation link is public (the person has no password yet); an unknown token is "not found".
  'GET /invitations/:token': everyone(404),
  'POST /invitations/:token': everyone(404),
  'GET /': only(accounts, 200, 302),
  'GET /concerns/new': only(recorders, 200, 302),
  'POST /concerns/new': only(recorders, 303, 403),
  'GET /concerns/new/:draftId/discard': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/discard': reportersDraft(303, 403),
  'GET /concerns/new/:draftId/people': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/people': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/people/:personId': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/people/:personId': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/people/:personId/remove': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/people/:personId/remove': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/what-happened': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/what-happened': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/why-at-risk': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/why-at-risk': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/context': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/context': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/categories': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/categories': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/urgency': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/urgency': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/adult-needs': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/adult-needs': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/child-urgent': reportersDraft(303, 302),
  'POST /concerns/new/:draftId/child-urgent': reportersDraft(303, 403),
  'GET /concerns/new/:draftId/position-of-trust': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/position-of-trust': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/advice': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/advice': reportersDraft(303, 403),
  'GET /concerns/new/:draftId/routes-taken': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/routes-taken': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/consent': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/consent': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/on-behalf': reportersDraft(303, 302),
  'POST /concerns/new/:draftId/on-behalf': reportersDraft(303, 403),
  'GET /concerns/new/:draftId/on-behalf-who': reportersDraft(303, 302),
  'POST /concerns/new/:draftId/on-behalf-who': reportersDraft(303, 403),
  'GET /concerns/new/:draftId/service-area': reportersDraft(200, 302),
  'POST /concerns/new/:draftId/service-area': reportersDraft(400, 403),
  'GET /concerns/new/:draftId/check': reportersDraft(200, 302),
  // Sent after the draft is discarded: "gone", so everyone lands on their own list.
  'POST /concerns/new/:draftId/check': only(recorders, 303, 403),
  'GET /concerns/mine': only(recorders, 200, 302),
  'GET /concerns/:concernId': readers(200, 302),
  'GET /concerns/:concernId/confirmation': readers(200, 302),
  'GET /concerns/:concernId/add-information': { ...only(recorders, 404, 302), reporter: 200 },
  'POST /concerns/:concernId/add-information': { ...only(recorders, 404, 403), reporter: 400 },
  'GET /triage': only(triagers, 200, 302),
  // The coordinator's oversight of every open concern (policy 5.18), whatever else they hold.
  'GET /oversight': only(['coordinator', 'coordinator+dso'], 200, 302),
  // Posted without a search term: the form again, with the error (400).
  'GET /search': only(triagers, 200, 302),
  'POST /search': only(triagers, 400, 403),
  'GET /concerns/:concernId/triage': caseWork(200, 302),
  'POST /concerns/:concernId/triage': caseWork(400, 403),
  'GET /concerns/:concernId/actions/new': caseWork(200, 302),
  'POST /concerns/:concernId/actions/new': caseWork(400, 403),
  'POST /concerns/:concernId/actions/:actionId/done': only(recorders, 404, 403),
  'GET /concerns/:concernId/referrals/new': caseWork(200, 302),
  'POST /concerns/:concernId/referrals/new': caseWork(400, 403),
  'GET /concerns/:concernId/referrals/:referralId/outcome': caseWork(404, 302),
  'POST /concerns/:concernId/referrals/:referralId/outcome': caseWork(404, 403),
  'GET /concerns/:concernId/no-referral': caseWork(200, 302),
  'POST /concerns/:concernId/no-referral': caseWork(400, 403),
  'GET /concerns/:concernId/escalate': caseWork(200, 302),
  'POST /concerns/:concernId/escalate': caseWork(400, 403),
  'GET /concerns/:concernId/escalations/:escalationId/resolve': only(leads, 404, 302),
  'POST /concerns/:concernId/escalations/:escalationId/resolve': only(leads, 404, 403),
  // Closing an untriaged concern is refused with the reasons (409); reopening needs a reason (400).
  'GET /concerns/:concernId/close': caseWork(200, 302),
  'POST /concerns/:concernId/close': caseWork(409, 403),
  'GET /concerns/:concernId/disclosures/new': caseWork(200, 302),
  'POST /concerns/:concernId/disclosures/new': caseWork(400, 403),
  'GET /information-sharing/home-office': only(['coordinator', 'coordinator+dso', ...leads], 200, 302),
  // Insight (issue 9): the coordinator and DSLs in full, senior leaders as aggregates; no one
  // else. The download without a table named is the report form again with its error (400).
  'GET /insight': only(['coordinator', 'coordinator+dso', 'senior_leader', ...leads], 200, 302),
  'GET /insight/download': only(['coordinator', 'coordinator+dso', 'senior_leader', ...leads], 400, 302),
  'GET /self-assessment/import': only(['coordinator', 'coordinator+dso'], 200, 302),
  'POST /self-assessment/import': only(['coordinator', 'coordinator+dso'], 400, 403),
  'GET /self-assessment/import/preview': only(['coordinator', 'coordinator+dso'], 303, 302),
  'POST /self-assessment/import/confirm': only(['coordinator', 'coordinator+dso'], 303, 403),
  'GET /self-assessment/:assessmentId/word': only(
    ['coordinator', 'coordinator+dso', 'senior_leader', ...leads],
    404,
    302,
  ),
  'GET /annual-report': only(['coordinator', 'coordinator+dso', 'senior_leader', ...leads], 200, 302),
  'GET /annual-report/download': only(['coordinator', 'coordinator+dso', 'senior_leader', ...leads], 200, 302),
  // The printable reports: senior leaders see aggregates (the public version); a download
  // without a table named is refused with the form (400). Councils compared: the safeguarding team only.
  ...Object.fromEntries(
    ['monthly-statement', 'quarterly-themes', 'three-years', 'trend-flags'].flatMap((page) => [
      [`GET /insight/${page}`, only(['coordinator', 'coordinator+dso', 'senior_leader', ...leads], 200, 302)],
      [`GET /insight/${page}/download`, only(['coordinator', 'coordinator+dso', 'senior_leader', ...leads], 400, 302)],
    ]),
  ),
  'GET /insight/councils-compared': only(['coordinator', 'coordinator+dso', ...leads], 200, 302),
  'GET /insight/councils-compared/download': only(['coordinator', 'coordinator+dso', ...leads], 400, 302),
  // Concern history import (issue 9): the coordinator's alone. Without an upload in progress each
  // step sends them back to the start; the upload without a file is refused.
  'GET /insight/import': only(['coordinator', 'coordinator+dso'], 200, 302),
  'POST /insight/import': only(['coordinator', 'coordinator+dso'], 400, 403),
  'GET /insight/import/columns': only(['coordinator', 'coordinator+dso'], 303, 302),
  'POST /insight/import/columns': only(['coordinator', 'coordinator+dso'], 303, 403),
  'GET /insight/import/values': only(['coordinator', 'coordinator+dso'], 303, 302),
  'POST /insight/import/values': only(['coordinator', 'coordinator+dso'], 303, 403),
  'GET /insight/import/preview': only(['coordinator', 'coordinator+dso'], 303, 302),
  'POST /insight/import/confirm': only(['coordinator', 'coordinator+dso'], 303, 403),
  'GET /concerns/:concernId/attachments/new': readers(200, 302),
  'POST /concerns/:concernId/attachments/new': readers(400, 403),
  'GET /concerns/:concernId/attachments/:attachmentId': only(recorders, 404, 302),
  'GET /concerns/:concernId/restrict': only(leads, 200, 302),
  'POST /concerns/:concernId/restrict': only(leads, 400, 403),
  'GET /concerns/:concernId/lift-restriction': only(leads, 200, 302),
  'POST /concerns/:concernId/lift-restriction': only(leads, 400, 403),
  'GET /concerns/:concernId/reopen': caseWork(200, 302),
  'POST /concerns/:concernId/reopen': caseWork(400, 403),
  // The person index (issue 4): a record filed from the reporter's concern.
  'GET /people': only(triagers, 200, 302),
  'GET /people/:personId': caseWork(200, 302),
  'GET /concerns/:concernId/people/:concernPersonId/link': caseWork(200, 302),
  // Posted without choosing a record or "new": the page again, with the error (400).
  'POST /concerns/:concernId/people/:concernPersonId/link': caseWork(400, 403),
  'GET /people/:personId/merge': only(triagers, 200, 302),
  'GET /people/:personId/merge/:otherId': only(triagers, 404, 302),
  'POST /people/:personId/merge/:otherId': only(triagers, 404, 403),
  'GET /people/:personId/household': only(triagers, 200, 302),
  'POST /people/:personId/household': only(triagers, 400, 403),
  // Leaving a household one is not in changes nothing, and returns to the person.
  'POST /people/:personId/household/leave': only(triagers, 303, 403),
  'GET /concerns/other-org': only(recorders, 404, 302),
  // The safeguarding network (policy 11.4): every signed-in person, an administrator included.
  'GET /who-to-talk-to': only(accounts, 200, 302),
  // The coordinator's organisation settings (issue 8). Ids that do not exist: "not found"; an
  // empty form: the form again with its errors (400); retiring without saying which way: 400.
  'GET /settings': only(coordinators, 200, 302),
  ...settingListRoutes('service-areas', 'serviceAreaId'),
  ...settingListRoutes('categories', 'categoryId'),
  ...settingListRoutes('agencies', 'agencyId'),
  ...settingListRoutes('referral-outcomes', 'outcomeId'),
  'GET /settings/categories/:categoryId/split': only(coordinators, 404, 302),
  'POST /settings/categories/:categoryId/split': only(coordinators, 404, 403),
  'GET /settings/closure-days': only(coordinators, 200, 302),
  'POST /settings/closure-days': only(coordinators, 400, 403),
  'POST /settings/closure-days/remove': only(coordinators, 400, 403),
  'GET /administration/history': only(['administrator', ...coordinators], 200, 302),
  // Subject access and rectification (issue 13): DSLs and the Head of Business Improvement. A
  // request id or field that is not there is "not found"; an empty form is the form again (400).
  'GET /subject-access': only(leads, 200, 302),
  'GET /people/:personId/subject-access/new': only(leads, 200, 302),
  'POST /people/:personId/subject-access/new': only(leads, 400, 403),
  'GET /subject-access/:requestId': only(leads, 404, 302),
  'POST /subject-access/:requestId/redactions': only(leads, 404, 403),
  'POST /subject-access/:requestId/release': only(leads, 404, 403),
  'GET /subject-access/:requestId/extend': only(leads, 404, 302),
  'POST /subject-access/:requestId/extend': only(leads, 404, 403),
  'GET /subject-access/:requestId/response.zip': only(leads, 404, 302),
  'GET /people/:personId/rectify': only(leads, 200, 302),
  'GET /concerns/:concernId/rectify': only(leads, 200, 302),
  ...Object.fromEntries(
    [
      ...['name', 'date-of-birth', 'address'].map((field) => `/people/:personId/rectify/${field}`),
      ...['what-happened', 'location', 'why-at-risk'].map((field) => `/concerns/:concernId/rectify/${field}`),
    ].flatMap((path) => [
      [`GET ${path}`, only(leads, 200, 302)],
      [`POST ${path}`, only(leads, 400, 403)],
    ]),
  ),
  // The self-assessment (issue 10): the coordinator writes (assurance:manage); DSLs, the Head of
  // Business Improvement and senior leaders read (assurance:view). Ids that do not exist: "not
  // found"; an empty form: the form again with its errors (400). Creating next year's template
  // needs no form, so the coordinator's post makes one (303).
  'GET /self-assessment': only(assuranceViewers, 200, 302),
  'POST /self-assessment': only(coordinators, 400, 403),
  'GET /self-assessment/commitments': only(assuranceViewers, 200, 302),
  'POST /self-assessment/commitments': only(coordinators, 400, 403),
  'GET /self-assessment/templates': only(assuranceViewers, 200, 302),
  'POST /self-assessment/templates': only(coordinators, 303, 403),
  'GET /self-assessment/templates/:templateId': only(assuranceViewers, 404, 302),
  'GET /self-assessment/templates/:templateId/standards/new': only(coordinators, 404, 302),
  'POST /self-assessment/templates/:templateId/standards/new': only(coordinators, 404, 403),
  'GET /self-assessment/templates/:templateId/standards/:standardId': only(coordinators, 404, 302),
  'POST /self-assessment/templates/:templateId/standards/:standardId': only(coordinators, 404, 403),
  'POST /self-assessment/templates/:templateId/standards/:standardId/removal': only(coordinators, 404, 403),
  'GET /self-assessment/:assessmentId': only(assuranceViewers, 404, 302),
  'POST /self-assessment/:assessmentId/submission': only(coordinators, 404, 403),
  'POST /self-assessment/:assessmentId/review-links': only(coordinators, 404, 403),
  'POST /self-assessment/:assessmentId/review-links/:linkId/revocation': only(coordinators, 404, 403),
  'GET /self-assessment/:assessmentId/challenges/:challengeId': only(coordinators, 404, 302),
  'POST /self-assessment/:assessmentId/challenges/:challengeId': only(coordinators, 404, 403),
  'GET /self-assessment/:assessmentId/standards/:standardId': only(assuranceViewers, 404, 302),
  'POST /self-assessment/:assessmentId/standards/:standardId': only(coordinators, 404, 403),
  'POST /self-assessment/:assessmentId/standards/:standardId/actions': only(coordinators, 404, 403),
  // Peer review links: public, guarded by the link's token; a token that opens nothing is "not found".
  'GET /peer-review/:reviewToken': everyone(404),
  'GET /peer-review/:reviewToken/standards/:standardId': everyone(404),
  'POST /peer-review/:reviewToken/standards/:standardId': everyone(404),
  // Retention (issue 13): the coordinator's schedules; the DSLs' reviews and legal holds. The
  // concern has not reached its review date, so its page says so; empty forms: 400; lifting a
  // hold that does not exist changes nothing and returns to the list.
  'GET /settings/retention': only(coordinators, 200, 302),
  'GET /settings/retention/:kind': only(coordinators, 200, 302),
  'POST /settings/retention/:kind': only(coordinators, 400, 403),
  'GET /retention': only(leads, 200, 302),
  'GET /retention/reviews/:concernId': only(leads, 200, 302),
  'POST /retention/reviews/:concernId': only(leads, 400, 403),
  'GET /retention/reviews/other-org': only(leads, 404, 302),
  'GET /retention/holds': only(leads, 200, 302),
  'GET /retention/holds/new': only(leads, 200, 302),
  'POST /retention/holds/new': only(leads, 400, 403),
  'POST /retention/holds/:holdId/lift': only(leads, 303, 403),
  // The assurance loop (issue 10): the coordinator keeps the action plan, the risk register,
  // Scrutiny's recommendations and the policy's review dates; DSLs (the HBI among them) and
  // senior leaders read them. The ids are the demo's own plan, action, risk and recommendation,
  // so a hole behind a real record shows; posted empty, each form comes back with its errors (400).
  'GET /action-plan': only(assuranceReaders, 200, 302),
  'GET /action-plan/:planId': only(assuranceReaders, 200, 302),
  'GET /action-plan/:planId/document-control': only(coordinators, 200, 302),
  'POST /action-plan/:planId/document-control': only(coordinators, 400, 403),
  'GET /action-plan/actions/new': only(coordinators, 200, 302),
  'POST /action-plan/actions/new': only(coordinators, 400, 403),
  'GET /action-plan/actions/:planActionId': only(assuranceReaders, 200, 302),
  'POST /action-plan/actions/:planActionId/updates': only(coordinators, 400, 403),
  'POST /action-plan/actions/:planActionId/status': only(coordinators, 400, 403),
  'GET /action-plan/actions/:planActionId/change': only(coordinators, 200, 302),
  'POST /action-plan/actions/:planActionId/change': only(coordinators, 400, 403),
  'GET /risks': only(assuranceReaders, 200, 302),
  'GET /risks/new': only(coordinators, 200, 302),
  'POST /risks/new': only(coordinators, 400, 403),
  'GET /risks/:riskId': only(assuranceReaders, 200, 302),
  'POST /risks/:riskId/review': only(coordinators, 400, 403),
  'POST /risks/:riskId/controls': only(coordinators, 400, 403),
  'GET /risks/:riskId/change': only(coordinators, 200, 302),
  'POST /risks/:riskId/change': only(coordinators, 400, 403),
  'POST /risks/:riskId/closure': only(coordinators, 400, 403),
  'GET /risks/:riskId/controls/:controlId': only(coordinators, 200, 302),
  'POST /risks/:riskId/controls/:controlId': only(coordinators, 400, 403),
  'POST /risks/:riskId/controls/:controlId/removal': only(coordinators, 400, 403),
  'GET /scrutiny': only(assuranceReaders, 200, 302),
  'GET /scrutiny/new': only(coordinators, 200, 302),
  'POST /scrutiny/new': only(coordinators, 400, 403),
  'GET /scrutiny/:recommendationId': only(assuranceReaders, 200, 302),
  'POST /scrutiny/:recommendationId/response': only(coordinators, 400, 403),
  'POST /scrutiny/:recommendationId/actions': only(coordinators, 400, 403),
  'GET /safeguarding-policy': only(assuranceReaders, 200, 302),
  'POST /safeguarding-policy': only(coordinators, 400, 403),
};

// Routes that name a record inside a concern, tried with real records, not unknown ids, so a hole
// behind a real id shows. Each record kind is seeded on three concerns: the reporter's ordinary
// one (with an action directed to the line manager), the reporter's restricted one (also with an
// action for the line manager, directed before it was restricted) and another organisation's.
// Expected statuses are written out from the access policy by hand: canViewConcern,
// canCompleteAction, the grants, and restriction scope (DSLs, the HBI among them: all; DSO: ordinary only).
type Kind = 'ordinary' | 'restricted' | 'other-org';
const recorderStatus = (status: Partial<Expected>, rest: number, anonymous: number): Expected => ({
  ...only(recorders, rest, anonymous),
  ...status,
});
const recordMatrix: Record<string, Record<Kind, Expected>> = {
  // Completing an action: the assignee or a case worker, on a concern they may see.
  'POST /concerns/:concernId/actions/:actionId/done': {
    ordinary: recorderStatus({ line_manager: 303, ...each(triagers, 303) }, 404, 403),
    restricted: recorderStatus(each(leads, 303), 404, 403),
    'other-org': only(recorders, 404, 403),
  },
  'GET /concerns/:concernId/referrals/:referralId/outcome': {
    ordinary: caseWork(200, 302),
    restricted: { ...only(triagers, 200, 302), dso: 404, 'coordinator+dso': 404 },
    'other-org': only(triagers, 404, 302),
  },
  // Posted empty: the form again with its errors (400), where the record may be worked.
  'POST /concerns/:concernId/referrals/:referralId/outcome': {
    ordinary: caseWork(400, 403),
    restricted: { ...only(triagers, 400, 403), dso: 404, 'coordinator+dso': 404 },
    'other-org': only(triagers, 404, 403),
  },
  'POST /concerns/:concernId/escalations/:escalationId/resolve': {
    ordinary: only(leads, 400, 403),
    restricted: only(leads, 400, 403),
    'other-org': only(leads, 404, 403),
  },
  'GET /concerns/:concernId/escalations/:escalationId/resolve': {
    ordinary: only(leads, 200, 302),
    restricted: only(leads, 200, 302),
    'other-org': only(leads, 404, 302),
  },
  // Reading an attachment: whoever may see the concern, which includes the line manager with an
  // action on the ordinary one, but not on the restricted one.
  'GET /concerns/:concernId/attachments/:attachmentId': {
    ordinary: recorderStatus({ reporter: 200, line_manager: 200, ...each(triagers, 200) }, 404, 302),
    restricted: recorderStatus({ reporter: 200, ...each(leads, 200) }, 404, 302),
    'other-org': only(recorders, 404, 302),
  },
  // A person known only through a concern of that kind.
  'GET /people/:personId': {
    ordinary: caseWork(200, 302),
    restricted: { ...only(triagers, 200, 302), dso: 404, 'coordinator+dso': 404 },
    'other-org': only(triagers, 404, 302),
  },
};

type Seeded = {
  concernId: string;
  actionId: string;
  referralId: string;
  escalationId: string;
  attachmentId: string;
  personId: string;
};

/** One concern of a kind, with an action, a referral, an escalation, a disclosure, an attachment and a person. */
async function seedRecords(t: TestApp, reporterEmail: string, restricted: boolean): Promise<Seeded> {
  const concern = await buildConcern(t.db, reporterEmail);
  const reporter = await actorFor(t.db, reporterEmail);
  const manager = await t.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', reporterEmail.endsWith('@city.example') ? 'manager@city.example' : 'dso@district.example')
    .executeTakeFirstOrThrow();
  const agency = await t.db
    .selectFrom('agencies')
    .select('id')
    .where('organisation_id', '=', reporter.organisationId)
    .executeTakeFirstOrThrow();
  const person = await indexFirstPerson(t.db, concern.id).catch(async () => null);
  const client = new WebClient(t.app);
  await client.signIn(reporterEmail);
  await client.get(`/concerns/${concern.id}/attachments/new`);
  const sent = await client.postFile(
    `/concerns/${concern.id}/attachments/new`,
    { description: 'Kitchen' },
    { name: 'kitchen.jpg', type: 'image/jpeg', bytes: jpeg },
  );
  assert.equal(sent.statusCode, 303, 'attachment seeded');
  const now = new Date().toISOString();
  const base = { organisation_id: reporter.organisationId, concern_id: concern.id };
  const ids = { actionId: randomUUID(), referralId: randomUUID(), escalationId: randomUUID() };
  await t.db.updateTable('concerns').set({ status: 'open', triaged_at: now }).where('id', '=', concern.id).execute();
  await t.db
    .insertInto('concern_actions')
    .values({
      ...base,
      id: ids.actionId,
      description: encryptField('Call back'),
      assignee_id: manager.id,
      due_on: '2026-12-01',
      created_by: reporter.userId,
      created_at: now,
    })
    .execute();
  await t.db
    .insertInto('referrals')
    .values({
      ...base,
      id: ids.referralId,
      agency_id: agency.id,
      referred_on: '2026-01-05',
      external_reference: 'R1',
      professional: 'P',
      consent: 'yes',
      created_by: reporter.userId,
      created_at: now,
    })
    .execute();
  await t.db
    .insertInto('escalations')
    .values({
      ...base,
      id: ids.escalationId,
      reason: encryptField('Disagree'),
      escalated_by: reporter.userId,
      escalated_at: now,
    })
    .execute();
  await t.db
    .insertInto('disclosures')
    .values({
      ...base,
      id: randomUUID(),
      shared_on: '2026-01-05',
      what: encryptField('Summary'),
      agency_id: agency.id,
      recipient: 'R',
      lawful_basis: 'consent',
      consent: 'yes',
      home_office: 1,
      recorded_by: reporter.userId,
      recorded_at: now,
    })
    .execute();
  if (restricted)
    await t.db
      .updateTable('concerns')
      .set({ restricted: 1, restriction_kind: 'dsl' })
      .where('id', '=', concern.id)
      .execute();
  const attachment = await t.db
    .selectFrom('attachments')
    .select('id')
    .where('concern_id', '=', concern.id)
    .executeTakeFirstOrThrow();
  return {
    concernId: concern.id,
    ...ids,
    attachmentId: attachment.id,
    personId: person?.indexPersonId ?? randomUUID(),
  };
}

describe('authorization matrix: every route × every role', () => {
  let t: TestApp;
  let concernId: string;
  let otherOrganisationConcernId: string;
  let draftId: string;
  let personId: string;
  let indexed: { concernPersonId: string; indexPersonId: string };
  let hbiOnly = '';
  let accountId = '';
  let assurance: Record<'planId' | 'planActionId' | 'riskId' | 'controlId' | 'recommendationId', string>;
  const emailOf = (account: Account) => (account === 'head_of_business_improvement' ? hbiOnly : demoEmail[account]);
  before(async () => {
    t = await startTestApp();
    hbiOnly = await buildUser(t.db, 'reporter@city.example', ['head_of_business_improvement']);
    accountId = (await actorFor(t.db, await buildUser(t.db, 'reporter@city.example', ['reporter']))).userId;
    concernId = (await buildConcern(t.db, 'reporter@city.example')).id;
    indexed = await indexFirstPerson(t.db, concernId);
    otherOrganisationConcernId = (await buildConcern(t.db, 'reporter@district.example')).id;
    draftId = await buildDraft(t.db, 'reporter@city.example');
    const saved = await t.db
      .selectFrom('concern_drafts')
      .select('answers')
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow();
    personId = parseDraft(decryptField(saved.answers)).people![0]!.id;
    const city = (await actorFor(t.db, 'coordinator@city.example')).organisationId;
    const first = (table: 'action_plans' | 'action_plan_actions' | 'risks' | 'scrutiny_recommendations') =>
      t.db
        .selectFrom(table as 'risks')
        .select('id')
        .where('organisation_id', '=', city)
        .orderBy('id')
        .executeTakeFirstOrThrow()
        .then((row) => row.id);
    assurance = {
      planId: await first('action_plans'),
      planActionId: await first('action_plan_actions'),
      riskId: await first('risks'),
      controlId: '',
      recommendationId: await first('scrutiny_recommendations'),
    };
    assurance.controlId = (
      await t.db
        .selectFrom('risk_controls')
        .select('id')
        .where('risk_id', '=', assurance.riskId)
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => t.close());

  let records: Record<Kind, Seeded>;
  before(async () => {
    records = {
      ordinary: await seedRecords(t, 'reporter@city.example', false),
      restricted: await seedRecords(t, 'reporter@city.example', true),
      'other-org': await seedRecords(t, 'reporter@district.example', false),
    };
  });

  it('has an entry for every route Haven serves', () => {
    const served = t.app.declaredRoutes
      .filter((route) => !route.url.startsWith('/assets/'))
      .map((route) => `${route.method} ${route.url}`)
      .sort();
    const listed = Object.keys(matrix)
      .filter((key) => !key.includes('other-org'))
      .sort();
    assert.deepEqual(served, listed);
  });

  for (const who of ['anonymous', ...accounts] as const) {
    it(`gives ${who} exactly the expected outcome on each route`, async () => {
      const outcomes: Record<string, number> = {};
      const client = new WebClient(t.app);
      if (who !== 'anonymous') await client.signIn(emailOf(who));
      // Discarding and sending end the draft the other requests use, and signing out ends the
      // session, so these go last, in this order.
      const last = ['POST /concerns/new/:draftId/discard', 'POST /concerns/new/:draftId/check', 'POST /sign-out'];
      const keys = Object.keys(matrix).sort((a, b) => last.indexOf(a) - last.indexOf(b));
      for (const key of keys) {
        await client.get(who === 'anonymous' ? '/sign-in' : '/');
        const [method, template] = key.split(' ') as [string, string];
        const url = template
          .replace(':concernId', concernId)
          .replace('other-org', otherOrganisationConcernId)
          .replace(/^\/people\/:personId/, `/people/${indexed.indexPersonId}`)
          .replace(':concernPersonId', indexed.concernPersonId)
          .replace(':otherId', unknownId)
          .replace(':draftId', draftId)
          .replace(':accountId', accountId)
          .replace(':token', 'not-an-invitation')
          .replace(':personId', personId)
          .replace(/:(actionId|referralId|escalationId|attachmentId)/, unknownId)
          .replace(/:(serviceAreaId|categoryId|agencyId|outcomeId)/, unknownId)
          .replace(/:(assessmentId|templateId|standardId|linkId|challengeId|reviewToken)/g, unknownId)
          .replace(':kind', 'child')
          .replace(':holdId', unknownId)
          .replace(
            /:(planId|planActionId|riskId|controlId|recommendationId)/g,
            (param) => assurance[param.slice(1) as 'riskId'],
          );
        const response = method === 'GET' ? await client.get(url) : await client.post(url);
        outcomes[key] = response.statusCode;
      }
      const expected = Object.fromEntries(Object.entries(matrix).map(([key, byWho]) => [key, byWho[who]]));
      assert.deepEqual(outcomes, expected);
    });
  }

  it('has real records behind every route that names one', () => {
    const named = Object.keys(matrix).filter((key) =>
      /:(actionId|referralId|escalationId|attachmentId)|^GET \/people\/:personId$/.test(key),
    );
    assert.deepEqual(named.sort(), Object.keys(recordMatrix).sort());
  });

  for (const who of ['anonymous', ...accounts] as const) {
    it(`gives ${who} exactly the expected outcome on each real record`, async () => {
      const client = new WebClient(t.app);
      if (who !== 'anonymous') await client.signIn(emailOf(who));
      const outcomes: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const [key, byKind] of Object.entries(recordMatrix)) {
        for (const kind of ['ordinary', 'restricted', 'other-org'] as const) {
          const r = records[kind];
          await client.get(who === 'anonymous' ? '/sign-in' : '/');
          const [method, template] = key.split(' ') as [string, string];
          const url = template
            .replace(':concernId', r.concernId)
            .replace(':actionId', r.actionId)
            .replace(':referralId', r.referralId)
            .replace(':escalationId', r.escalationId)
            .replace(':attachmentId', r.attachmentId)
            .replace(':personId', r.personId);
          const response = method === 'GET' ? await client.get(url) : await client.post(url);
          outcomes[`${key} (${kind})`] = response.statusCode;
          expected[`${key} (${kind})`] = byKind[kind][who];
        }
      }
      assert.deepEqual(outcomes, expected);
    });
  }
});
