import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ReportDocument } from './report-document.ts';
import type { ShownTable } from '../../reports/report-tables.ts';

// A printable report as a Word document, for the statement that goes into the Corporate
// Management Team's papers and the newsletter: the same sentences, headings and tables as the
// page, hidden figures hidden, each table's notes and rule beneath it. Charts are left out;
// every figure they draw is in the tables.

function tableOf(table: ShownTable): Table {
  const header = new TableRow({
    tableHeader: true,
    children: table.head.map(
      (text) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: true })] })] }),
    ),
  });
  const rows = table.rows.map(
    (row, r) =>
      new TableRow({
        children: row.map(
          (cell) =>
            new TableCell({
              children: [
                new Paragraph({
                  children: [new TextRun({ text: cell.text, bold: table.hasTotal && r === table.rows.length - 1 })],
                }),
              ],
            }),
        ),
      }),
  );
  return new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } });
}

export async function reportAsDocx(report: ReportDocument): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({ text: report.title, heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: 'Summary', heading: HeadingLevel.HEADING_2 }),
    ...report.summary.map((text) => new Paragraph({ text })),
  ];
  for (const section of report.sections) {
    children.push(new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_2 }));
    children.push(...section.paragraphs.map((text) => new Paragraph({ text })));
    const table = section.table ? report.tables[section.table] : undefined;
    if (!table) continue;
    children.push(new Paragraph({ text: table.caption, heading: HeadingLevel.HEADING_3 }));
    children.push(tableOf(table));
    children.push(...table.notes.map((text) => new Paragraph({ children: [new TextRun({ text, size: 18 })] })));
  }
  children.push(
    new Paragraph({
      text: 'No name, date of birth, address or anything typed about a person appears in this report.',
    }),
  );
  const document = new Document({ creator: 'Haven', title: report.title, sections: [{ children }] });
  return Packer.toBuffer(document);
}
