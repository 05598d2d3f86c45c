import type { Chart } from '../../reports/charts.ts';
import type { ShownTable } from '../../reports/report-tables.ts';

// A printable report (the monthly statement, the quarterly themes page, the three-year
// comparison, the trend flags, the comparison across organisations): paragraphs in the
// council's words, then sections, each with its chart and table. Every figure in a sentence is
// taken from a table as shown, so a sentence never says what its table hides.

export type ReportSection = Readonly<{
  heading: string;
  paragraphs: readonly string[];
  chart?: Chart | null;
  /** Key of the table in `tables`, for the page and its downloads. */
  table?: string;
}>;

export type ReportDocument = Readonly<{
  title: string;
  periodLabel: string;
  /** The start of every download's file name. */
  fileStem: string;
  summary: readonly string[];
  sections: readonly ReportSection[];
  tables: Readonly<Record<string, ShownTable>>;
}>;

/** "A, B and C". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The rows of a shown table with their first count shown, the total row left out, largest first. */
export function largestShown(table: ShownTable, leaveOut: (label: string) => boolean = () => false) {
  const rows = table.hasTotal ? table.rows.slice(0, -1) : table.rows;
  return rows
    .map((row) => ({ label: row[0]!.text, value: row[1]?.value ?? null, text: row[1]?.text ?? '' }))
    .filter((row): row is { label: string; value: number; text: string } => row.value !== null && row.value > 0)
    .filter((row) => !leaveOut(row.label))
    .sort((a, b) => b.value - a.value);
}

/** "8 more than", "5 fewer than", "the same as": a change between two shown figures, or null if either is hidden. */
export function comparedWith(now: number | null, before: number | null): string | null {
  if (now === null || before === null) return null;
  if (now === before) return 'the same as';
  const difference = Math.abs(now - before).toLocaleString('en-GB');
  return now > before ? `${difference} more than` : `${difference} fewer than`;
}
