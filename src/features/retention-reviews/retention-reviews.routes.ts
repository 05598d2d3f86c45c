import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HavenDb } from '../../db/connect.ts';
import { restrictionScope } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { HavenError } from '../../errors.ts';
import { type FormErrors, formErrorsFromZod, noErrors } from '../../web/form-errors.ts';
import { findPersonInScope, listActiveHolds, listCategories } from './retention-reviews.queries.ts';
import {
  type Decision,
  type HoldTarget,
  decideRetention,
  findReview,
  liftLegalHold,
  placeHold,
  reviewQueue,
} from './retention-reviews.ts';

const access = { config: { access: 'retention:decide' } } as const;
type WithConcernId = { Params: { concernId: string } };
type WithHoldId = { Params: { holdId: string } };
type Body = Record<string, unknown>;

const uuid = z.uuid();
const chooseDecision = 'Choose whether to dispose of the record, keep it for longer, or anonymise it';
const decisionForm = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('dispose') }),
    z.object({ decision: z.literal('anonymise') }),
    z.object({
      decision: z.literal('keep'),
      years: z
        .string({ error: 'Enter how many more years to keep the record, from 1 to 25' })
        .trim()
        .regex(/^\d{1,2}$/, 'Enter how many more years to keep the record, from 1 to 25')
        .transform(Number)
        .refine((years) => years >= 1 && years <= 25, 'Enter how many more years to keep the record, from 1 to 25'),
    }),
  ],
  { error: chooseDecision },
);

const reason = z
  .string({ error: 'Enter the reason for the hold, such as the inquiry, claim or case review' })
  .trim()
  .min(1, 'Enter the reason for the hold, such as the inquiry, claim or case review')
  .max(1000, 'The reason must be 1,000 characters or fewer');
const chooseScope = 'Choose what the hold is on: a concern, a person or a category';
const holdForm = z.discriminatedUnion(
  'scope',
  [
    z.object({
      scope: z.literal('concern'),
      reference: z
        .string({ error: 'Enter the concern’s reference, like HC-2026-000123' })
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{2}-\d{4}-\d{6}$/, 'Enter the concern’s reference, like HC-2026-000123'),
      reason,
    }),
    z.object({ scope: z.literal('person'), personId: z.uuid({ error: chooseScope }), reason }),
    z.object({
      scope: z.literal('category'),
      categoryId: z.uuid({ error: 'Choose a category from the list' }),
      reason,
    }),
  ],
  { error: chooseScope },
);

const today = (request: FastifyRequest) => todayInLondon(request.server.clock());
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Retention reviews and legal holds (issue 13): the DSLs' queue of records at their review
 * date, one decision a record (dispose, keep for longer, anonymise), and legal holds that stop
 * any disposal. Disposal itself is a background job.
 */
export function registerRetentionReviewRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/retention', access, async (request, reply) => {
    const queue = await reviewQueue(db, request.actor!, today(request));
    return reply.view('retention-reviews/views/queue.njk', { pageTitle: 'Retention reviews', ...queue });
  });

  app.get<WithConcernId>('/retention/reviews/:concernId', access, async (request, reply) =>
    renderReview(reply, request, request.params.concernId, {}, noErrors),
  );

  app.post<WithConcernId>('/retention/reviews/:concernId', access, async (request, reply) => {
    const concernId = request.params.concernId;
    const body = (request.body ?? {}) as Body;
    const form = decisionForm.safeParse(body);
    const outcome = form.success
      ? await decideRetention(
          db,
          request.actor!,
          concernId,
          form.data as Decision,
          request.server.clock(),
          today(request),
          request.id,
        )
      : { ok: false as const, status: 400, errors: formErrorsFromZod(form.error, { decision: 'decision' }) };
    if (outcome.ok) return reply.redirect('/retention', 303);
    reply.code(outcome.status);
    return renderReview(
      reply,
      request,
      concernId,
      { decision: text(body.decision), years: text(body.years) },
      outcome.errors,
    );
  });

  app.get('/retention/holds', access, async (request, reply) => {
    const actor = request.actor!;
    const holds = await listActiveHolds(db, actor.organisationId, restrictionScope(actor));
    return reply.view('retention-reviews/views/holds.njk', { pageTitle: 'Legal holds', holds, backLink: '/retention' });
  });

  app.get('/retention/holds/new', access, async (request, reply) => {
    const person = (request.query as Record<string, unknown>).person;
    return renderHoldForm(
      reply,
      request,
      { scope: typeof person === 'string' ? 'person' : '', personId: text(person) },
      noErrors,
    );
  });

  app.post('/retention/holds/new', access, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const form = holdForm.safeParse(body);
    const outcome = form.success
      ? await placeHold(db, request.actor!, holdTarget(form.data), form.data.reason, request.server.clock(), request.id)
      : { ok: false as const, status: 400, errors: formErrorsFromZod(form.error, { scope: 'scope' }) };
    if (outcome.ok) return reply.redirect('/retention/holds', 303);
    reply.code(outcome.status);
    const values = {
      scope: text(body.scope),
      reference: text(body.reference),
      personId: text(body.personId),
      categoryId: text(body.categoryId),
      reason: text(body.reason),
    };
    return renderHoldForm(reply, request, values, outcome.errors);
  });

  app.post<WithHoldId>('/retention/holds/:holdId/lift', access, async (request, reply) => {
    if (!uuid.safeParse(request.params.holdId).success) throw new HavenError('not-found');
    await liftLegalHold(db, request.actor!, request.params.holdId, request.server.clock(), request.id);
    return reply.redirect('/retention/holds', 303);
  });

  async function renderReview(
    reply: FastifyReply,
    request: FastifyRequest,
    concernId: string,
    values: Record<string, string>,
    errors: FormErrors,
  ) {
    const review = await findReview(db, request.actor!, concernId);
    return reply.view('retention-reviews/views/review.njk', {
      pageTitle: `Retention review: ${review.reference}`,
      review,
      due: review.reviewOn !== null && review.reviewOn <= today(request),
      values,
      errors,
      backLink: '/retention',
    });
  }

  async function renderHoldForm(
    reply: FastifyReply,
    request: FastifyRequest,
    values: Record<string, string>,
    errors: FormErrors,
  ) {
    const actor = request.actor!;
    const person = uuid.safeParse(values.personId).success
      ? await findPersonInScope(db, actor.organisationId, restrictionScope(actor), values.personId!)
      : undefined;
    const categories = await listCategories(db, actor.organisationId);
    return reply.view('retention-reviews/views/hold-form.njk', {
      pageTitle: 'Place a legal hold',
      person: person ? { id: person.id, name: person.name ?? 'Name not known' } : null,
      categoryItems: [
        { value: '', text: 'Choose a category', selected: !values.categoryId },
        ...categories.map((c) => ({ value: c.id, text: c.name, selected: c.id === values.categoryId })),
      ],
      values,
      errors,
      backLink: '/retention/holds',
    });
  }
}

function holdTarget(form: z.infer<typeof holdForm>): HoldTarget {
  if (form.scope === 'concern') return { scope: 'concern', reference: form.reference };
  if (form.scope === 'person') return { scope: 'person', personId: form.personId };
  return { scope: 'category', categoryId: form.categoryId };
}
