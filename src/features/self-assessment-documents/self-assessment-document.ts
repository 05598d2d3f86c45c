import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { ratingNames } from '../../domain/self-assessment-rating.ts';
import type { findAssessmentForExport } from './self-assessment-documents.queries.ts';

// The assessment in the layout of the Boards' return (seed 001): for each standard its number,
// question and guidance, then Response, Rating, Actions (Action / Lead / Due) and Evidence, so it
// can be sent to the Boards as the return they asked for.

type Assessment = NonNullable<Awaited<ReturnType<typeof findAssessmentForExport>>>;

const paragraphsOf = (text: string | null) =>
  (text ?? '').split(/\n\s*\n/).flatMap((paragraph) => (paragraph.trim() ? [new Paragraph({ text: paragraph })] : []));
const label = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_3 });
/** dd-mm-yyyy, as the return writes its due dates. */
const dueDate = (date: string | null) => (date ? date.split('-').reverse().join('-') : '');

function actionsTable(actions: Assessment['standards'][number]['actions']): Table {
  const row = (cells: readonly string[], isHeader: boolean) =>
    new TableRow({
      tableHeader: isHeader,
      children: cells.map(
        (cell) =>
          new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: cell, bold: isHeader })] })] }),
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      row(['Action', 'Lead', 'Due'], true),
      ...actions.map((action) => row([action.action, action.leadName, dueDate(action.dueOn)], false)),
    ],
  });
}

export async function selfAssessmentDocument(assessment: Assessment, organisationName: string): Promise<Buffer> {
  const title = `${assessment.title} - ${organisationName}`;
  const children: Array<Paragraph | Table> = [new Paragraph({ text: title, heading: HeadingLevel.TITLE })];
  let section: number | null = null;
  for (const standard of assessment.standards) {
    if (standard.sectionNumber !== section) {
      section = standard.sectionNumber;
      children.push(
        new Paragraph({ text: `${standard.sectionNumber}. ${standard.sectionTitle}`, heading: HeadingLevel.HEADING_1 }),
      );
    }
    children.push(
      new Paragraph({ text: standard.number, heading: HeadingLevel.HEADING_2 }),
      new Paragraph({ children: [new TextRun({ text: standard.question, bold: true })] }),
      ...(standard.guidance ?? '')
        .split(/\n\s*\n/)
        .filter((paragraph) => paragraph.trim())
        .map((paragraph) => new Paragraph({ children: [new TextRun({ text: paragraph, italics: true })] })),
      label('Response'),
      ...paragraphsOf(standard.response),
      label('Rating'),
      new Paragraph({ text: standard.rating ? ratingNames[standard.rating] : '' }),
    );
    if (standard.actions.length) children.push(label('Actions'), actionsTable(standard.actions));
    children.push(label('Evidence'), ...paragraphsOf(standard.evidence));
  }
  const document = new Document({
    title,
    creator: 'Haven',
    description: `Safeguarding self-assessment ${assessment.yearLabel}`,
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
