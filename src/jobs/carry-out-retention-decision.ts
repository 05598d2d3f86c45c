import { z } from 'zod';
import { carryOutRetentionDecision } from '../retention/carry-out-decision.ts';
import type { JobKind } from './job-types.ts';

export const retentionDecisionJob = 'carry-out-retention-decision';

const payload = z.object({ organisationId: z.string().min(1), decisionId: z.string().min(1) });

/**
 * Disposes of or anonymises a concern a DSL decided on at its review date (issue 13). The
 * payload holds ids only; the decision row says what to do. Running it twice, or on two
 * instances at once, carries it out once (retention/carry-out-decision.ts).
 */
export const carryOutRetentionDecisionJob: JobKind = {
  kind: retentionDecisionJob,
  async run(stored, { db, attachments, now }) {
    const { organisationId, decisionId } = payload.parse(stored);
    return carryOutRetentionDecision(db, organisationId, decisionId, attachments, now);
  },
};
