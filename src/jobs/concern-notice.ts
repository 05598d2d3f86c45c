import type { ConcernNotice } from '../mail/concern-messages.ts';
import type { ConcernDeadlineFacts } from './concern-notice.queries.ts';

/** The little a notification about this concern may say; its deadline is the one stored at receipt. */
export function concernNotice(concern: ConcernDeadlineFacts): ConcernNotice {
  return {
    concernId: concern.id,
    reference: concern.reference,
    triageDeadline: new Date(concern.triageDeadlineAt),
  };
}
