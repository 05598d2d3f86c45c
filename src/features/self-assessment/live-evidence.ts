import type { HavenDb } from '../../db/connect.ts';
import { hiddenCountText, suppressSmallCounts } from '../../domain/small-number-suppression.ts';
import {
  type Period,
  championsByServiceArea,
  concernsByServiceArea,
  referralOutcomes,
  triageWithinStandard,
} from './live-evidence.queries.ts';

// Evidence drawn live from Haven with one click and frozen as text with the date it was drawn,
// so a figure in the return is never retyped and never changes after it was inserted. The
// return goes to the Boards and peer reviewers, so counts that could point to a person follow
// the small-number rule (domain/small-number-suppression.ts).

export const evidenceKinds = ['concerns-by-area', 'triage', 'referral-outcomes', 'champions'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

export const evidenceKindNames: Readonly<Record<EvidenceKind, string>> = {
  'concerns-by-area': 'Concerns in the last 12 months by service area',
  triage: 'Triage within one working day',
  'referral-outcomes': 'Referral outcomes',
  champions: 'Safeguarding Champions and service areas covered',
};

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** The 12 months up to now. */
export function lastTwelveMonths(now: Date): Period {
  const from = new Date(now);
  from.setUTCFullYear(from.getUTCFullYear() - 1);
  return { from: from.toISOString(), until: now.toISOString() };
}

/** The figures of one kind as a paragraph headed by when they were drawn and for what period. */
export async function drawEvidence(db: HavenDb, organisationId: string, kind: EvidenceKind, now: Date) {
  const period = lastTwelveMonths(now);
  const heading = `Figures from Haven, drawn on ${longDate.format(now)}`;
  const range = `${longDate.format(new Date(period.from))} to ${longDate.format(now)}`;
  switch (kind) {
    case 'concerns-by-area':
      return `${heading} (${range}):\n${concernsText(await concernsByServiceArea(db, organisationId, period))}`;
    case 'triage':
      return `${heading} (${range}):\n${triageText(await triageWithinStandard(db, organisationId, period, now))}`;
    case 'referral-outcomes':
      return `${heading} (${range}):\n${referralText(await referralOutcomes(db, organisationId, period))}`;
    case 'champions':
      return `${heading}:\n${championsText(await championsByServiceArea(db, organisationId))}`;
  }
}

/** Each count as text, small ones (and any that would give one back from the total) hidden. */
function shownCounts(counts: readonly number[]): string[] {
  const total = counts.length - 1;
  const hidden = suppressSmallCounts(counts, [{ parts: counts.slice(0, total).map((_, i) => i), total }]);
  return counts.map((count, i) => (hidden[i] === null ? String(count) : hiddenCountText()));
}

export function concernsText(figures: { areas: ReadonlyArray<{ name: string; count: number }>; restricted: number }) {
  const parts = [...figures.areas.map((area) => area.count), figures.restricted];
  const total = parts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return 'No concerns were recorded in Haven in the last 12 months.';
  const shown = shownCounts([...parts, total]);
  const lines = figures.areas.map((area, i) => `${area.name} – ${shown[i]}`);
  if (figures.restricted > 0) lines.push(`Restricted concerns, not broken down – ${shown[figures.areas.length]}`);
  return [
    `${shown.at(-1)} concerns were recorded in Haven in the last 12 months, from these service areas:`,
    ...lines,
  ].join('\n');
}

export function triageText(figures: { due: number; onTime: number }) {
  if (figures.due === 0) return 'No concerns were due for triage in the last 12 months.';
  const percent = Math.round((figures.onTime / figures.due) * 100);
  return `${figures.onTime} of ${figures.due} concerns due for triage in the last 12 months (${percent}%) were triaged within the standard of one working day.`;
}

export function referralText(rows: ReadonlyArray<{ name: string | null; count: number }>) {
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  if (total === 0) return 'No referrals to partner agencies were recorded in the last 12 months.';
  const shown = shownCounts([...rows.map((row) => row.count), total]);
  const lines = rows.map((row, i) => {
    const share = shown[i] === String(row.count) ? ` (${Math.round((row.count / total) * 100)}%)` : '';
    return `${row.name ?? 'Outcome not yet known'} – ${shown[i]} of ${shown.at(-1)}${share}`;
  });
  return [
    `${shown.at(-1)} referrals to partner agencies were recorded in the last 12 months, with these outcomes:`,
    ...lines,
  ].join('\n');
}

export function championsText(areas: ReadonlyArray<{ name: string; champions: number }>) {
  const covered = areas.filter((area) => area.champions > 0);
  const total = covered.reduce((sum, area) => sum + area.champions, 0);
  const lines = [
    `${total} Safeguarding Champions, covering ${covered.length} of ${areas.length} service areas:`,
    ...covered.map((area) => `${area.name} – ${area.champions}`),
  ];
  const uncovered = areas.filter((area) => area.champions === 0).map((area) => area.name);
  if (uncovered.length > 0) lines.push(`No Champion yet: ${uncovered.join(', ')}`);
  return lines.join('\n');
}
