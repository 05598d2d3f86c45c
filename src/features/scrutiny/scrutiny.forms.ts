import { z } from 'zod';
import {
  collectProblems,
  leadAccountField,
  leadNotOffered,
  optionalText,
  requiredText,
  versionField,
} from '../../assurance/form-fields.ts';
import { readDateField } from '../../web/date-field.ts';
import type { FormErrors } from '../../web/form-errors.ts';

type Body = Record<string, unknown>;
type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

export const responseNames = {
  agreed: 'Agreed',
  partially_agreed: 'Partially agreed',
  not_agreed: 'Not agreed',
} as const;

const recommendationFields = z.object({
  number: z
    .string({ error: 'Enter the recommendation’s number, like 1' })
    .regex(/^[1-9]\d{0,2}$/, 'Enter the recommendation’s number, like 1')
    .transform(Number),
  recommendation: requiredText('the recommendation', 5000),
  committee: requiredText('the committee', 200),
  reportTitle: requiredText('the report', 300),
});

export type RecommendationForm = z.output<typeof recommendationFields> & { madeOn: string };

export function parseRecommendation(body: Body): Parsed<RecommendationForm> {
  const parsed = recommendationFields.safeParse(body);
  const made = readDateField(body, 'made', 'the date of the recommendation', 'not-future');
  const errors = collectProblems(
    ['number', 'recommendation', 'made', 'committee', 'reportTitle'],
    parsed.success ? null : parsed.error,
    { made },
  );
  if (errors.list.length || !parsed.success || !('date' in made)) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, madeOn: made.date } };
}

const responseFields = z.object({
  response: z.enum(['agreed', 'partially_agreed', 'not_agreed'], { error: 'Choose Cabinet’s response' }),
  comment: requiredText('Cabinet’s comment', 10_000),
  responsibleMember: requiredText('the responsible Cabinet member', 200),
  version: versionField,
});

export type ResponseForm = z.output<typeof responseFields> & { respondedOn: string };

/** Cabinet's response: agreed, partially agreed or not agreed, its comment and the member responsible. */
export function parseResponse(body: Body): Parsed<ResponseForm> {
  const parsed = responseFields.safeParse(body);
  const responded = readDateField(body, 'responded', 'the date of the response', 'not-future');
  const errors = collectProblems(
    ['response', 'comment', 'responsibleMember', 'responded', 'version'],
    parsed.success ? null : parsed.error,
    { responded },
  );
  if (errors.list.length || !parsed.success || !('date' in responded)) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, respondedOn: responded.date } };
}

const followUpFields = z.object({
  action: requiredText('the follow-up action', 2000),
  leadName: requiredText('the lead', 200),
  leadUserId: leadAccountField,
  desiredOutcome: optionalText('the desired outcome', 2000),
});

export type FollowUpForm = z.output<typeof followUpFields> & { dueOn: string };

/**
 * A follow-up action for the plan: never without a lead or a due date. The lead's account, if
 * named, must be one of the organisation's (the overdue reminder goes to it).
 */
export function parseFollowUp(body: Body, leadAccountIds: ReadonlySet<string>): Parsed<FollowUpForm> {
  const parsed = followUpFields.safeParse(body);
  const due = readDateField(body, 'due', 'the due date', 'not-past');
  const unknownLead = parsed.success ? leadNotOffered(parsed.data.leadUserId, leadAccountIds) : null;
  if (unknownLead) return { ok: false, errors: unknownLead };
  const errors = collectProblems(
    ['action', 'leadName', 'leadUserId', 'due', 'desiredOutcome'],
    parsed.success ? null : parsed.error,
    {
      due,
    },
  );
  if (errors.list.length || !parsed.success || !('date' in due)) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, dueOn: due.date } };
}

const policyFields = z.object({ version: versionField });

export type PolicyReviewForm = { lastReviewedOn: string; lastApprovedOn: string; version: number };

/** The policy's last annual review and last Cabinet approval (policy 17.5–17.6). */
export function parsePolicyReview(body: Body): Parsed<PolicyReviewForm> {
  const parsed = policyFields.safeParse(body);
  const reviewed = readDateField(body, 'reviewed', 'the date of the last review', 'not-future');
  const approved = readDateField(body, 'approved', 'the date Cabinet last approved the policy', 'not-future');
  const errors = collectProblems(['reviewed', 'approved', 'version'], parsed.success ? null : parsed.error, {
    reviewed,
    approved,
  });
  if (errors.list.length || !parsed.success || !('date' in reviewed) || !('date' in approved)) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: { lastReviewedOn: reviewed.date, lastApprovedOn: approved.date, version: parsed.data.version },
  };
}
