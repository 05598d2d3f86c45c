import { parse } from 'csv-parse/sync';

// An HR export as uploaded: bytes that must be UTF-8 CSV. Everything is kept as text; nothing in
// a cell is ever worked out, and nothing here is written anywhere but the import's own row.

/** The cap on an upload; a larger file is refused with a 413 before or as it is read. */
export const maxImportBytes = 2 * 1024 * 1024;
/** More rows than a council has staff, so a runaway file stops early. */
const maxRows = 50_000;

export type ImportRow = Readonly<{ line: number; cells: readonly string[] }>;
export type ImportTable = Readonly<{ headers: readonly string[]; rows: readonly ImportRow[] }>;

/** The file's text, or why it cannot be read as UTF-8 text. A byte order mark is removed. */
export function decodeImportFile(bytes: Buffer): { text: string } | { problem: string } {
  if (bytes.length === 0) return { problem: 'Select a CSV file exported from your HR system' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { problem: 'The file is saved as UTF-16. Save it as “CSV UTF-8” and upload it again' };
  let text: string;
  try {
    // fatal: any byte sequence that is not UTF-8 is refused rather than replaced with “�”.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return {
      problem:
        'The file is not UTF-8 text (it may be saved as Windows-1252 or be a spreadsheet). Save it as “CSV UTF-8” and upload it again',
    };
  }
  if (text.includes('\u0000')) return { problem: 'The file is not a CSV file. Export a CSV file from your HR system' };
  return { text };
}

/** The header row and every row after it with its line number, or why the file is not CSV. */
export function readImportTable(text: string): ImportTable | { problem: string } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      to_line: maxRows + 1,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      problem: `The file could not be read as CSV${line ? ` at line ${line}` : ''}: check it was exported as CSV`,
    };
  }
  const [header, ...rest] = records;
  if (!header || header.record.every((cell) => !cell.trim()))
    return { problem: 'The file has no header row: its first line must name the columns' };
  if (rest.length === 0) return { problem: 'The file has a header row but no people in it' };
  return {
    headers: header.record.map((cell, i) => cell.trim() || `Column ${i + 1}`),
    rows: rest.map(({ record, info }) => ({ line: info.lines, cells: record.map((cell) => cell.trim()) })),
  };
}
