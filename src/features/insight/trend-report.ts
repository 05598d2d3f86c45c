import type { HavenDb } from '../../db/connect.ts';
import {
  type ReportPeriod,
  londonMonthOfUtcHour,
  monthLabel,
  monthPeriod,
  periodInstants,
} from '../../domain/report-period.ts';
import { type TrendAssessment, assessTrend, baselineMonths, trendParameters } from '../../domain/trend-flags.ts';
import { countByCategoryAndHour, reportLabels } from '../../reports/insight.queries.ts';
import { type ReportDocument, listInWords } from './report-document.ts';
import { type CountTable, type ShownTable, type Version, showTable } from '../../reports/report-tables.ts';

// Trend flags for one month (issue 9): each category's count against what its own history
// predicts (domain/trend-flags.ts). Restricted concerns are left out, as in every table by
// category. The history is read once, by category and hour, and placed in UK months here.

export type CategoryTrend = Readonly<{ category: string; month: string; assessment: TrendAssessment }>;

export type TrendReport = Readonly<{
  month: string;
  monthLabel: string;
  baseline: Readonly<{ first: string; last: string; months: number }>;
  trends: readonly CategoryTrend[];
  rising: readonly CategoryTrend[];
  table: ShownTable;
}>;

/** "YYYY-MM" of a period's first day, and of the month before or after. */
export const monthKey = (period: ReportPeriod) => period.firstDay.slice(0, 7);
export function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
const periodOfMonth = (month: string) => monthPeriod(Number(month.slice(0, 4)), Number(month.slice(5, 7)));

/** Each category's monthly counts over the months given (oldest first), unrestricted concerns only. */
async function categoryMonths(db: HavenDb, organisationId: string, first: string, last: string) {
  const span = {
    organisationId,
    from: periodInstants(periodOfMonth(first)).from,
    until: periodInstants(periodOfMonth(last)).until,
  };
  const counts = new Map<string, Map<string, number>>();
  for (const row of await countByCategoryAndHour(db, span)) {
    const month = londonMonthOfUtcHour(row.hour);
    const byMonth = counts.get(row.categoryId) ?? new Map<string, number>();
    byMonth.set(month, (byMonth.get(month) ?? 0) + row.count);
    counts.set(row.categoryId, byMonth);
  }
  return counts;
}

const verdictText = {
  rising: 'Rising: above what its history predicts',
  within: 'Within what its history predicts',
  'too-few': 'Not flagged: fewer than 5 concerns',
  'too-little-history': 'Not judged: too little history',
} as const;

/**
 * Trend flags for each month given (one month, or the three of a quarter), judged against the
 * reference months before each; the table is the last month's. The history starts with the
 * organisation's first concern: months before it are not counted as zeros.
 */
export async function buildTrendReport(
  db: HavenDb,
  organisationId: string,
  months: readonly string[],
  version: Version,
): Promise<TrendReport> {
  const last = months.at(-1)!;
  const firstBaseline = baselineMonths(months[0]!)[0]!;
  const [counts, labels, firstConcern] = await Promise.all([
    categoryMonths(db, organisationId, firstBaseline, last),
    reportLabels(db, organisationId),
    db
      .selectFrom('concerns')
      .select((eb) => eb.fn.min('created_at').as('first'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst(),
  ]);
  const historyStarts = firstConcern?.first ? londonMonthOfUtcHour(String(firstConcern.first).slice(0, 13)) : last;
  const trends: CategoryTrend[] = [];
  for (const month of months) {
    const reference = baselineMonths(month).filter((m) => m >= historyStarts);
    for (const category of labels.categories) {
      const byMonth = counts.get(category.id);
      if (category.retiredAt && !byMonth) continue;
      const assessment = assessTrend(
        byMonth?.get(month) ?? 0,
        reference.map((m) => byMonth?.get(m) ?? 0),
      );
      trends.push({ category: category.name, month, assessment });
    }
  }
  const lastMonth = trends.filter((trend) => trend.month === last);
  const reference = baselineMonths(last).filter((m) => m >= historyStarts);
  const oneDecimal = (n: number | null) => (n === null ? '' : n.toFixed(1));
  const table: CountTable = {
    id: 'trend-flags',
    caption: `Categories in ${monthLabel(last)} against their history`,
    rowHeading: 'Category',
    columns: ['Concerns this month'],
    extraColumns: ['Expected from history', 'Highest count not flagged', 'Months of history used', 'Trend'],
    rows: lastMonth.map(({ category, assessment }) => ({
      label: category,
      counts: [assessment.observed],
      extras: [
        { text: oneDecimal(assessment.expected) },
        { text: assessment.threshold === null ? '' : String(assessment.threshold) },
        { text: String(assessment.baselineSize), value: assessment.baselineSize },
        // Which side of the small-number threshold a count is: shown with the count only.
        { text: verdictText[assessment.verdict], revealsCount: assessment.verdict === 'too-few' },
      ],
    })),
    totalLabel: null,
    notes: [trendMethodNote, 'Restricted concerns are not included.'],
  };
  return {
    month: last,
    monthLabel: monthLabel(last),
    baseline: {
      first: reference[0] ? monthLabel(reference[0]) : '',
      last: reference.at(-1) ? monthLabel(reference.at(-1)!) : '',
      months: reference.length,
    },
    trends,
    rising: trends.filter((trend) => trend.assessment.verdict === 'rising'),
    table: showTable(table, version),
  };
}

const p = trendParameters;
export const trendMethodNote =
  `Method: the improved Farrington algorithm (Noufaily and others, 2013), as UK public-health surveillance uses it, in a monthly variant. ` +
  `Baseline: the same month and the ${p.halfWindow} month either side of it in each of the ${p.yearsBack} years before, as far back as Haven has concerns (at least ${p.minimumBaseline} months). ` +
  `Model: quasi-Poisson with no trend term, months with a standardised residual above ${p.reweightAbove} down-weighted; ` +
  `a category is flagged when its count is above the ${100 * (1 - p.alpha)}% point of a negative binomial with the expected count and dispersion, and at least ${p.minimumCount}.`;

/** The trend flags page: the month's categories against their history, the method and baseline stated. */
export async function buildTrendsDocument(
  db: HavenDb,
  organisationId: string,
  month: string,
  version: Version,
): Promise<ReportDocument> {
  const report = await buildTrendReport(db, organisationId, [month], version);
  const baseline = report.baseline.months
    ? `Baseline for ${report.monthLabel}: ${report.baseline.months} months from ${report.baseline.first} to ${report.baseline.last} ` +
      `(the same month and the month either side in each earlier year, back to ${trendParameters.yearsBack} years, from Haven’s first concern).`
    : `Baseline for ${report.monthLabel}: no earlier months of history yet, so no category can be judged.`;
  const rising = report.rising.map(({ category, assessment }) => {
    const shown = report.table.rows.find((row) => row[0]!.text === category)?.[1]?.text;
    return `${category} (${shown} concerns; ${assessment.expected!.toFixed(1)} expected, at most ${assessment.threshold} without a flag)`;
  });
  return {
    title: `Trend flags: ${report.monthLabel}`,
    periodLabel: report.monthLabel,
    fileStem: `haven-trend-flags-${month}${version === 'full' ? '' : `-${version}`}`,
    summary: [
      rising.length
        ? `Rising beyond what their history predicts in ${report.monthLabel}: ${listInWords(rising)}.`
        : `No category rose beyond what its own history predicts in ${report.monthLabel}.`,
      baseline,
      trendMethodNote,
    ],
    sections: [{ heading: 'Every category this month', paragraphs: [], table: 'trends' }],
    tables: { trends: report.table },
  };
}
