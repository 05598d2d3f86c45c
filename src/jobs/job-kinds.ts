import { carryOutRetentionDecisionJob } from './carry-out-retention-decision.ts';
import { alertAuditChainBreak } from './alert-audit-chain-break.ts';
import type { JobKind } from './job-types.ts';
import { notifyAction } from './notify-action.ts';
import { notifyLineManager } from './notify-line-manager.ts';
import { notifyNewConcern } from './notify-new-concern.ts';
import { remindOverduePlanAction } from './remind-overdue-plan-action.ts';
import { remindPolicyReview } from './remind-policy-review.ts';
import { sendInvitation } from './send-invitation.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';
import { warnTriageBreach } from './warn-triage-breach.ts';

/**
 * Every kind of background job Haven runs. A new kind is its own file in this folder (payload
 * schema, run, and schedule if it finds its own work) plus its line here; workers claim only
 * the kinds they know, so an older instance leaves a newer kind's jobs alone.
 */
export const jobKinds: readonly JobKind[] = [
  notifyNewConcern,
  warnTriageBreach,
  notifyAction,
  notifyLineManager,
  sendInvitation,
  carryOutRetentionDecisionJob,
  remindOverduePlanAction,
  remindPolicyReview,
  verifyAuditChain,
  alertAuditChainBreak,
];
