import type ExcelJS from 'exceljs';
import type { ShownTable } from '../../reports/report-tables.ts';

// Every table downloads as CSV and Excel with the figures the page shows, hidden ones hidden,
// and its notes and rule below. Text that a spreadsheet would read as a formula (a service area
// someone named "=HYPERLINK(…)") is neutralised: an apostrophe in front in CSV; in Excel every
// text cell is written as a string, which Excel never evaluates.

const formulaStart = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet will only ever read it as text. */
export function neutraliseFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

function csvField(text: string): string {
  const safe = neutraliseFormula(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The cells as written: a number stays a number, everything else is text. */
function cellsOf(table: ShownTable) {
  return table.rows.map((row) => row.map((cell) => (cell.numeric && cell.value !== null ? cell.value : cell.text)));
}

export function tableAsCsv(table: ShownTable, periodLabel: string): string {
  const lines = [
    [table.caption, periodLabel],
    [...table.head],
    ...cellsOf(table).map((row) => row.map((cell) => (typeof cell === 'number' ? String(cell) : cell))),
    [],
    ...table.notes.map((note) => [note]),
  ];
  // A byte-order mark, so Excel opens the file as UTF-8 (curly quotes, accented names).
  return `\uFEFF${lines.map((line) => line.map((cell) => (/^\d+(\.\d+)?$/.test(cell) ? cell : csvField(cell))).join(',')).join('\r\n')}\r\n`;
}

// exceljs (about 11 MB), like docx and Vega, is loaded when first used, not at start: most
// requests never make a workbook, and the memory it holds would be held for nothing.
const newWorkbook = async () => new (await import('exceljs')).default.Workbook();

export async function tableAsXlsx(table: ShownTable, periodLabel: string): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.creator = 'Haven';
  fillSheet(workbook.addWorksheet(table.caption.slice(0, 31).replace(/[\\/?*[\]:]/g, ' ')), table, periodLabel);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function fillSheet(sheet: ExcelJS.Worksheet, table: ShownTable, periodLabel: string): void {
  // A plain string is always a string cell in exceljs: only a { formula } value is a formula.
  const text = (value: string) => value;
  sheet.addRow([text(table.caption), text(periodLabel)]).font = { bold: true };
  sheet.addRow(table.head.map(text)).font = { bold: true };
  for (const row of cellsOf(table)) sheet.addRow(row.map((cell) => (typeof cell === 'number' ? cell : text(cell))));
  sheet.addRow([]);
  for (const note of table.notes) sheet.addRow([text(note)]);
  sheet.getColumn(1).width = 48;
  for (let c = 2; c <= table.head.length; c += 1) sheet.getColumn(c).width = 18;
}

/** Every table of a report in one workbook, a sheet each, as the page shows them. */
export async function tablesAsXlsx(tables: readonly ShownTable[], periodLabel: string): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.creator = 'Haven';
  const used = new Set<string>();
  for (const table of tables) {
    const safe = table.caption.replace(/[\\/?*[\]:']/g, ' ');
    let name = safe.slice(0, 28);
    for (let n = 2; used.has(name.toLowerCase()); n += 1) name = `${safe.slice(0, 26)} ${n}`;
    used.add(name.toLowerCase());
    fillSheet(workbook.addWorksheet(name), table, periodLabel);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
