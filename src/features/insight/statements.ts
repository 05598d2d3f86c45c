import type { HavenDb } from '../../db/connect.ts';
import {
  financialYearLabel,
  londonMonthOfUtcHour,
  monthLabel,
  monthPeriod,
  monthsOf,
  periodInstants,
  quarterPeriod,
} from '../../domain/report-period.ts';
import { barChart } from '../../reports/charts.ts';
import { type InsightReport, buildInsightReport } from '../../reports/insight-report.ts';
import { countByCategory, countByHourAndStatus, countConcerns, reportLabels } from '../../reports/insight.queries.ts';
import { type ReportDocument, comparedWith, largestShown, listInWords } from './report-document.ts';
import { type CountTable, type ShownTable, type Version, showTable, showTables } from '../../reports/report-tables.ts';
import { type TrendReport, buildTrendReport, shiftMonth } from './trend-report.ts';

// The monthly statement for the Corporate Management Team (policy 17.3) and the quarterly
// themes-and-trends page for the staff newsletter (report 47–52), worded as the council's own
// reports are: "December 2021 saw 44 … The total for the year was 305 and the average monthly
// number was 25."

const periodOfMonth = (month: string) => monthPeriod(Number(month.slice(0, 4)), Number(month.slice(5, 7)));

/** Every concern (restricted ones included) by UK month, from `first` to `last` (YYYY-MM). */
async function concernsByMonth(db: HavenDb, organisationId: string, first: string, last: string) {
  const span = {
    organisationId,
    from: periodInstants(periodOfMonth(first)).from,
    until: periodInstants(periodOfMonth(last)).until,
  };
  const months = new Map(
    monthsOf({ ...periodOfMonth(first), lastDay: periodOfMonth(last).lastDay }).map((m) => [m, 0]),
  );
  for (const row of await countByHourAndStatus(db, span)) {
    const month = londonMonthOfUtcHour(row.hour);
    if (months.has(month)) months.set(month, months.get(month)! + row.count);
  }
  return months;
}

const plural = (text: string, noun: string) => `${text} ${text === '1' ? noun : `${noun}s`}`;

/** Sentences every statement shares: where concerns came from, what about, triage, outcomes, trends. */
function commonSentences(report: InsightReport, trends: TrendReport, trendTable: ShownTable): string[] {
  const sentences: string[] = [];
  const areas = largestShown(report.tables.byServiceArea, (label) => label.startsWith('Restricted'));
  if (areas.length) {
    sentences.push(
      areas.length === 1
        ? `${areas[0]!.label} raised the most concerns.`
        : `${areas[0]!.label} raised the most concerns, followed by ${listInWords(areas.slice(1, 3).map((a) => a.label))}.`,
    );
  }
  const categories = largestShown(report.tables.byCategory);
  if (categories.length) {
    sentences.push(
      `The most frequently reported concerns were: ${listInWords(categories.slice(0, 3).map((c) => c.label))}.`,
    );
  }
  if (report.triage.shownShare) {
    sentences.push(
      `${report.triage.shownShare} of concerns received were triaged within one working day` +
        (report.triage.medianHours !== null
          ? `; the median time to triage was ${report.triage.medianHours.toFixed(1)} hours.`
          : '.'),
    );
  }
  if (report.outcomesSentence) sentences.push(report.outcomesSentence);
  sentences.push(risingSentence(trends, trendTable));
  return sentences;
}

function risingSentence(trends: TrendReport, table: ShownTable): string {
  if (!trends.rising.length) return 'No category rose beyond what its own history predicts.';
  const shownCount = (category: string, month: string) =>
    month === trends.month ? table.rows.find((row) => row[0]!.text === category)?.[1]?.text : undefined;
  const items = trends.rising.map(({ category, month, assessment }) => {
    const count = shownCount(category, month);
    return (
      `${category} in ${monthLabel(month)}` +
      (count ? ` (${count} concerns; ${assessment.expected!.toFixed(1)} expected from its history)` : '')
    );
  });
  return `Rising beyond what their history predicts: ${listInWords(items)}.`;
}

function commonSections(report: InsightReport, charts: { areas: Awaited<ReturnType<typeof barChart>> }) {
  return [
    {
      heading: 'Where concerns came from',
      paragraphs: [],
      chart: charts.areas,
      table: 'byServiceArea',
    },
    { heading: 'What concerns were about', paragraphs: [], table: 'byCategory' },
    { heading: 'Triage within one working day', paragraphs: [], table: 'triage' },
    {
      heading: 'Referrals and what came of them',
      paragraphs: report.outcomesSentence ? [report.outcomesSentence] : [],
      table: 'outcomes',
    },
  ];
}

/** The monthly statement: the month, the twelve months to it, and the same month a year before. */
export async function buildMonthlyStatement(
  db: HavenDb,
  organisationId: string,
  month: string,
  version: Version,
  now: Date,
): Promise<ReportDocument> {
  const first = shiftMonth(month, -12);
  const [report, months, trends] = await Promise.all([
    buildInsightReport(db, organisationId, periodOfMonth(month), version, now),
    concernsByMonth(db, organisationId, first, month),
    buildTrendReport(db, organisationId, [month], version),
  ]);
  const label = monthLabel(month);
  const monthRows = [...months].map(([key, count]) => ({ label: monthLabel(key), counts: [count] }));
  const monthly = showTable(
    {
      id: 'months',
      caption: `Concerns received each month, ${monthLabel(first)} to ${label}`,
      rowHeading: 'Month',
      columns: ['Concerns'],
      rows: monthRows,
      totalLabel: null,
      notes: ['Every concern counts in the month it was received, in UK time, restricted ones included.'],
    },
    version,
  );
  const lastTwelve = monthRows.slice(1).reduce((sum, row) => sum + row.counts[0]!, 0);
  // The twelve-month total less the months shown would give back a hidden month: withheld then.
  const monthHidden = monthly.rows.slice(1).some((row) => row[1]!.value === null);
  const yearTable = showTable(
    {
      id: 'twelve-months',
      caption: `Concerns received in the twelve months to ${label}`,
      rowHeading: 'Period',
      columns: ['Concerns'],
      rows: [{ label: `${monthLabel(shiftMonth(month, -11))} to ${label}`, counts: [lastTwelve] }],
      totalLabel: null,
      notes: [],
    },
    version,
  );
  const twelve = monthHidden
    ? { ...yearTable, rows: [[yearTable.rows[0]![0]!, { text: 'withheld', value: null, numeric: true }]] }
    : yearTable;
  const cell = (index: number) => monthly.rows[index]![1]!;
  const [thisMonth, previous, yearBefore] = [cell(12), cell(11), cell(0)];
  const total = twelve.rows[0]![1]!;
  const summary = [
    `${label} saw ${plural(thisMonth.text, 'concern')} recorded.` +
      (total.value !== null
        ? ` The total for the twelve months to ${label} was ${total.text} and the average monthly number was ${Math.round(total.value / 12).toLocaleString('en-GB')}.`
        : ''),
  ];
  const changes = [
    [comparedWith(thisMonth.value, previous.value), monthLabel(shiftMonth(month, -1)), previous.text],
    [comparedWith(thisMonth.value, yearBefore.value), monthLabel(first), yearBefore.text],
  ].filter(([change]) => change !== null);
  if (changes.length) {
    summary.push(`That is ${listInWords(changes.map(([change, when, n]) => `${change} ${when} (${n})`))}.`);
  }
  summary.push(...commonSentences(report, trends, trends.table));
  const [monthChart, areaChart] = await Promise.all([
    barChart(monthly, 'time'),
    barChart(report.tables.byServiceArea, 'named'),
  ]);
  return {
    title: `Safeguarding statement for ${label}`,
    periodLabel: label,
    fileStem: `haven-monthly-statement-${month}${version === 'full' ? '' : `-${version}`}`,
    summary,
    sections: [
      { heading: 'Month by month', paragraphs: [], chart: monthChart, table: 'months' },
      { heading: 'The twelve months to date', paragraphs: [], table: 'twelveMonths' },
      ...commonSections(report, { areas: areaChart }),
      {
        heading: 'Trends',
        paragraphs: [risingSentence(trends, trends.table)],
        table: 'trends',
      },
    ],
    tables: {
      months: monthly,
      twelveMonths: twelve,
      byServiceArea: report.tables.byServiceArea,
      byCategory: report.tables.byCategory,
      triage: report.tables.triage,
      outcomes: report.tables.outcomes,
      trends: trends.table,
    },
  };
}

/** The quarter before, and the same quarter a year before. */
function neighbours(financialYear: number, quarter: 1 | 2 | 3 | 4) {
  const previous =
    quarter === 1 ? quarterPeriod(financialYear - 1, 4) : quarterPeriod(financialYear, (quarter - 1) as 1 | 2 | 3);
  return { previous, yearBefore: quarterPeriod(financialYear - 1, quarter) };
}

/** The quarterly themes and trends for the staff newsletter. */
export async function buildQuarterlyThemes(
  db: HavenDb,
  organisationId: string,
  financialYear: number,
  quarter: 1 | 2 | 3 | 4,
  version: Version,
  now: Date,
): Promise<ReportDocument> {
  const period = quarterPeriod(financialYear, quarter);
  const { previous, yearBefore } = neighbours(financialYear, quarter);
  const spans = [period, previous, yearBefore].map((p) => ({ organisationId, ...periodInstants(p) }));
  const [report, totals, categoryCounts, labels, trends] = await Promise.all([
    buildInsightReport(db, organisationId, period, version, now),
    Promise.all(spans.map((span) => countConcerns(db, span))),
    Promise.all(spans.map((span) => countByCategory(db, span))),
    reportLabels(db, organisationId),
    buildTrendReport(db, organisationId, monthsOf(period), version),
  ]);
  const shortLabel = `Quarter ${quarter} of ${financialYearLabel(financialYear)}`;
  const names = ['This quarter', 'The quarter before', 'The same quarter a year before'];
  const totalsTable: CountTable = {
    id: 'quarters',
    caption: 'Concerns received, this quarter and before',
    rowHeading: 'Quarter',
    columns: ['Concerns'],
    rows: [period, previous, yearBefore].map((p, i) => ({ label: `${names[i]}: ${p.label}`, counts: [totals[i]!] })),
    totalLabel: null,
    notes: ['Every concern counts, restricted ones included.'],
  };
  const byCategory = categoryCounts.map((rows) => new Map(rows.map((row) => [row.categoryId, row.count])));
  const categoryTable: CountTable = {
    id: 'themes',
    caption: 'Concerns by category, this quarter and before',
    rowHeading: 'Category',
    columns: names,
    rows: labels.categories
      .filter((category) => !category.retiredAt || byCategory.some((counts) => counts.has(category.id)))
      .map((category) => ({ label: category.name, counts: byCategory.map((counts) => counts.get(category.id) ?? 0) })),
    totalLabel: null,
    notes: ['A concern with several categories counts once in each. Restricted concerns are not shown by category.'],
  };
  const [quarters, themes] = showTables([totalsTable, categoryTable], version).tables as [ShownTable, ShownTable];
  const cell = (row: number) => quarters.rows[row]![1]!;
  const [now3, before, lastYear] = [cell(0), cell(1), cell(2)];
  const changes = [
    [comparedWith(now3.value, before.value), 'the quarter before', before.text],
    [comparedWith(now3.value, lastYear.value), 'the same quarter a year before', lastYear.text],
  ].filter(([change]) => change !== null);
  const summary = [
    `In ${shortLabel} (${period.label.replace(/^.*\((.*)\)$/, '$1')}), ${plural(now3.text, 'concern')} ${now3.text === '1' ? 'was' : 'were'} recorded` +
      (changes.length ? `: ${listInWords(changes.map(([change, what, n]) => `${change} ${what} (${n})`))}.` : '.'),
    ...commonSentences(report, trends, trends.table),
  ];
  const risingThemes = largestShown(themes).filter((row) => {
    const shownRow = themes.rows.find((r) => r[0]!.text === row.label)!;
    return shownRow[2]!.value !== null && shownRow[1]!.value! > shownRow[2]!.value;
  });
  const [themeChart, areaChart] = await Promise.all([
    barChart(themes, 'named'),
    barChart(report.tables.byServiceArea, 'named'),
  ]);
  return {
    title: `Safeguarding themes and trends: ${shortLabel}`,
    periodLabel: period.label,
    fileStem: `haven-quarterly-themes-${financialYear}-q${quarter}${version === 'full' ? '' : `-${version}`}`,
    summary,
    sections: [
      { heading: 'Concerns this quarter', paragraphs: [], table: 'quarters' },
      {
        heading: 'Themes',
        paragraphs: risingThemes.length
          ? [`More concerns than the quarter before: ${listInWords(risingThemes.slice(0, 5).map((row) => row.label))}.`]
          : [],
        chart: themeChart,
        table: 'themes',
      },
      ...commonSections(report, { areas: areaChart }),
      { heading: 'Trends', paragraphs: [risingSentence(trends, trends.table)], table: 'trends' },
    ],
    tables: {
      quarters,
      themes,
      byServiceArea: report.tables.byServiceArea,
      byCategory: report.tables.byCategory,
      triage: report.tables.triage,
      outcomes: report.tables.outcomes,
      trends: trends.table,
    },
  };
}
