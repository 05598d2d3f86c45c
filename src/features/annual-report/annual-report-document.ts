import {
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { ragRatings, ratingDefinitions, ratingNames } from '../../domain/self-assessment-rating.ts';
import type { ShownTable } from '../../reports/report-tables.ts';
import { type AnnualReport, type PlanAction, riskScore } from './annual-report.ts';

// The Word draft of the annual report to Cabinet, in the shape of seeds 002 and 000 item 7. Haven
// fills every number; the narrative the coordinator writes in Word is marked [in square brackets].

const statusNames: Record<PlanAction['status'], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
};
const responseNames = { agreed: 'Agreed', partially_agreed: 'Partially agreed', not_agreed: 'Not agreed' } as const;
// Word processors without SVG show this blank square instead; the table after the chart holds every figure.
const fallbackPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=',
  'base64',
);

const longDate = (date: string | null) =>
  date
    ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${date}T12:00:00Z`),
      )
    : '';
const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1) =>
  new Paragraph({ text, heading: level });
const text = (value: string) => new Paragraph({ text: value });
const toComplete = (what: string) => new Paragraph({ children: [new TextRun({ text: `[${what}]`, italics: true })] });

function grid(head: readonly string[], rows: ReadonlyArray<readonly string[]>): Table {
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
    rows: [row(head, true), ...rows.map((cells) => row(cells, false))],
  });
}

/** A report table as the insight pages show it: its caption, its cells as shown, its notes. */
function figureTable(table: ShownTable) {
  return [
    heading(table.caption, HeadingLevel.HEADING_3),
    grid(
      table.head,
      table.rows.map((row) => row.map((cell) => cell.text)),
    ),
    ...table.notes.map(text),
  ];
}

export async function annualReportDocument(report: AnnualReport): Promise<Buffer> {
  const { figures } = report;
  const title = `${report.organisationName} Safeguarding Report ${report.yearLabel}`;
  const children = [
    heading(title, HeadingLevel.TITLE),
    grid(
      ['', ''],
      [
        ['To', 'Cabinet'],
        ['Date', '[Date of the meeting]'],
        ['Report of', '[Report of]'],
        ['Title of Report', title],
        ['Purpose of report', `To report on the progress made on the Safeguarding Action Plan ${report.yearLabel}`],
        ['Cabinet Member', '[Cabinet Member]'],
        ['Recommendations', '[That Cabinet resolves to: …]'],
      ],
    ),
    heading('Introduction'),
    toComplete('Introduction: the statutory duties, the policy and the year in brief'),

    heading(`Safeguarding concerns in ${report.yearLabel}`),
    text(report.summary),
    new Paragraph({
      children: [
        new ImageRun({
          type: 'svg',
          data: Buffer.from(report.monthChart.svg),
          fallback: { type: 'png', data: fallbackPng },
          transformation: { width: 600, height: 300 },
          altText: {
            name: 'Concerns received each month',
            title: 'Chart: concerns received each month',
            description: 'The table that follows gives every figure.',
          },
        }),
      ],
    }),
    ...figureTable(figures.total),
    ...figureTable(figures.tables.byMonth),
    ...figureTable(figures.tables.byServiceArea),
    ...figureTable(figures.tables.byCategory),
    ...figureTable(figures.tables.aboutWhom),
    ...figureTable(figures.tables.referralsByAgency),
    ...figureTable(figures.tables.referralsByOutcome),
    ...figureTable(figures.tables.outcomes),
    ...figureTable(figures.tables.triage),
    ...figureTable(figures.tables.reportingRate),
    toComplete('Themes and trends of the year, and what the council did about them'),

    ...assessmentSection(report),
    ...planSection(report),
    ...riskSection(report),
    ...scrutinySection(report),

    heading('Background papers'),
    text(`The full self-assessment ${report.yearLabel}, and the Safeguarding Action Plan ${report.yearLabel}.`),
  ];
  const document = new Document({
    title,
    creator: 'Haven',
    description: `Draft annual safeguarding report to Cabinet, ${report.yearLabel}`,
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

function assessmentSection(report: AnnualReport) {
  const out: Array<Paragraph | Table> = [heading(`Self-assessment ${report.yearLabel}`)];
  const assessment = report.assessment;
  if (!assessment) {
    out.push(text(`Haven holds no self-assessment for ${report.yearLabel}.`));
    return out;
  }
  out.push(
    text(
      assessment.status === 'submitted'
        ? `The self-assessment for ${report.yearLabel} was submitted to the Safeguarding Boards. The evidence provided is assessed and one of the following RAG ratings is given:`
        : `The self-assessment for ${report.yearLabel} is still in progress. The evidence provided is assessed and one of the following RAG ratings is given:`,
    ),
    ...ragRatings.map((rating) => text(`${ratingNames[rating]} – ${ratingDefinitions[rating]}`)),
    text('Where the standards of an area are rated differently, the area shows the lowest of them.'),
    grid(
      ['Area', 'Standards', 'Rating'],
      assessment.sections.map((section) => [
        `${section.number}. ${section.title}`,
        String(section.standards),
        section.rating ? ratingNames[section.rating] : 'Not recorded',
      ]),
    ),
    text(
      `Standards rated: Green ${assessment.ratingCounts.green}, Amber ${assessment.ratingCounts.amber}, ` +
        `Red ${assessment.ratingCounts.red}, N/A ${assessment.ratingCounts.not_applicable}, ` +
        `not recorded ${assessment.ratingCounts.not_recorded}.`,
    ),
  );
  return out;
}

function planSection(report: AnnualReport) {
  const { open, completed } = report.plan;
  const all = [...open, ...completed];
  const count = (status: PlanAction['status']) => all.filter((action) => action.status === status).length;
  const out: Array<Paragraph | Table> = [heading(`Safeguarding Action Plan ${report.yearLabel}`)];
  out.push(
    text(
      `The plan holds ${all.length} actions: ${count('completed')} completed, ${count('in_progress')} in progress and ${count('not_started')} not started.`,
    ),
  );
  if (open.length) {
    out.push(
      heading('Actions in progress', HeadingLevel.HEADING_2),
      grid(
        ['Standard', 'Objective', 'Action', 'Lead', 'Timescale', 'Status', 'Latest update'],
        open.map((action) => [
          action.standardArea ?? '',
          action.objective ?? '',
          action.action,
          action.leadName,
          action.timescale ?? longDate(action.dueOn),
          statusNames[action.status],
          action.latestUpdate ? `${longDate(action.latestUpdate.writtenOn)}: ${action.latestUpdate.body}` : '',
        ]),
      ),
    );
  }
  if (completed.length) {
    out.push(
      heading(`${report.yearLabel} completed actions`, HeadingLevel.HEADING_2),
      grid(
        ['Objective', 'Action', 'Lead', 'Completed'],
        completed.map((action) => [
          action.objective ?? '',
          action.action,
          action.leadName,
          longDate(action.completedOn),
        ]),
      ),
    );
  }
  return out;
}

function riskSection(report: AnnualReport) {
  const out: Array<Paragraph | Table> = [heading('Risk register')];
  if (report.risks.length === 0) {
    out.push(text('No risk was open at the end of the year.'));
    return out;
  }
  const score = (impact: number, probability: number) =>
    `${impact} × ${probability} = ${riskScore(impact, probability)}`;
  out.push(
    text(
      `${report.risks.length} risks were open at the end of the year. Scores are impact × probability (1 to 5 each).`,
    ),
    grid(
      ['Risk', 'Owner', 'Gross', 'Current', 'Residual', 'Next review'],
      report.risks.map((risk) => [
        risk.title,
        risk.ownerName,
        score(risk.grossImpact, risk.grossProbability),
        score(risk.currentImpact, risk.currentProbability),
        score(risk.residualImpact, risk.residualProbability),
        longDate(risk.reviewOn),
      ]),
    ),
  );
  return out;
}

function scrutinySection(report: AnnualReport) {
  const out: Array<Paragraph | Table> = [heading("Scrutiny recommendations and Cabinet's response")];
  if (report.recommendations.length === 0) {
    out.push(text(`Scrutiny made no safeguarding recommendation in ${report.yearLabel}.`));
    return out;
  }
  out.push(
    grid(
      ['Recommendation', 'Made', 'Response', 'Comment', 'Responsible member'],
      report.recommendations.map((recommendation) => [
        `${recommendation.number}. ${recommendation.recommendation}`,
        `${recommendation.committee}, ${longDate(recommendation.madeOn)}`,
        recommendation.response ? responseNames[recommendation.response] : 'Awaiting response',
        recommendation.responseComment ?? '',
        recommendation.responsibleMember ?? '',
      ]),
    ),
  );
  return out;
}
