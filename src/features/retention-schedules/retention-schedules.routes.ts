import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { HavenDb } from '../../db/connect.ts';
import {
  type RecordKind,
  defaultRetentionSchedules,
  recordKindNames,
  recordKindRules,
  recordKinds,
} from '../../domain/retention-schedule.ts';
import { HavenError } from '../../errors.ts';
import { type FormErrors, formErrorsFromZod, noErrors } from '../../web/form-errors.ts';
import { listRetentionSchedules } from '../../retention/retention-schedules.queries.ts';
import { changeRetentionSchedule } from './retention-schedules.ts';

const access = { config: { access: 'retention:schedules' } } as const;
type WithKind = { Params: { kind: string } };

const wholeYears = (message: string, min: number, max: number) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,3}$/, message)
    .transform(Number)
    .refine((years) => years >= min && years <= max, message);

const scheduleForm = z.object({
  years: wholeYears('Enter the period as a whole number of years from 1 to 100', 1, 100),
  source: z
    .string({ error: 'Enter where the period comes from, like the IRMS toolkit or your council’s policy' })
    .trim()
    .min(1, 'Enter where the period comes from, like the IRMS toolkit or your council’s policy')
    .max(300, 'The source must be 300 characters or fewer'),
});
const allegationForm = scheduleForm.extend({
  retirementAge: wholeYears('Enter the normal retirement age as a whole number from 55 to 75', 55, 75),
});

const isKind = (value: string): value is RecordKind => (recordKinds as readonly string[]).includes(value);

/**
 * Retention schedules (issue 13): how long each kind of record is kept before a DSL reviews
 * it. Shipped with the IRMS periods; the coordinator may change a period and say why.
 */
export function registerRetentionScheduleRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/settings/retention', access, async (request, reply) => {
    const schedules = await listRetentionSchedules(db, request.actor!.organisationId);
    return reply.view('retention-schedules/views/schedules.njk', {
      pageTitle: 'Retention schedules',
      schedules: schedules.map((schedule) => ({
        ...schedule,
        name: recordKindNames[schedule.kind],
        ...recordKindRules[schedule.kind],
      })),
      backLink: '/settings',
    });
  });

  app.get<WithKind>('/settings/retention/:kind', access, async (request, reply) => {
    const kind = kindOf(request.params.kind);
    const schedule = (await listRetentionSchedules(db, request.actor!.organisationId)).find((s) => s.kind === kind)!;
    const values = {
      years: String(schedule.years),
      retirementAge: schedule.retirementAge === null ? '' : String(schedule.retirementAge),
      source: schedule.source,
    };
    return renderForm(reply, kind, values, noErrors);
  });

  app.post<WithKind>('/settings/retention/:kind', access, async (request, reply) => {
    const kind = kindOf(request.params.kind);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = (kind === 'allegation' ? allegationForm : scheduleForm).safeParse(body);
    if (!form.success) {
      reply.code(400);
      return renderForm(reply, kind, typed(body), formErrorsFromZod(form.error));
    }
    const retirementAge = 'retirementAge' in form.data ? (form.data.retirementAge as number) : null;
    await changeRetentionSchedule(db, request.actor!, {
      kind,
      years: form.data.years,
      retirementAge,
      source: form.data.source,
    });
    return reply.redirect('/settings/retention', 303);
  });
}

function kindOf(value: string): RecordKind {
  if (!isKind(value)) throw new HavenError('not-found');
  return value;
}

/** What was typed, as text, so a refused form shows it again. */
function typed(body: Record<string, unknown>): Record<string, string> {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { years: text(body.years), retirementAge: text(body.retirementAge), source: text(body.source) };
}

function renderForm(reply: FastifyReply, kind: RecordKind, values: Record<string, string>, errors: FormErrors) {
  const shipped = defaultRetentionSchedules.find((schedule) => schedule.kind === kind)!;
  return reply.view('retention-schedules/views/schedule-form.njk', {
    pageTitle: `Change the retention schedule: ${recordKindNames[kind]}`,
    kind,
    name: recordKindNames[kind],
    rule: recordKindRules[kind],
    shipped,
    values,
    errors,
    backLink: '/settings/retention',
  });
}
