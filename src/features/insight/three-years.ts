import type { HavenDb } from '../../db/connect.ts';
import { classOf, outcomeClassNames, outcomeClasses } from '../../domain/outcome-class.ts';
import {
  type ReportPeriod,
  calendarYearPeriod,
  financialYearPeriod,
  londonMonthOfUtcHour,
  monthName,
  periodInstants,
} from '../../domain/report-period.ts';
import { groupedBarChart } from '../../reports/charts.ts';
import {
  countByCategory,
  countByHourAndStatus,
  countByServiceArea,
  countReferrals,
  countRestricted,
  reportLabels,
} from '../../reports/insight.queries.ts';
import type { ReportDocument } from './report-document.ts';
import { type CountTable, type Version, showTables } from '../../reports/report-tables.ts';

// The three-year comparison (self-assessment 1.5: the Corporate Management Team asked for one
// spanning before, during and after the pandemic): the same figures side by side for three
// consecutive financial or calendar years, one column a year, shown and hidden together.

export type YearBasis = 'financial-year' | 'calendar-year';

const yearPeriod = (basis: YearBasis, year: number): ReportPeriod =>
  basis === 'financial-year' ? financialYearPeriod(year) : calendarYearPeriod(year);

/** The months of a year in the order they fall: April first for a financial year. */
const monthOrder = (basis: YearBasis) =>
  Array.from({ length: 12 }, (_, i) => (basis === 'financial-year' ? ((i + 3) % 12) + 1 : i + 1));

export async function buildThreeYears(
  db: HavenDb,
  organisationId: string,
  basis: YearBasis,
  lastYear: number,
  version: Version,
): Promise<ReportDocument> {
  const years = [lastYear - 2, lastYear - 1, lastYear];
  const periods = years.map((year) => yearPeriod(basis, year));
  const spans = periods.map((period) => ({ organisationId, ...periodInstants(period) }));
  const [labels, perYear] = await Promise.all([
    reportLabels(db, organisationId),
    Promise.all(
      spans.map(async (span) => {
        const [hours, areas, restricted, categories, referrals] = await Promise.all([
          countByHourAndStatus(db, span),
          countByServiceArea(db, span),
          countRestricted(db, span),
          countByCategory(db, span),
          countReferrals(db, span),
        ]);
        const months = new Map<number, number>();
        for (const row of hours) {
          const month = Number(londonMonthOfUtcHour(row.hour).slice(5, 7));
          months.set(month, (months.get(month) ?? 0) + row.count);
        }
        return {
          months,
          areas: new Map(areas.map((row) => [row.serviceAreaId, row.count])),
          restricted,
          categories: new Map(categories.map((row) => [row.categoryId, row.count])),
          referrals,
        };
      }),
    ),
  ]);
  const columns = periods.map((period) => period.label.replace(/^Financial year /, ''));
  const across = (count: (year: (typeof perYear)[number]) => number) => perYear.map(count);
  const order = monthOrder(basis);
  const byMonth: CountTable = {
    id: 'three-years-by-month',
    caption: 'Concerns received each month',
    rowHeading: 'Month',
    columns,
    rows: order.map((month) => ({ label: monthName(month), counts: across((y) => y.months.get(month) ?? 0) })),
    totalLabel: 'Total for the year',
    notes: ['Each concern counts in the month it was received, in UK time, restricted ones included.'],
  };
  const used = (counts: (y: (typeof perYear)[number]) => Map<string, number>, id: string) =>
    perYear.some((y) => counts(y).has(id));
  const byServiceArea: CountTable = {
    id: 'three-years-by-service-area',
    caption: 'Concerns by service area',
    rowHeading: 'Service area',
    columns,
    rows: [
      ...labels.serviceAreas
        .filter((area) => !area.retiredAt || used((y) => y.areas, area.id))
        .map((area) => ({ label: area.name, counts: across((y) => y.areas.get(area.id) ?? 0) })),
      { label: 'Restricted concerns (not shown by service area)', counts: across((y) => y.restricted) },
    ],
    totalLabel: 'Total for the year',
    notes: ['The service area is the one the concern was recorded under, by today’s list of names.'],
  };
  const byCategory: CountTable = {
    id: 'three-years-by-category',
    caption: 'Concerns by category',
    rowHeading: 'Category',
    columns,
    rows: labels.categories
      .filter((category) => !category.retiredAt || used((y) => y.categories, category.id))
      .map((category) => ({ label: category.name, counts: across((y) => y.categories.get(category.id) ?? 0) })),
    totalLabel: null,
    notes: ['A concern with several categories counts once in each. Restricted concerns are not shown by category.'],
  };
  const classes = new Map(labels.outcomes.map((outcome) => [outcome.id, classOf(outcome.outcomeClass)]));
  const outcomeCount = (year: (typeof perYear)[number], key: string) =>
    year.referrals
      .filter((r) => (r.outcomeId === null ? 'awaited' : (classes.get(r.outcomeId) ?? 'not-known')) === key)
      .reduce((sum, r) => sum + r.count, 0);
  const outcomes: CountTable = {
    id: 'three-years-outcomes',
    caption: 'What came of every referral made',
    rowHeading: 'Outcome',
    columns,
    rows: [
      ...outcomeClasses.map((key) => ({ label: outcomeClassNames[key], counts: across((y) => outcomeCount(y, key)) })),
      { label: 'Outcome not yet recorded', counts: across((y) => outcomeCount(y, 'awaited')) },
    ],
    totalLabel: 'Referrals made',
    notes: ['Referrals made on concerns received in each year, restricted concerns not included.'],
  };
  const tables = [byMonth, byServiceArea, byCategory, outcomes];
  // The year's total is in both the month and the service-area tables: hidden in both or neither.
  const links = columns.map((_, column) => ({
    parts: [{ table: 0, row: byMonth.rows.length, column }],
    total: { table: 1, row: byServiceArea.rows.length, column },
  }));
  const [months, areas, categories, outcomeTable] = showTables(tables, version, links).tables as [
    ReturnType<typeof showTables>['tables'][number],
    ReturnType<typeof showTables>['tables'][number],
    ReturnType<typeof showTables>['tables'][number],
    ReturnType<typeof showTables>['tables'][number],
  ];
  const totals = months.rows.at(-1)!.slice(1);
  const basisName = basis === 'financial-year' ? 'financial years (April to March)' : 'calendar years';
  const summary = [
    `Concerns received in three ${basisName}: ` +
      columns.map((column, i) => `${totals[i]!.text} in ${column}`).join(', ') +
      '.',
  ];
  const chart = await groupedBarChart(
    months,
    'Chart: concerns received each month, three years side by side',
    'three-years-by-month',
  );
  return {
    title: `Three years compared: ${columns[0]} to ${columns[2]}`,
    periodLabel: `${columns[0]} to ${columns[2]}`,
    fileStem: `haven-three-years-${basis}-${years[0]}-to-${lastYear}${version === 'full' ? '' : `-${version}`}`,
    summary,
    sections: [
      { heading: 'Month by month', paragraphs: [], chart, table: 'byMonth' },
      { heading: 'Where concerns came from', paragraphs: [], table: 'byServiceArea' },
      { heading: 'What concerns were about', paragraphs: [], table: 'byCategory' },
      { heading: 'Referrals and what came of them', paragraphs: [], table: 'outcomes' },
    ],
    tables: { byMonth: months, byServiceArea: areas, byCategory: categories, outcomes: outcomeTable },
  };
}
