// The small-number rule for figures that leave the safeguarding team (issue 9; report 46–52):
// a count of 1 to 4 could point to a person, so it is shown as "fewer than 5". Hiding it alone
// is not enough when a total is shown beside it: the total less the other cells gives it back.
// So whenever a row or column of a table has exactly one hidden figure, the smallest other
// non-zero figure in that line is hidden too (secondary suppression), until no line has one
// hidden figure alone. Zeros are shown: they identify no one.

/** The threshold: counts from 1 to one less than this are hidden. */
export const defaultSuppressionThreshold = 5;

/** A line of a table whose parts add up to its total; all are indexes into the list of counts. */
export type Additivity = Readonly<{ parts: readonly number[]; total: number }>;

/** Why a figure is hidden: it is small itself, or it would give a small one back. */
export type Hidden = 'small' | 'secondary';

/** Whether a count is small enough to hide on its own. */
export function isSmallCount(count: number, threshold = defaultSuppressionThreshold): boolean {
  return count >= 1 && count < threshold;
}

/**
 * Which counts to hide: null for a count shown, else why it is hidden. `lines` lists every
 * row and column with a total the table shows; a table without totals needs none.
 */
export function suppressSmallCounts(
  counts: readonly number[],
  lines: readonly Additivity[],
  threshold = defaultSuppressionThreshold,
): Array<Hidden | null> {
  const hidden: Array<Hidden | null> = counts.map((count) => (isSmallCount(count, threshold) ? 'small' : null));
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      const members = [...line.parts, line.total];
      if (members.filter((index) => hidden[index] !== null).length !== 1) continue;
      const next =
        smallestShownNonZero(counts, hidden, line.parts) ?? smallestShownNonZero(counts, hidden, [line.total]);
      if (next === null) continue;
      hidden[next] = 'secondary';
      changed = true;
    }
  }
  return hidden;
}

function smallestShownNonZero(
  counts: readonly number[],
  hidden: ReadonlyArray<Hidden | null>,
  among: readonly number[],
) {
  let best: number | null = null;
  for (const index of among) {
    if (hidden[index] !== null || counts[index] === 0) continue;
    if (best === null || counts[index]! < counts[best]!) best = index;
  }
  return best;
}

/** How a hidden count reads in a public table. */
export function hiddenCountText(threshold = defaultSuppressionThreshold): string {
  return `fewer than ${threshold}`;
}

/**
 * The other public rule, as NHS England publishes the Safeguarding Adults Collection: every
 * count rounded to the nearest 5 (halves up), each from its true figure, so rows need not add
 * up to their total. A count of 1 or 2 shows as 5, not 0: a 0 always means none.
 */
export function roundToNearestFive(count: number): number {
  if (count === 0) return 0;
  return Math.max(5, Math.round(count / 5) * 5);
}
