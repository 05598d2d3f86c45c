import { nameTokens } from './person-match.ts';

// Procedures 5.5, 6.1–6.2 and 8.3: staff tell their line manager about a concern. Haven tells the
// reporter's line manager that a concern was sent (its reference and a link, nothing more), except
// when telling them could harm the person or the enquiry:
// - the concern is restricted: an allegation against someone who works or volunteers for the
//   council, or a councillor, is restricted on arrival (policy 14.4; procedures 11), and the
//   manager may be the subject or close to them;
// - the concern names the line manager (see namesPerson);
// - the line manager is the reporter themself, or there is none with an active account.

export type LineManagerNoticeFacts = Readonly<{
  reporterId: string;
  /** Restricted on arrival (allegations against staff), or by a DSL. */
  restricted: boolean;
  /** The reporter's line manager, when they have one with an active account. */
  lineManager: Readonly<{ id: string; displayName: string }> | null;
  /** Every name written on the concern: its people, and whom a line manager recorded it for. */
  namesOnConcern: ReadonlyArray<string | null>;
}>;

export type LineManagerNotice =
  | Readonly<{ tell: true; lineManagerId: string }>
  | Readonly<{
      tell: false;
      reason: 'no-line-manager' | 'line-manager-is-reporter' | 'restricted' | 'names-line-manager';
    }>;

/** Whether the reporter's line manager is told that this concern was sent, and if not, why not. */
export function lineManagerNotice(facts: LineManagerNoticeFacts): LineManagerNotice {
  const manager = facts.lineManager;
  if (!manager) return { tell: false, reason: 'no-line-manager' };
  if (manager.id === facts.reporterId) return { tell: false, reason: 'line-manager-is-reporter' };
  if (facts.restricted) return { tell: false, reason: 'restricted' };
  if (facts.namesOnConcern.some((name) => namesPerson(name, manager.displayName)))
    return { tell: false, reason: 'names-line-manager' };
  return { tell: true, lineManagerId: manager.id };
}

/**
 * Whether a name written on a concern names this member of staff. Both are compared as words,
 * ignoring case, spacing, accents, punctuation and titles (person-match nameTokens), and it is a
 * match when every word of the staff member's name is among the written name's words: "quinn
 * HARROWBY", "Mr Quinn J. Harrowby" and "Harrowby, Quinn" all name Quinn Harrowby. A first name
 * or surname alone, or initials, does not: that would silence most notices in a council where
 * names repeat, and a concern about a colleague is restricted anyway. It errs towards not telling.
 */
export function namesPerson(writtenName: string | null, staffName: string): boolean {
  const staffWords = nameTokens(staffName);
  if (staffWords.length === 0) return false;
  const written = new Set(nameTokens(writtenName));
  return staffWords.every((word) => written.has(word));
}
