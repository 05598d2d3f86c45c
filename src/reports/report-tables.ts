import {
  type Additivity,
  type Hidden,
  defaultSuppressionThreshold,
  hiddenCountText,
  roundToNearestFive,
  suppressSmallCounts,
} from '../domain/small-number-suppression.ts';

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

/**
 * Full figures for the safeguarding team, or a public version: small counts hidden
 * ('public'), or every count rounded to the nearest 5 ('rounded', NHS England's practice).
 */
export type Version = 'full' | 'public' | 'rounded';
export const versions: readonly Version[] = ['full', 'public', 'rounded'];

/** Whether figures are for the public (either rule). */
export const isPublic = (version: Version) => version !== 'full';

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

export const roundingRule =
  'Public version: every count is rounded to the nearest 5, as NHS England publishes the Safeguarding Adults Collection; ' +
  'a count of 1 or 2 is shown as 5, so 0 always means none. Each figure is rounded from its true value, so rows may not add up to the total shown, ' +
  'and a rate or share worked from a true count is not shown.';

/** The rule stated under every table of a version. */
export function versionRule(version: Version, threshold = defaultSuppressionThreshold): string {
  if (version === 'public') return suppressionRule(threshold);
  if (version === 'rounded') return roundingRule;
  return fullFiguresNote;
}

export const fullFiguresNote =
  'Full figures, small counts included: for the safeguarding team only. Use the public version for anything shared more widely.';

/** Counts with the total row added, row by row, and the lines that must not give a hidden figure back. */
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

/** One count in one of several tables shown together; `row` equal to the number of rows is the total row. */
export type CellRef = Readonly<{ table: number; row: number; column: number }>;

/**
 * Tables shown together, hidden together. Figures in different tables that add up (referrals
 * with an outcome, by agency and by outcome) are linked like a row and its total, and one
 * figure in two tables (the number of concerns) is a link of one part, so it is hidden in both
 * or neither; a subtotal shown elsewhere (the concerns behind the organisation's reporting rate)
 * is a line of its own, hidden when it would give a hidden figure back.
 */
export function showTables(
  tables: readonly CountTable[],
  version: Version,
  links: ReadonlyArray<Readonly<{ parts: readonly CellRef[]; total: CellRef }>> = [],
  subtotals: ReadonlyArray<Readonly<{ table: number; rows: readonly number[] }>> = [],
  threshold = defaultSuppressionThreshold,
): { tables: ShownTable[]; subtotalShown: boolean[] } {
  const grids = tables.map(countGrid);
  const offsets: number[] = [];
  const counts: number[] = [];
  const lines: Additivity[] = [];
  grids.forEach(({ grid, lines: own }) => {
    const offset = counts.length;
    offsets.push(offset);
    counts.push(...grid.flat());
    lines.push(...own.map((line) => ({ parts: line.parts.map((i) => i + offset), total: line.total + offset })));
  });
  const index = (ref: CellRef) => offsets[ref.table]! + ref.row * tables[ref.table]!.columns.length + ref.column;
  for (const link of links) lines.push({ parts: link.parts.map(index), total: index(link.total) });
  const subtotalCells = subtotals.map((subtotal) => {
    const parts = subtotal.rows.map((row) => index({ table: subtotal.table, row, column: 0 }));
    counts.push(parts.reduce((sum, i) => sum + counts[i]!, 0));
    lines.push({ parts, total: counts.length - 1 });
    return counts.length - 1;
  });
  const hidden: Array<Hidden | null> =
    version === 'public' ? suppressSmallCounts(counts, lines, threshold) : counts.map(() => null);
  return {
    tables: tables.map((table, t) => shown(table, grids[t]!.grid, hidden.slice(offsets[t]), version, threshold)),
    // A rounded subtotal gives no true figure, and a rate from the true one would: never shown.
    subtotalShown: subtotalCells.map((cell) => version !== 'rounded' && hidden[cell] === null),
  };
}

/** One table on its own. */
export function showTable(table: CountTable, version: Version, threshold = defaultSuppressionThreshold): ShownTable {
  return showTables([table], version, [], [], threshold).tables[0]!;
}

function shown(
  table: CountTable,
  grid: number[][],
  hidden: ReadonlyArray<Hidden | null>,
  version: Version,
  threshold: number,
): ShownTable {
  const columns = table.columns.length;
  const extrasCount = table.extraColumns?.length ?? 0;
  const rows = grid.map((counts, r) => {
    const source = table.rows[r];
    const label = source?.label ?? table.totalLabel ?? 'Total';
    const hiddenHere = counts.map((_, c) => hidden[r * columns + c] ?? null);
    const cells: ShownCell[] = [{ text: label, value: null, numeric: false }];
    hiddenHere.forEach((why, c) => {
      const count = counts[c]!;
      const shownCount = version === 'rounded' ? roundToNearestFive(count) : count;
      cells.push(
        why === null
          ? { text: shownCount.toLocaleString('en-GB'), value: shownCount, numeric: true }
          : { text: why === 'small' ? hiddenCountText(threshold) : withheld, value: null, numeric: true },
      );
    });
    const anyHidden = version === 'rounded' || hiddenHere.some((why) => why !== null);
    for (let e = 0; e < extrasCount; e += 1) {
      const extra = (source ? source.extras : table.totalExtras)?.[e];
      if (!extra || (anyHidden && extra.revealsCount)) cells.push({ text: '', value: null, numeric: true });
      else cells.push({ text: extra.text, value: extra.value ?? null, numeric: extra.value !== undefined });
    }
    return cells;
  });
  const rule = versionRule(version, threshold);
  return {
    id: table.id,
    caption: table.caption,
    head: [table.rowHeading, ...table.columns, ...(table.extraColumns ?? [])],
    rows,
    hasTotal: table.totalLabel !== null,
    notes: [...table.notes, rule],
  };
}
