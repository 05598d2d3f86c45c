import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listPlanActionsForAnswer } from '../../assurance/action-plan.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import { type Actor, isAllowed } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import {
  type Rating,
  allowedRatings,
  countRatings,
  isAllowedRating,
  isYearLabel,
  missingForCompletion,
  nextYearLabel,
  progressNames,
  ragRatings,
  ratingDefinitions,
  ratingNames,
  ratings,
} from '../../domain/self-assessment-rating.ts';
import { HavenError, Refusal, errorCatalogue, refusalAsValue } from '../../errors.ts';
import { readDateField } from '../../web/date-field.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { commitments } from './commitments.ts';
import { type EvidenceKind, drawEvidence, evidenceKindNames, evidenceKinds } from './live-evidence.ts';
import {
  type FoundAssessment,
  type StandardAnswer,
  findAssessment,
  findStandardAnswer,
  findTemplate,
  listAnswers,
  listAssessments,
  listChallenges,
  listCommitmentUpdates,
  listRatingChanges,
  listRatingsByYear,
  listReviewLinks,
  listSections,
  listTemplateStandards,
  listTemplates,
} from './self-assessment.queries.ts';
import {
  addCommitmentUpdate,
  createNextYearTemplate,
  createReviewLink,
  raiseAction,
  recordChallenge,
  respondToChallenge,
  revokeReviewLink,
  reviewLinkFor,
  saveAnswer,
  startAssessment,
  submitAssessment,
} from './self-assessment.ts';
import { removeStandard, saveStandard } from './templates.ts';

const manage = { config: { access: 'assurance:manage' } } as const;
const view = { config: { access: 'assurance:view' } } as const;
const open = { config: { access: 'public' } } as const;
type Body = Record<string, unknown>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const idOr404 = (value: string | undefined): string => {
  if (!value || !uuid.test(value)) throw new HavenError('not-found');
  return value;
};
const text = (body: Body, field: string): string => (typeof body[field] === 'string' ? body[field].trim() : '');
const optional = (value: string): string | null => (value === '' ? null : value);
const versionOf = (body: Body): number => (/^\d{1,9}$/.test(String(body.version)) ? Number(body.version) : -1);
const longText = 20_000;
const reviewValidDays = { min: 1, max: 90, default: 28 };

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'Europe/London',
});
const showDate = (iso: string | null) =>
  iso ? longDate.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)) : '';
const showTime = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : '');
const ratingName = (rating: string | null) =>
  rating && (ratings as readonly string[]).includes(rating) ? ratingNames[rating as Rating] : 'Not recorded';
const formatters = { showDate, showTime, ratingName, progressNames, ratingNames, ratingDefinitions };

/** The self-assessment (issue 10): years, standards, live evidence, actions, submission, peer review, templates. */
export function registerSelfAssessmentRoutes(app: FastifyInstance, { db, baseUrl }: { db: HavenDb; baseUrl: string }) {
  registerYears(app, db);
  registerAssessment(app, db, baseUrl);
  registerStandard(app, db);
  registerCommitments(app, db);
  registerTemplates(app, db);
  registerPeerReview(app, db);
}

async function assessmentOr404(db: HavenDb, actor: Actor, assessmentId: string | undefined) {
  const found = await findAssessment(db, actor.organisationId, idOr404(assessmentId));
  if (!found) throw new HavenError('not-found');
  return found;
}

function refusalMessage(refusal: Refusal): string {
  const entry = errorCatalogue[refusal.code];
  return `${entry.title}. ${entry.message}`;
}

// ── Years ─────────────────────────────────────────────────────────────────────────────────

function registerYears(app: FastifyInstance, db: HavenDb) {
  app.get('/self-assessment', view, async (request, reply) => renderYears(reply, db, request.actor!, {}, noErrors));

  app.post('/self-assessment', manage, async (request, reply) => {
    const actor = request.actor!;
    const yearLabel = text((request.body ?? {}) as Body, 'yearLabel');
    if (!isYearLabel(yearLabel)) {
      reply.code(400);
      return renderYears(reply, db, actor, { yearLabel }, formErrors([['yearLabel', 'Enter the year like 2025-26']]));
    }
    const started = await refusalAsValue(() => startAssessment(db, actor, yearLabel, request.server.clock()));
    if (started instanceof Refusal) {
      reply.code(started.status);
      return renderYears(reply, db, actor, { yearLabel }, formErrors([['yearLabel', refusalMessage(started)]]));
    }
    return reply.redirect(`/self-assessment/${started}`, 303);
  });
}

async function renderYears(reply: FastifyReply, db: HavenDb, actor: Actor, values: Body, errors: FormErrors) {
  const years = await listAssessments(db, actor.organisationId);
  const suggested = years[0] ? nextYearLabel(years[0].year_label) : null;
  return reply.view('self-assessment/views/years.njk', {
    pageTitle: 'Self-assessment',
    years,
    canManage: isAllowed(actor, 'assurance:manage'),
    values: { yearLabel: suggested ?? '', ...values },
    errors,
    ...formatters,
  });
}

// ── One year's assessment: status at a glance, submission, peer review links, challenges ──

function registerAssessment(app: FastifyInstance, db: HavenDb, baseUrl: string) {
  type Params = { assessmentId: string };
  const base = '/self-assessment/:assessmentId';

  app.get<{ Params: Params }>(base, view, async (request, reply) => {
    const assessment = await assessmentOr404(db, request.actor!, request.params.assessmentId);
    return renderAssessment(reply, db, request.actor!, assessment, {});
  });

  app.post<{ Params: Params }>(`${base}/submission`, manage, async (request, reply) => {
    const actor = request.actor!;
    const assessment = await assessmentOr404(db, actor, request.params.assessmentId);
    const refused = await refusalAsValue(() => submitAssessment(db, actor, assessment.id, request.server.clock()));
    if (refused instanceof Refusal) {
      reply.code(refused.status);
      return renderAssessment(reply, db, actor, assessment, {
        errors: formErrors([['submit', refusalMessage(refused)]]),
      });
    }
    return reply.redirect(`/self-assessment/${assessment.id}`, 303);
  });

  const reviewer = z.object({
    reviewerName: z
      .string({ error: 'Enter the reviewer’s name' })
      .trim()
      .min(1, 'Enter the reviewer’s name')
      .max(200, 'The name must be 200 characters or fewer'),
    reviewerOrganisation: z
      .string({ error: 'Enter the reviewer’s organisation' })
      .trim()
      .min(1, 'Enter the reviewer’s organisation')
      .max(200, 'The organisation must be 200 characters or fewer'),
    validDays: z
      .string({ error: 'Enter how many days the link works for' })
      .trim()
      .regex(/^\d{1,2}$/, `Enter a number of days from ${reviewValidDays.min} to ${reviewValidDays.max}`)
      .transform(Number)
      .refine(
        (days) => days >= reviewValidDays.min && days <= reviewValidDays.max,
        `Enter a number of days from ${reviewValidDays.min} to ${reviewValidDays.max}`,
      ),
  });
  app.post<{ Params: Params }>(`${base}/review-links`, manage, async (request, reply) => {
    const actor = request.actor!;
    const assessment = await assessmentOr404(db, actor, request.params.assessmentId);
    const body = (request.body ?? {}) as Body;
    const parsed = reviewer.safeParse(body);
    if (!parsed.success) {
      reply.code(400);
      const errors = formErrors(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
      return renderAssessment(reply, db, actor, assessment, { errors, reviewValues: body });
    }
    const token = await refusalAsValue(() =>
      createReviewLink(
        db,
        actor,
        assessment.id,
        {
          name: parsed.data.reviewerName,
          organisation: parsed.data.reviewerOrganisation,
          validDays: parsed.data.validDays,
        },
        request.server.clock(),
      ),
    );
    if (token instanceof Refusal) {
      reply.code(token.status);
      const errors = formErrors([['reviewerName', 'Submit the self-assessment before inviting a peer reviewer']]);
      return renderAssessment(reply, db, actor, assessment, { errors, reviewValues: body });
    }
    // The link is shown this once; only its hash is kept.
    return reply.view('self-assessment/views/review-link-created.njk', {
      pageTitle: 'Peer review link created',
      assessment,
      reviewerName: parsed.data.reviewerName,
      link: `${baseUrl}/peer-review/${token}`,
      validDays: parsed.data.validDays,
    });
  });

  app.post<{ Params: Params & { linkId: string } }>(
    `${base}/review-links/:linkId/revocation`,
    manage,
    async (request, reply) => {
      const actor = request.actor!;
      const assessment = await assessmentOr404(db, actor, request.params.assessmentId);
      const revoked = await revokeReviewLink(
        db,
        actor,
        assessment.id,
        idOr404(request.params.linkId),
        request.server.clock(),
      );
      if (!revoked) throw new HavenError('not-found');
      return reply.redirect(`/self-assessment/${assessment.id}#peer-review`, 303);
    },
  );

  type ChallengeParams = Params & { challengeId: string };
  const challengePath = `${base}/challenges/:challengeId`;
  const findChallenge = async (request: FastifyRequest<{ Params: ChallengeParams }>) => {
    const assessment = await assessmentOr404(db, request.actor!, request.params.assessmentId);
    const challengeId = idOr404(request.params.challengeId);
    const challenge = (await listChallenges(db, assessment.id)).find((c) => c.id === challengeId);
    if (!challenge) throw new HavenError('not-found');
    return { assessment, challenge };
  };
  app.get<{ Params: ChallengeParams }>(challengePath, manage, async (request, reply) => {
    const { assessment, challenge } = await findChallenge(request);
    return renderChallenge(reply, db, assessment, challenge, {
      values: { version: challenge.version },
      errors: noErrors,
    });
  });
  app.post<{ Params: ChallengeParams }>(challengePath, manage, async (request, reply) => {
    const actor = request.actor!;
    const { assessment, challenge } = await findChallenge(request);
    const body = (request.body ?? {}) as Body;
    const response = text(body, 'response');
    const ratingValue = text(body, 'rating');
    const problems: Array<[string, string]> = [];
    if (response === '') problems.push(['response', 'Enter your response to the challenge']);
    else if (response.length > longText)
      problems.push(['response', 'Your response must be 20,000 characters or fewer']);
    const allowsNa = challenge.allows_not_applicable === 1;
    if (ratingValue !== '' && !isAllowedRating(ratingValue, allowsNa))
      problems.push(['rating', ratingProblem(allowsNa)]);
    if (problems.length > 0) {
      reply.code(400);
      return renderChallenge(reply, db, assessment, challenge, { values: body, errors: formErrors(problems) });
    }
    const refused = await refusalAsValue(() =>
      respondToChallenge(
        db,
        actor,
        challenge.id,
        { version: versionOf(body), response, rating: ratingValue === '' ? null : (ratingValue as Rating) },
        request.server.clock(),
      ),
    );
    if (refused instanceof Refusal) {
      reply.code(refused.status);
      const latest = (await listChallenges(db, assessment.id)).find((c) => c.id === challenge.id)!;
      return renderChallenge(reply, db, assessment, latest, {
        values: { ...body, version: latest.version },
        errors: formErrors([['response', refusalMessage(refused)]]),
      });
    }
    return reply.redirect(`/self-assessment/${assessment.id}#challenges`, 303);
  });
}

function ratingProblem(allowsNotApplicable: boolean) {
  return allowsNotApplicable ? 'Select Green, Amber, Red or N/A' : 'Select Green, Amber or Red';
}

async function renderAssessment(
  reply: FastifyReply,
  db: HavenDb,
  actor: Actor,
  assessment: FoundAssessment,
  extra: { errors?: FormErrors; reviewValues?: Body },
) {
  const answers = await listAnswers(db, assessment.id);
  const sections = (await listSections(db, assessment.template_id)).map((section) => {
    const standards = answers.filter((answer) => answer.section_number === section.number);
    return { ...section, standards, counts: countRatings(standards) };
  });
  const overall = countRatings(answers);
  const byYear = await listRatingsByYear(db, actor.organisationId);
  const years = [...new Set(byYear.map((row) => row.year_label))].filter((y) => y <= assessment.year_label).sort();
  const rating = new Map(byYear.map((row) => [`${row.year_label} ${row.number}`, row.rating]));
  const comparison = answers.map((answer) => ({
    number: answer.number,
    ratings: years.map((year) =>
      rating.has(`${year} ${answer.number}`) ? ratingName(rating.get(`${year} ${answer.number}`)!) : '–',
    ),
  }));
  const yearCounts = years.map((year) => ({
    year,
    counts: countRatings(byYear.filter((row) => row.year_label === year)),
  }));
  const canManage = isAllowed(actor, 'assurance:manage');
  return reply.view('self-assessment/views/assessment.njk', {
    pageTitle: `Self-assessment ${assessment.year_label}`,
    backLink: '/self-assessment',
    assessment,
    sections,
    overall,
    notCompleted: answers.filter((answer) => answer.progress !== 'completed').length,
    years,
    yearCounts,
    comparison,
    canManage,
    submitted: assessment.status === 'submitted',
    reviewLinks: canManage ? await listReviewLinks(db, assessment.id) : [],
    challenges: await listChallenges(db, assessment.id),
    now: reply.server.clock().toISOString(),
    reviewValues: { validDays: String(reviewValidDays.default), ...extra.reviewValues },
    errors: extra.errors ?? noErrors,
    ratingColumns: [...ratings, 'not_recorded'],
    ...formatters,
  });
}

async function renderChallenge(
  reply: FastifyReply,
  db: HavenDb,
  assessment: FoundAssessment,
  challenge: Awaited<ReturnType<typeof listChallenges>>[number],
  page: { values: Body; errors: FormErrors },
) {
  return reply.view('self-assessment/views/challenge.njk', {
    pageTitle: `Respond to the challenge on standard ${challenge.number}`,
    backLink: `/self-assessment/${assessment.id}#challenges`,
    assessment,
    challenge,
    history: await listRatingChanges(db, challenge.answer_id),
    ratingItems: [
      { value: '', text: `Keep ${ratingName(challenge.rating)}`, checked: !page.values.rating },
      ...allowedRatings(challenge.allows_not_applicable === 1).map((value) => ({
        value,
        text: ratingNames[value],
        hint: { text: ratingDefinitions[value] },
        checked: page.values.rating === value,
      })),
    ],
    ...page,
    ...formatters,
  });
}

// ── One standard: response, evidence (live figures), rating, completion, actions ─────────

function registerStandard(app: FastifyInstance, db: HavenDb) {
  type Params = { assessmentId: string; standardId: string };
  const path = '/self-assessment/:assessmentId/standards/:standardId';
  const found = async (request: FastifyRequest<{ Params: Params }>) => {
    const assessment = await assessmentOr404(db, request.actor!, request.params.assessmentId);
    const answer = await findStandardAnswer(db, assessment.id, idOr404(request.params.standardId));
    if (!answer) throw new HavenError('not-found');
    return { assessment, answer };
  };

  app.get<{ Params: Params }>(path, view, async (request, reply) => {
    const { assessment, answer } = await found(request);
    return renderStandard(reply, db, request.actor!, assessment, answer, { values: answerValues(answer) });
  });

  app.post<{ Params: Params }>(path, manage, async (request, reply) => {
    const actor = request.actor!;
    const { assessment, answer } = await found(request);
    const body = (request.body ?? {}) as Body;
    const allowsNa = answer.allows_not_applicable === 1;
    const response = text(body, 'response');
    let evidence = text(body, 'evidence');
    const ratingValue = text(body, 'rating');
    const markedComplete = body.completed === 'yes';
    const insert = text(body, 'insert');
    const problems: Array<[string, string, string?]> = [];
    if (response.length > longText) problems.push(['response', 'The response must be 20,000 characters or fewer']);
    if (evidence.length > longText) problems.push(['evidence', 'The evidence must be 20,000 characters or fewer']);
    if (ratingValue !== '' && !isAllowedRating(ratingValue, allowsNa))
      problems.push(['rating', ratingProblem(allowsNa), 'rating']);
    if (!['', 'yes'].includes(text(body, 'completed')))
      problems.push(['completed', 'Select whether the standard is completed']);
    if (insert !== '' && !(evidenceKinds as readonly string[]).includes(insert))
      problems.push(['evidence', 'Choose figures Haven offers to insert']);
    const rating = ratingValue === '' || problems.some(([f]) => f === 'rating') ? null : (ratingValue as Rating);
    if (markedComplete && insert === '') {
      const missing = missingForCompletion({ response, evidence, rating });
      const says = {
        response: 'Enter a response',
        evidence: 'Enter the evidence from the last year',
        rating: 'Select a rating',
      };
      for (const field of missing)
        problems.push([
          field,
          `${says[field]} before marking the standard as completed`,
          field === 'rating' ? 'rating' : field,
        ]);
    }
    if (problems.length > 0) {
      reply.code(400);
      return renderStandard(reply, db, actor, assessment, answer, { values: body, errors: formErrors(problems) });
    }
    if (insert !== '') {
      const figures = await drawEvidence(db, actor.organisationId, insert as EvidenceKind, request.server.clock());
      evidence = evidence === '' ? figures : `${evidence}\n\n${figures}`;
    }
    const saved = await refusalAsValue(() =>
      saveAnswer(
        db,
        actor,
        { assessmentId: assessment.id, answerId: answer.answer_id, version: versionOf(body) },
        {
          response: optional(response),
          evidence: optional(evidence),
          rating,
          markedComplete: insert === '' && markedComplete,
        },
        request.server.clock(),
      ),
    );
    if (saved instanceof Refusal) {
      reply.code(saved.status);
      const latest = (await findStandardAnswer(db, assessment.id, answer.standard_id))!;
      return renderStandard(reply, db, actor, assessment, latest, {
        values: { ...body, version: latest.version },
        errors: formErrors([['version', refusalMessage(saved), 'response']]),
        theirs: saved.code === 'answer-changed' ? latest : null,
      });
    }
    const here = `/self-assessment/${assessment.id}/standards/${answer.standard_id}`;
    if (insert !== '') return reply.redirect(`${here}#evidence`, 303);
    return reply.redirect(`/self-assessment/${assessment.id}`, 303);
  });

  app.post<{ Params: Params }>(`${path}/actions`, manage, async (request, reply) => {
    const actor = request.actor!;
    const { assessment, answer } = await found(request);
    const body = (request.body ?? {}) as Body;
    const action = text(body, 'action');
    const lead = text(body, 'lead');
    const problems: Array<[string, string, string?]> = [];
    if (action === '') problems.push(['action', 'Enter the action']);
    else if (action.length > 2000) problems.push(['action', 'The action must be 2,000 characters or fewer']);
    if (lead === '') problems.push(['lead', 'Enter who leads the action']);
    else if (lead.length > 200) problems.push(['lead', 'The lead must be 200 characters or fewer']);
    const due = readDateField(body, 'dueOn', 'the due date', 'not-past');
    if ('problem' in due) problems.push(due.problem);
    if (problems.length > 0 || !('date' in due)) {
      reply.code(400);
      return renderStandard(reply, db, actor, assessment, answer, {
        values: answerValues(answer),
        actionValues: body,
        errors: formErrors(problems),
      });
    }
    const raised = await refusalAsValue(() =>
      raiseAction(
        db,
        actor,
        { assessmentId: assessment.id, answerId: answer.answer_id, sectionTitle: answer.section_title },
        { action, lead, dueOn: due.date },
        request.server.clock(),
      ),
    );
    if (raised instanceof Refusal) {
      reply.code(raised.status);
      return renderStandard(reply, db, actor, assessment, answer, {
        values: answerValues(answer),
        actionValues: body,
        errors: formErrors([['action', refusalMessage(raised)]]),
      });
    }
    return reply.redirect(`/self-assessment/${assessment.id}/standards/${answer.standard_id}#actions`, 303);
  });
}

function answerValues(answer: StandardAnswer): Body {
  return {
    response: answer.response ?? '',
    evidence: answer.evidence ?? '',
    rating: answer.rating ?? '',
    completed: answer.progress === 'completed' ? 'yes' : '',
    version: answer.version,
  };
}

async function renderStandard(
  reply: FastifyReply,
  db: HavenDb,
  actor: Actor,
  assessment: FoundAssessment,
  answer: StandardAnswer,
  page: { values: Body; actionValues?: Body; errors?: FormErrors; theirs?: StandardAnswer | null },
) {
  const allowsNa = answer.allows_not_applicable === 1;
  const challenges = (await listChallenges(db, assessment.id)).filter((c) => c.answer_id === answer.answer_id);
  return reply.view('self-assessment/views/standard.njk', {
    pageTitle: `Standard ${answer.number} – self-assessment ${assessment.year_label}`,
    backLink: `/self-assessment/${assessment.id}`,
    assessment,
    answer,
    editable: isAllowed(actor, 'assurance:manage') && assessment.status === 'in_progress',
    ratingItems: allowedRatings(allowsNa).map((value) => ({
      value,
      text: ratingNames[value],
      hint: { text: ratingDefinitions[value] },
      checked: page.values.rating === value,
    })),
    evidenceKinds: evidenceKinds.map((kind) => ({ kind, name: evidenceKindNames[kind] })),
    actions: await listPlanActionsForAnswer(db, answer.answer_id),
    challenges,
    history: await listRatingChanges(db, answer.answer_id),
    today: todayInLondon(),
    values: page.values,
    actionValues: page.actionValues ?? {},
    errors: page.errors ?? noErrors,
    theirs: page.theirs ?? null,
    ...formatters,
  });
}

// ── Commitment statements ─────────────────────────────────────────────────────────────────

function registerCommitments(app: FastifyInstance, db: HavenDb) {
  app.get('/self-assessment/commitments', view, async (request, reply) =>
    renderCommitments(reply, db, request.actor!, {}, noErrors),
  );
  app.post('/self-assessment/commitments', manage, async (request, reply) => {
    const actor = request.actor!;
    const body = (request.body ?? {}) as Body;
    const commitment = commitments.find((c) => c.key === text(body, 'commitment'));
    const rating = text(body, 'rating');
    const note = text(body, 'body');
    const problems: Array<[string, string, string?]> = [];
    if (!commitment) problems.push(['commitment', 'Select the commitment statement']);
    if (!(ragRatings as readonly string[]).includes(rating)) problems.push(['rating', 'Select Green, Amber or Red']);
    if (note === '') problems.push(['body', 'Enter the update']);
    else if (note.length > 5000) problems.push(['body', 'The update must be 5,000 characters or fewer']);
    const written = readDateField(body, 'writtenOn', 'the date of the update', 'not-future');
    if ('problem' in written) problems.push(written.problem);
    if (problems.length > 0 || !commitment || !('date' in written)) {
      reply.code(400);
      return renderCommitments(reply, db, actor, body, formErrors(problems));
    }
    await addCommitmentUpdate(
      db,
      actor,
      { title: commitment.title, statement: commitment.statement, position: commitments.indexOf(commitment) },
      { writtenOn: written.date, rating: rating as 'green' | 'amber' | 'red', body: note },
      request.server.clock(),
    );
    return reply.redirect('/self-assessment/commitments', 303);
  });
}

async function renderCommitments(reply: FastifyReply, db: HavenDb, actor: Actor, values: Body, errors: FormErrors) {
  const updates = await listCommitmentUpdates(db, actor.organisationId);
  return reply.view('self-assessment/views/commitments.njk', {
    pageTitle: 'Commitment statements',
    backLink: '/self-assessment',
    commitments: commitments.map((c) => {
      const own = updates.filter((u) => u.title === c.title);
      return { ...c, current: own[0]?.rating ?? null, updates: own };
    }),
    canManage: isAllowed(actor, 'assurance:manage'),
    values,
    errors,
    ...formatters,
  });
}

// ── Templates ─────────────────────────────────────────────────────────────────────────────

function registerTemplates(app: FastifyInstance, db: HavenDb) {
  type Params = { templateId: string };
  type StandardParams = Params & { standardId: string };
  const base = '/self-assessment/templates';
  const templateOr404 = async (actor: Actor, id: string | undefined) => {
    const template = await findTemplate(db, actor.organisationId, idOr404(id));
    if (!template) throw new HavenError('not-found');
    return template;
  };

  app.get(base, view, async (request, reply) =>
    reply.view('self-assessment/views/templates.njk', {
      pageTitle: 'Self-assessment templates',
      backLink: '/self-assessment',
      templates: await listTemplates(db, request.actor!.organisationId),
      canManage: isAllowed(request.actor!, 'assurance:manage'),
      errors: noErrors,
      ...formatters,
    }),
  );
  app.post(base, manage, async (request, reply) => {
    const created = await refusalAsValue(() => createNextYearTemplate(db, request.actor!, request.server.clock()));
    if (created instanceof Refusal) throw new HavenError('bad-request');
    return reply.redirect(`${base}/${created}`, 303);
  });

  app.get<{ Params: Params }>(`${base}/:templateId`, view, async (request, reply) => {
    const template = await templateOr404(request.actor!, request.params.templateId);
    const standards = await listTemplateStandards(db, template.id);
    const sections = (await listSections(db, template.id)).map((section) => ({
      ...section,
      standards: standards.filter((s) => s.section_number === section.number),
    }));
    const submitted = (await listTemplates(db, request.actor!.organisationId)).find(
      (t) => t.id === template.id,
    )?.submitted;
    return reply.view('self-assessment/views/template.njk', {
      pageTitle: `${template.title} (version ${template.version})`,
      backLink: base,
      template,
      sections,
      submitted,
      canManage: isAllowed(request.actor!, 'assurance:manage'),
      ...formatters,
    });
  });

  const renderStandardForm = async (
    reply: FastifyReply,
    template: { id: string; title: string; version: number },
    standardId: string | null,
    values: Body,
    errors: FormErrors,
  ) =>
    reply.view('self-assessment/views/template-standard.njk', {
      pageTitle: standardId ? 'Change a standard' : 'Add a standard',
      backLink: `${base}/${template.id}`,
      template,
      action: standardId ? `${base}/${template.id}/standards/${standardId}` : `${base}/${template.id}/standards/new`,
      standardId,
      sectionItems: (await listSections(db, template.id)).map((s) => ({
        value: String(s.number),
        text: `${s.number} ${s.title}`,
        selected: String(values.sectionNumber) === String(s.number),
      })),
      values,
      errors,
    });

  /** A template's standard as its form shows it. */
  const standardValues = (standard: Awaited<ReturnType<typeof listTemplateStandards>>[number]): Body => ({
    sectionNumber: standard.section_number,
    number: standard.number,
    question: standard.question,
    guidance: standard.guidance ?? '',
    allowsNotApplicable: standard.allows_not_applicable === 1 ? 'yes' : '',
  });

  const standardForm = (body: Body, sections: number[]) => {
    const number = text(body, 'number');
    const sectionNumber = Number(text(body, 'sectionNumber'));
    const question = text(body, 'question');
    const guidance = text(body, 'guidance');
    const problems: Array<[string, string]> = [];
    if (!sections.includes(sectionNumber)) problems.push(['sectionNumber', 'Select the section']);
    if (!/^\d{1,2}\.\d{1,2}$/.test(number)) problems.push(['number', 'Enter the standard’s number like 1.4']);
    else if (sections.includes(sectionNumber) && Number(number.split('.')[0]) !== sectionNumber)
      problems.push([
        'number',
        `A standard in section ${sectionNumber} is numbered ${sectionNumber}.1, ${sectionNumber}.2 and so on`,
      ]);
    if (question === '') problems.push(['question', 'Enter the question']);
    else if (question.length > 2000) problems.push(['question', 'The question must be 2,000 characters or fewer']);
    if (guidance.length > 5000) problems.push(['guidance', 'The guidance must be 5,000 characters or fewer']);
    if (!['', 'yes'].includes(text(body, 'allowsNotApplicable')))
      problems.push(['allowsNotApplicable', 'Select whether N/A is an allowed rating']);
    return {
      problems,
      input: {
        sectionNumber,
        number,
        question,
        guidance: optional(guidance),
        allowsNotApplicable: body.allowsNotApplicable === 'yes',
      },
    };
  };

  const saveFrom = async (
    request: FastifyRequest<{ Params: Params & { standardId?: string } }>,
    reply: FastifyReply,
    standardId: string | null,
  ) => {
    const actor = request.actor!;
    const template = await templateOr404(actor, request.params.templateId);
    const body = (request.body ?? {}) as Body;
    const sections = (await listSections(db, template.id)).map((s) => s.number);
    const { problems, input } = standardForm(body, sections);
    if (problems.length > 0) {
      reply.code(400);
      return renderStandardForm(reply, template, standardId, body, formErrors(problems));
    }
    const saved = await refusalAsValue(() =>
      saveStandard(db, actor, template.id, standardId, input, request.server.clock()),
    );
    if (saved instanceof Refusal) {
      reply.code(409);
      return renderStandardForm(
        reply,
        template,
        standardId,
        body,
        formErrors([['number', `Standard ${input.number} is already in this template`]]),
      );
    }
    return reply.redirect(`${base}/${saved.templateId}`, 303);
  };

  app.get<{ Params: Params }>(`${base}/:templateId/standards/new`, manage, async (request, reply) => {
    const template = await templateOr404(request.actor!, request.params.templateId);
    return renderStandardForm(reply, template, null, {}, noErrors);
  });
  app.post<{ Params: Params }>(`${base}/:templateId/standards/new`, manage, async (request, reply) =>
    saveFrom(request, reply, null),
  );
  const standardOr404 = async (templateId: string, standardId: string | undefined) => {
    const id = idOr404(standardId);
    const standard = (await listTemplateStandards(db, templateId)).find((s) => s.id === id);
    if (!standard) throw new HavenError('not-found');
    return standard;
  };
  app.get<{ Params: StandardParams }>(`${base}/:templateId/standards/:standardId`, manage, async (request, reply) => {
    const template = await templateOr404(request.actor!, request.params.templateId);
    const standard = await standardOr404(template.id, request.params.standardId);
    return renderStandardForm(reply, template, standard.id, standardValues(standard), noErrors);
  });
  app.post<{ Params: StandardParams }>(`${base}/:templateId/standards/:standardId`, manage, async (request, reply) => {
    const template = await templateOr404(request.actor!, request.params.templateId);
    const standard = await standardOr404(template.id, request.params.standardId);
    return saveFrom(request, reply, standard.id);
  });
  app.post<{ Params: StandardParams }>(
    `${base}/:templateId/standards/:standardId/removal`,
    manage,
    async (request, reply) => {
      const actor = request.actor!;
      const template = await templateOr404(actor, request.params.templateId);
      const standard = await standardOr404(template.id, request.params.standardId);
      const removed = await refusalAsValue(() =>
        removeStandard(db, actor, template.id, standard.id, request.server.clock()),
      );
      if (removed instanceof Refusal) {
        reply.code(removed.status);
        const errors = formErrors([['number', refusalMessage(removed)]]);
        return renderStandardForm(reply, template, standard.id, standardValues(standard), errors);
      }
      return reply.redirect(`${base}/${removed.templateId}`, 303);
    },
  );
}

// ── Peer review: public pages guarded by the link's token ─────────────────────────────────
// The token sits in the path, which the request log never records (web/logging.ts logs the
// route's pattern, not the URL), and pages send no referrer. Forms carry the CSRF token as
// everywhere else.

function registerPeerReview(app: FastifyInstance, db: HavenDb) {
  type Params = { reviewToken: string };
  type StandardParams = Params & { standardId: string };
  const linkOr410 = async (request: FastifyRequest<{ Params: Params }>) => {
    const link = await reviewLinkFor(db, request.params.reviewToken, request.server.clock());
    if (link === 'not-valid') throw new HavenError('review-link-not-valid');
    if (link === 'expired') throw new HavenError('review-link-expired');
    return link;
  };
  const assessmentOf = async (organisationId: string, assessmentId: string) =>
    (await findAssessment(db, organisationId, assessmentId))!;

  app.get<{ Params: Params }>('/peer-review/:reviewToken', open, async (request, reply) => {
    const link = await linkOr410(request);
    const assessment = await assessmentOf(link.organisationId, link.assessmentId);
    const answers = await listAnswers(db, assessment.id);
    return reply.view('self-assessment/views/peer-review.njk', {
      pageTitle: `Peer review of the self-assessment ${assessment.year_label}`,
      link,
      assessment,
      answers,
      base: `/peer-review/${encodeURIComponent(request.params.reviewToken)}`,
      ...formatters,
    });
  });

  const standardPage = async (
    request: FastifyRequest<{ Params: StandardParams }>,
    reply: FastifyReply,
    values: Body,
    errors: FormErrors,
  ) => {
    const link = await linkOr410(request);
    const assessment = await assessmentOf(link.organisationId, link.assessmentId);
    const answer = await findStandardAnswer(db, assessment.id, idOr404(request.params.standardId));
    if (!answer) throw new HavenError('not-found');
    const base = `/peer-review/${encodeURIComponent(request.params.reviewToken)}`;
    const mine = (await listChallenges(db, assessment.id)).filter(
      (c) => c.answer_id === answer.answer_id && c.review_link_id === link.id,
    );
    return {
      link,
      answer,
      render: () =>
        reply.view('self-assessment/views/peer-review-standard.njk', {
          pageTitle: `Challenge standard ${answer.number}`,
          backLink: base,
          action: `${base}/standards/${answer.standard_id}`,
          link,
          assessment,
          answer,
          challenges: mine,
          values,
          errors,
          ...formatters,
        }),
    };
  };
  app.get<{ Params: StandardParams }>('/peer-review/:reviewToken/standards/:standardId', open, async (request, reply) =>
    (await standardPage(request, reply, {}, noErrors)).render(),
  );
  app.post<{ Params: StandardParams }>(
    '/peer-review/:reviewToken/standards/:standardId',
    open,
    async (request, reply) => {
      const body = (request.body ?? {}) as Body;
      const challenge = text(body, 'challenge');
      const problem =
        challenge === ''
          ? 'Enter your challenge'
          : challenge.length > 5000
            ? 'Your challenge must be 5,000 characters or fewer'
            : null;
      if (problem) {
        reply.code(400);
        return (await standardPage(request, reply, body, formErrors([['challenge', problem]]))).render();
      }
      const { link, answer } = await standardPage(request, reply, {}, noErrors);
      await recordChallenge(db, link, answer.answer_id, challenge, request.server.clock());
      return reply.redirect(
        `/peer-review/${encodeURIComponent(request.params.reviewToken)}/standards/${answer.standard_id}#challenges`,
        303,
      );
    },
  );
}
