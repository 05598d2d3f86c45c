import {
  type Additivity,
  type Hidden,
  defaultSuppressionThreshold,
  hiddenCountText,
  suppressSmallCounts,
} from '../../domain/small-number-suppression.ts';

// One shape for every table in a report, so the page, its charts, the CSV and the Excel file
// show the same figures and hide the same ones.

/** A cell beside the counts (a headcount, a rate, a limit); blanked when it would give a hidden count back. */
export type ExtraCell = Readonly<{ text: string; value?: number; revealsCount?: boolean }>;

export type CountRow = Readonly<{ label: string; counts: readonly number[]; extras?: readonly ExtraCell[] }>;

export type CountTable = Readonly<{
  id: string;
  caption: string;
  rowHeading: string;
  columns: readonly string[];
  extraColumns?: readonly string[];
  rows: readonly CountRow[];
  /** A total row adding up each count column, with this label; null when the rows do not add up (categories). */
  totalLabel: string | null;
  /** Count columns that are the sum of others in every row: referred = outcome recorded + awaited. */
  columnSums?: ReadonlyArray<Readonly<{ parts: readonly number[]; total: number }>>;
  /** Cells beside the counts on the total row. */
  totalExtras?: readonly ExtraCell[];
  notes: readonly string[];
}>;

/** Full figures for the safeguarding team, or the public version with small counts hidden. */
export type Version = 'full' | 'public';

export type ShownCell = Readonly<{ text: string; value: number | null; numeric: boolean }>;
export type ShownTable = Readonly<{
  id: string;
  caption: string;
  head: readonly string[];
  rows: ReadonlyArray<readonly ShownCell[]>;
  /** The last row is the total row. */
  hasTotal: boolean;
  notes: readonly string[];
}>;

const withheld = 'withheld';

export function suppressionRule(threshold = defaultSuppressionThreshold): string {
  return (
    `Public version: counts of 1 to ${threshold - 1} are shown as “${hiddenCountText(threshold)}”. ` +
    `Where a total would give such a count back, the next smallest count in that row or column is ${withheld} too, ` +
    `and a rate worked from a hidden count is not shown.`
  );
}

export const fullFiguresNote =
  'Full figures, small counts included: for the safeguarding team only. Use the public version for anything shared more widely.';

/** Counts with the total row added, in row-major order, and the lines that must not give a hidden figure back. */
function countGrid(table: CountTable): { grid: number[][]; lines: Additivity[] } {
  const columns = table.columns.length;
  const grid = table.rows.map((row) => [...row.counts]);
  if (table.totalLabel !== null) {
    grid.push(Array.from({ length: columns }, (_, c) => grid.reduce((sum, row) => sum + (row[c] ?? 0), 0)));
  }
  const at = (r: number, c: number) => r * columns + c;
  const lines: Additivity[] = [];
  if (table.totalLabel !== null) {
    const totalRow = grid.length - 1;
    for (let c = 0; c < columns; c += 1) {
      lines.push({ parts: table.rows.map((_, r) => at(r, c)), total: at(totalRow, c) });
    }
  }
  for (const sum of table.columnSums ?? []) {
    for (let r = 0; r < grid.length; r += 1) {
      lines.push({ parts: sum.parts.map((c) => at(r, c)), total: at(r, sum.total) });
    }
  }
  return { grid, lines };
}

/** The table as shown: every count, or in the public version, small ones and their giveaways hidden. */
export function showTable(table: CountTable, version: Version, threshold = defaultSuppressionThreshold): ShownTable {
  const { grid, lines } = countGrid(table);
  const hidden: Array<Hidden | null> =
    version === 'public' ? suppressSmallCounts(grid.flat(), lines, threshold) : grid.flat().map(() => null);
  const columns = table.columns.length;
  const extrasCount = table.extraColumns?.length ?? 0;
  const rows = grid.map((counts, r) => {
    const source = table.rows[r];
    const label = source?.label ?? table.totalLabel ?? 'Total';
    const hiddenHere = counts.map((_, c) => hidden[r * columns + c] ?? null);
    const cells: ShownCell[] = [{ text: label, value: null, numeric: false }];
    hiddenHere.forEach((why, c) => {
      const count = counts[c]!;
      cells.push(
        why === null
          ? { text: count.toLocaleString('en-GB'), value: count, numeric: true }
          : { text: why === 'small' ? hiddenCountText(threshold) : withheld, value: null, numeric: true },
      );
    });
    const anyHidden = hiddenHere.some((why) => why !== null);
    for (let e = 0; e < extrasCount; e += 1) {
      const extra = (source ? source.extras : table.totalExtras)?.[e];
      if (!extra || (anyHidden && extra.revealsCount)) cells.push({ text: '', value: null, numeric: true });
      else cells.push({ text: extra.text, value: extra.value ?? null, numeric: extra.value !== undefined });
    }
    return cells;
  });
  const rule = version === 'public' ? suppressionRule(threshold) : fullFiguresNote;
  return {
    id: table.id,
    caption: table.caption,
    head: [table.rowHeading, ...table.columns, ...(table.extraColumns ?? [])],
    rows,
    hasTotal: table.totalLabel !== null,
    notes: [...table.notes, rule],
  };
}
