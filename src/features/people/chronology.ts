import { formatDate } from '../../web/views.ts';
import type { ChronologyRow } from './chronology.queries.ts';

// The chronology's rows in plain words: what happened, on which concern, by whom.

export type ChronologyEntry = {
  at: string;
  /** A calendar date (what happened, referral dates) rather than a moment. */
  dateOnly: boolean;
  concern: { id: string; reference: string; role: string } | null;
  title: string;
  text: string | null;
  by: string | null;
};

type Described = { title: string; text?: string | null };

const riskText: Record<string, string> = { high: 'high', medium: 'medium', low: 'low' };
const consentText: Record<string, string> = { yes: 'Yes', no: 'No', 'not-asked': 'Not asked' };

function details(json: string | null): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const said = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);

// Timeline entries as the concern's own case record names them, with what was written.
const fromTimeline: Record<string, (d: Record<string, unknown>) => Described> = {
  triaged: (d) => ({ title: `Triaged: ${riskText[String(d.riskLevel)] ?? 'unknown'} risk`, text: said(d.decision) }),
  no_referral_required: (d) => ({ title: 'No referral required', text: said(d.reason) }),
  escalated: (d) => ({ title: 'Escalated to a DSL', text: said(d.reason) }),
  escalation_resolved: (d) => ({ title: 'Escalation resolved', text: said(d.resolution) }),
  closed: (d) => ({ title: 'Concern closed', text: said(d.note) }),
  reopened: (d) => ({ title: 'Concern reopened', text: said(d.reason) }),
  information_added: (d) => ({ title: 'Information added by the reporter', text: said(d.text) }),
  restricted: (d) => ({ title: 'Restricted to DSLs and the Head of Business Improvement', text: said(d.reason) }),
  restriction_lifted: (d) => ({ title: 'Restriction lifted', text: said(d.reason) }),
  information_shared: () => ({ title: 'Information shared with another agency' }),
  attachment_added: () => ({ title: 'File attached' }),
  // Changes to the index itself (person_events without a concern).
  merged: (d) => ({ title: 'A duplicate record was merged into this one', text: said(d.duplicateName) }),
  household_joined: () => ({ title: 'Put in a household' }),
  household_left: () => ({ title: 'Taken out of a household' }),
};

function describe(row: ChronologyRow, role: string): Described {
  switch (row.kind) {
    case 'recorded':
      return { title: 'Concern recorded', text: `Named as: ${role}` };
    case 'happened':
      return { title: 'What happened', text: row.text2 ? `${row.text1 ?? ''} (at ${row.text2})` : row.text1 };
    case 'action_added':
      return {
        title: `Action directed to ${row.text2 ?? 'someone'}, due ${row.text3 ? formatDate(row.text3) : 'unknown'}`,
        text: row.text1,
      };
    case 'action_done':
      return { title: 'Action done', text: row.text1 };
    case 'referral': {
      const reference = row.text2 ? `Their reference: ${row.text2}. ` : '';
      return {
        title: `Referred to ${row.text1 ?? 'an agency'}`,
        text: `${reference}Consent: ${consentText[row.text3 ?? ''] ?? 'Not recorded'}`,
      };
    }
    case 'referral_outcome':
      return { title: `Outcome of the referral to ${row.text1 ?? 'an agency'}`, text: row.text2 };
    default:
      return fromTimeline[row.kind]?.(details(row.text1)) ?? { title: row.kind };
  }
}

/** A merge names the duplicate; not to a reader who may not see the concern that name came from. */
function hidesDuplicateName(row: ChronologyRow, concerns: ReadonlyMap<string, unknown>): boolean {
  if (row.kind !== 'merged') return false;
  const from = details(row.text1).duplicateNameFrom;
  return typeof from === 'string' && !concerns.has(from);
}

/** Each chronology row described, with the concern it belongs to and the person's role on it (as text). */
export function describeChronology(
  rows: readonly ChronologyRow[],
  concerns: ReadonlyMap<string, { reference: string; role: string }>,
): ChronologyEntry[] {
  return rows.map((row) => {
    const concern = row.concernId ? concerns.get(row.concernId) : undefined;
    const described = describe(row, concern?.role ?? '');
    const { title, text = null } = hidesDuplicateName(row, concerns) ? { ...described, text: null } : described;
    return {
      at: row.at,
      dateOnly: row.at.length === 10,
      concern: concern && row.concernId ? { id: row.concernId, ...concern } : null,
      title,
      text,
      by: row.by,
    };
  });
}
