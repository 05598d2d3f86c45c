import type { HavenDb } from '../../db/connect.ts';
import { type ReportPeriod, financialYearLabel, financialYearPeriod } from '../../domain/report-period.ts';
import type { Rating } from '../../domain/self-assessment-rating.ts';
import { sectionRating } from '../../domain/self-assessment-sections.ts';
import { type Chart, barChart } from '../../reports/charts.ts';
import { type InsightReport, buildInsightReport } from '../../reports/insight-report.ts';
import type { ShownTable } from '../../reports/report-tables.ts';
import {
  findAssessmentRatings,
  findOrganisationName,
  listOpenRisks,
  listPlanActions,
  listRecommendations,
} from './annual-report.queries.ts';

// The annual report to Cabinet (seeds 002 and 000 item 7) for one financial year: every figure
// Haven holds, gathered once, for the page and the Word draft alike. Cabinet papers are published,
// so the concern figures are the public version: small counts hidden by the same rule as every
// public report, stated under each table.

export type SectionRating = Readonly<{ number: number; title: string; rating: Rating | null; standards: number }>;
export type PlanAction = Awaited<ReturnType<typeof listPlanActions>>[number];
export type OpenRisk = Awaited<ReturnType<typeof listOpenRisks>>[number];
export type Recommendation = Awaited<ReturnType<typeof listRecommendations>>[number];

export type AnnualReport = Readonly<{
  organisationName: string;
  financialYear: number;
  yearLabel: string;
  period: ReportPeriod;
  figures: InsightReport;
  /** The sentence of report paragraph 50: total, busiest month, average a month. */
  summary: string;
  monthChart: Chart;
  assessment: Readonly<{
    status: 'in_progress' | 'submitted';
    sections: readonly SectionRating[];
    ratingCounts: Readonly<Record<Rating | 'not_recorded', number>>;
  }> | null;
  plan: Readonly<{ open: readonly PlanAction[]; completed: readonly PlanAction[] }>;
  risks: readonly OpenRisk[];
  recommendations: readonly Recommendation[];
}>;

export async function buildAnnualReport(
  db: HavenDb,
  organisationId: string,
  financialYear: number,
  now: Date,
): Promise<AnnualReport> {
  const period = financialYearPeriod(financialYear);
  const yearLabel = financialYearLabel(financialYear);
  const [organisationName, figures, ratings, actions, risks, recommendations] = await Promise.all([
    findOrganisationName(db, organisationId),
    buildInsightReport(db, organisationId, period, 'public', now),
    findAssessmentRatings(db, organisationId, yearLabel),
    listPlanActions(db, organisationId, yearLabel),
    listOpenRisks(db, organisationId, period.lastDay),
    listRecommendations(db, organisationId, period.firstDay, period.lastDay),
  ]);
  return {
    organisationName,
    financialYear,
    yearLabel,
    period,
    figures,
    summary: yearSummary(figures, yearLabel),
    monthChart: await barChart(figures.tables.byMonth, 'time'),
    assessment: ratings ? summariseAssessment(ratings) : null,
    plan: {
      open: actions.filter((action) => action.status !== 'completed'),
      completed: actions.filter((action) => action.status === 'completed'),
    },
    risks,
    recommendations,
  };
}

/** "In 2025-26, 305 concerns were received. The busiest month was December 2025 (44); on average 25 a month." */
export function yearSummary(figures: InsightReport, yearLabel: string): string {
  const total = figures.total.rows[0]![1]!;
  const months = monthRows(figures.tables.byMonth);
  const shown = months.filter((month) => month.value !== null);
  const busiest = shown.length ? shown.reduce((a, b) => (b.value! > a.value! ? b : a)) : null;
  const parts = [`In ${yearLabel}, ${total.text} concerns were received.`];
  if (busiest && busiest.value! > 0) parts.push(`The busiest month was ${busiest.label}, with ${busiest.text}.`);
  if (total.value !== null && months.length > 0)
    parts.push(`The average monthly number was ${Math.round(total.value / months.length)}.`);
  return parts.join(' ');
}

function monthRows(table: ShownTable) {
  const rows = table.hasTotal ? table.rows.slice(0, -1) : table.rows;
  return rows.map((row) => ({ label: row[0]!.text, text: row[1]!.text, value: row[1]!.value }));
}

function summariseAssessment(ratings: NonNullable<Awaited<ReturnType<typeof findAssessmentRatings>>>) {
  const bySection = new Map<number, { title: string; ratings: Array<Rating | null> }>();
  const ratingCounts = { green: 0, amber: 0, red: 0, not_applicable: 0, not_recorded: 0 };
  for (const standard of ratings.standards) {
    const section = bySection.get(standard.sectionNumber) ?? { title: standard.sectionTitle, ratings: [] };
    section.ratings.push(standard.rating);
    bySection.set(standard.sectionNumber, section);
    ratingCounts[standard.rating ?? 'not_recorded'] += 1;
  }
  const sections = [...bySection].map(([number, section]) => ({
    number,
    title: section.title,
    rating: sectionRating(section.ratings),
    standards: section.ratings.length,
  }));
  return { status: ratings.status, sections, ratingCounts };
}

/** Impact × probability, as the council's risk toolkit scores a risk (seed 000, appendix 4). */
export function riskScore(impact: number, probability: number): number {
  return impact * probability;
}
