import type { HavenDb } from '../db/connect.ts';
import { type FunnelPosition, funnelLimits, funnelPosition } from '../domain/funnel-limits.ts';
import {
  type ReportPeriod,
  londonMonthOfUtcHour,
  monthLabel,
  monthsOf,
  periodInstants,
} from '../domain/report-period.ts';
import {
  type OutcomeClass,
  classOf,
  engagedClasses,
  outcomeClassNames,
  outcomeClasses,
} from '../domain/outcome-class.ts';
import { defaultSuppressionThreshold } from '../domain/small-number-suppression.ts';
import {
  type AboutWhom,
  type Span,
  countByAboutWhom,
  countByCategory,
  countByHourAndStatus,
  countByServiceArea,
  countReferrals,
  countRestricted,
  reportLabels,
  type TriageFigures,
  triageFigures,
} from './insight.queries.ts';
import { type CellRef, type CountTable, type ShownTable, type Version, showTables } from './report-tables.ts';

// The report for one period (PRODUCT capability 5; policy 17.3–17.4; report 46–52), built from
// aggregates only. Restricted concerns (allegations against staff, and concerns a DSL
// restricted) count in every table that covers all concerns: the total, by month, open and
// closed, who the concern is about, and triage times, where they sit among the others. Tables
// that break concerns down further (service area, category, referrals, reporting rates) leave
// them out, because a service area or category could point to the member of staff; the
// service-area table gives them one row of their own, under the same small-number rule as any
// other row, so that table still adds up to the total and no subtraction reveals them.

export const statusNames = { awaiting_triage: 'Awaiting triage', open: 'Open', closed: 'Closed' } as const;
const aboutWhomNames: Record<AboutWhom, string> = {
  child: 'About a child or children',
  adult: 'About an adult or adults',
  both: 'About a child and an adult',
  'not-known': 'No person at risk recorded',
};

export type TriageSummary = Readonly<{
  triaged: number;
  medianHours: number | null;
  worstHours: number | null;
  withinDeadline: number;
  judged: number;
  shownShare: string | null;
}>;

export type FunnelArea = Readonly<{
  name: string;
  headcount: number;
  ratePer100: number;
  position: FunnelPosition;
}>;

export type FunnelData = Readonly<{
  organisationRatePer100: number;
  areas: readonly FunnelArea[];
  /** The limits per 100 staff along the headcount axis, for drawing the funnel. */
  curve: ReadonlyArray<
    Readonly<{ headcount: number; lower95: number; upper95: number; lower998: number; upper998: number }>
  >;
}>;

export type InsightReport = Readonly<{
  period: ReportPeriod;
  version: Version;
  total: ShownTable;
  tables: Readonly<{
    byMonth: ShownTable;
    openAndClosed: ShownTable;
    aboutWhom: ShownTable;
    byServiceArea: ShownTable;
    byCategory: ShownTable;
    referralsByAgency: ShownTable;
    referralsByOutcome: ShownTable;
    outcomes: ShownTable;
    triage: ShownTable;
    reportingRate: ShownTable;
  }>;
  triage: TriageSummary;
  /** "Of 9 referrals made, 7 engaged …": only where every figure in it is shown. */
  outcomesSentence: string | null;
  funnel: FunnelData | null;
  /** Service areas left out of the rates because their headcount is not known. */
  headcountNotKnown: readonly string[];
}>;

export type ReportTableId = keyof InsightReport['tables'];
export const reportTableIds: readonly ReportTableId[] = [
  'byMonth',
  'openAndClosed',
  'aboutWhom',
  'byServiceArea',
  'byCategory',
  'referralsByAgency',
  'referralsByOutcome',
  'outcomes',
  'triage',
  'reportingRate',
];

/** Everything the report page, its charts and its downloads show, for one period and version. */
export async function buildInsightReport(
  db: HavenDb,
  organisationId: string,
  period: ReportPeriod,
  version: Version,
  now: Date,
): Promise<InsightReport> {
  const span: Span = { organisationId, ...periodInstants(period) };
  const [hours, byArea, restricted, byCategory, aboutWhom, referrals, triage, labels] = await Promise.all([
    countByHourAndStatus(db, span),
    countByServiceArea(db, span),
    countRestricted(db, span),
    countByCategory(db, span),
    countByAboutWhom(db, span),
    countReferrals(db, span),
    triageFigures(db, span, now),
    reportLabels(db, organisationId),
  ]);

  const months = new Map(monthsOf(period).map((month) => [month, 0]));
  const statuses = { awaiting_triage: 0, open: 0, closed: 0 };
  for (const row of hours) {
    const month = londonMonthOfUtcHour(row.hour);
    months.set(month, (months.get(month) ?? 0) + row.count);
    statuses[row.status] += row.count;
  }
  const totalCount = statuses.awaiting_triage + statuses.open + statuses.closed;

  const areaCounts = new Map(byArea.map((row) => [row.serviceAreaId, row.count]));
  const areasShown = labels.serviceAreas.filter((area) => !area.retiredAt || areaCounts.has(area.id));
  const byServiceArea: CountTable = {
    id: 'by-service-area',
    caption: 'Concerns by service area',
    rowHeading: 'Service area',
    columns: ['Concerns'],
    rows: [
      ...areasShown.map((area) => ({ label: area.name, counts: [areaCounts.get(area.id) ?? 0] })),
      { label: 'Restricted concerns (not shown by service area)', counts: [restricted] },
    ],
    totalLabel: 'Total',
    notes: ['The service area is the one the concern was recorded under.'],
  };

  const categoryCounts = new Map(byCategory.map((row) => [row.categoryId, row.count]));
  const tables = {
    total: {
      id: 'total',
      caption: 'Total concerns received',
      rowHeading: 'Period',
      columns: ['Concerns'],
      rows: [{ label: period.label, counts: [totalCount] }],
      totalLabel: null,
      notes: [],
    },
    byMonth: {
      id: 'by-month',
      caption: 'Concerns received each month',
      rowHeading: 'Month',
      columns: ['Concerns'],
      rows: [...months].map(([month, count]) => ({ label: monthLabel(month), counts: [count] })),
      totalLabel: 'Total',
      notes: ['Each concern counts in the month it was received, in UK time.'],
    },
    openAndClosed: {
      id: 'open-and-closed',
      caption: 'Concerns open and closed today',
      rowHeading: 'Status',
      columns: ['Concerns'],
      rows: (Object.keys(statusNames) as Array<keyof typeof statusNames>).map((status) => ({
        label: statusNames[status],
        counts: [statuses[status]],
      })),
      totalLabel: 'Total',
      notes: ['Concerns received in the period, by where each stands now.'],
    },
    aboutWhom: {
      id: 'about-whom',
      caption: 'Who the concerns are about',
      rowHeading: 'About',
      columns: ['Concerns'],
      rows: (Object.keys(aboutWhomNames) as AboutWhom[]).map((kind) => ({
        label: aboutWhomNames[kind],
        counts: [aboutWhom[kind]],
      })),
      totalLabel: 'Total',
      notes: [
        'From the people at risk recorded on each concern: a child is under 18. Each concern counts once; one about both a child and an adult has a row of its own.',
      ],
    },
    byServiceArea,
    byCategory: {
      id: 'by-category',
      caption: 'Concerns by category',
      rowHeading: 'Category',
      columns: ['Concerns'],
      rows: labels.categories
        .filter((category) => !category.retiredAt || categoryCounts.has(category.id))
        .map((category) => ({ label: category.name, counts: [categoryCounts.get(category.id) ?? 0] })),
      totalLabel: null,
      notes: [
        'A concern with several categories counts once in each, so the rows add up to more than the number of concerns.',
        'Restricted concerns are not shown by category.',
      ],
    },
    referralsByAgency: referralsByAgency(referrals, labels.agencies),
    referralsByOutcome: referralsByOutcome(referrals, labels.outcomes),
    outcomes: outcomesByClass(referrals, labels.outcomes),
    triage: {
      id: 'triage',
      caption: 'Triage against the one-working-day deadline',
      rowHeading: 'Triage',
      columns: ['Concerns'],
      rows: [
        { label: 'Triaged by the deadline', counts: [triage.within] },
        { label: 'Triaged after the deadline', counts: [triage.late] },
        { label: 'Not yet triaged, past the deadline', counts: [triage.overdue] },
        { label: 'Not yet triaged, not yet due', counts: [triage.notDue] },
        { label: 'Imported without a triage time', counts: [triage.notRecorded] },
      ],
      totalLabel: 'Total',
      notes: [
        'The deadline is close of business on the next working day after the concern arrived (policy 10.4).',
        'Concerns imported from the previous system without a triage time are not judged against the deadline.',
      ],
    },
  } satisfies Record<string, CountTable>;

  // Shown together, so a figure hidden in one table is not given back by another.
  const order = Object.keys(tables) as Array<keyof typeof tables>;
  const list = order.map((key) => tables[key]);
  const at = (key: keyof typeof tables) => order.indexOf(key);
  const totalOf = (key: keyof typeof tables, column = 0): CellRef => ({
    table: at(key),
    row: tables[key].rows.length,
    column,
  });
  const concerns: CellRef = { table: at('total'), row: 0, column: 0 };
  const outcomeRows = tables.referralsByOutcome.rows.length - 1;
  const knownHeadcountRows = areasShown.flatMap((area, row) => ((area.headcount ?? 0) > 0 ? [row] : []));
  const shown = showTables(
    list,
    version,
    [
      ...(['byMonth', 'openAndClosed', 'aboutWhom', 'byServiceArea', 'triage'] as const).map((key) => ({
        parts: [concerns],
        total: totalOf(key),
      })),
      // Referrals made, and those without an outcome, appear in both referral tables.
      { parts: [totalOf('referralsByOutcome')], total: totalOf('referralsByAgency', 0) },
      {
        parts: [{ table: at('referralsByOutcome'), row: outcomeRows, column: 0 }],
        total: totalOf('referralsByAgency', 2),
      },
      {
        parts: Array.from({ length: outcomeRows }, (_, row) => ({ table: at('referralsByOutcome'), row, column: 0 })),
        total: totalOf('referralsByAgency', 1),
      },
      // The same referrals classed: the same total, the same awaited row.
      { parts: [totalOf('referralsByOutcome')], total: totalOf('outcomes') },
      {
        parts: [{ table: at('referralsByOutcome'), row: outcomeRows, column: 0 }],
        total: { table: at('outcomes'), row: tables.outcomes.rows.length - 1, column: 0 },
      },
    ],
    [
      // The concerns behind the organisation's reporting rate: rate × staff would give them back.
      { table: at('byServiceArea'), rows: knownHeadcountRows },
      // Those who engaged, given in the sentence above the outcomes table.
      { table: at('outcomes'), rows: [0, 1, 2] },
    ],
  );
  const shownTable = (key: keyof typeof tables) => shown.tables[at(key)]!;
  const rates = reportingRates(areasShown, areaCounts, shownTable('byServiceArea'), version, shown.subtotalShown[0]!);
  const triageTable = shownTable('triage');

  return {
    period,
    version,
    total: shownTable('total'),
    tables: {
      byMonth: shownTable('byMonth'),
      openAndClosed: shownTable('openAndClosed'),
      aboutWhom: shownTable('aboutWhom'),
      byServiceArea: shownTable('byServiceArea'),
      byCategory: shownTable('byCategory'),
      referralsByAgency: shownTable('referralsByAgency'),
      referralsByOutcome: shownTable('referralsByOutcome'),
      outcomes: shownTable('outcomes'),
      triage: triageTable,
      reportingRate: showTables([rates.table], version).tables[0]!,
    },
    triage: triageSummary(triage, version, triageTable),
    outcomesSentence: outcomesSentence(shownTable('outcomes'), shown.subtotalShown[1]!, referrals, labels.outcomes),
    funnel: rates.funnel,
    headcountNotKnown: areasShown.filter((area) => !area.headcount).map((area) => area.name),
  };
}

type Referral = Awaited<ReturnType<typeof countReferrals>>[number];
type Label = Readonly<{ id: string; name: string; retiredAt: string | null }>;
type ClassedLabel = Label & Readonly<{ outcomeClass: string | null }>;

function referralsByAgency(referrals: readonly Referral[], agencies: readonly Label[]): CountTable {
  const rows = agencies
    .map((agency) => {
      const mine = referrals.filter((r) => r.agencyId === agency.id);
      const recorded = mine.filter((r) => r.outcomeId !== null).reduce((sum, r) => sum + r.count, 0);
      const awaited = mine.filter((r) => r.outcomeId === null).reduce((sum, r) => sum + r.count, 0);
      return { label: agency.name, counts: [recorded + awaited, recorded, awaited], retired: agency.retiredAt };
    })
    .filter((row) => !row.retired || row.counts[0]! > 0)
    .map(({ label, counts }) => ({ label, counts }));
  return {
    id: 'referrals-by-agency',
    caption: 'Referrals by agency',
    rowHeading: 'Agency',
    columns: ['Referred', 'Outcome recorded', 'Outcome not yet recorded'],
    rows,
    totalLabel: 'Total',
    columnSums: [{ parts: [1, 2], total: 0 }],
    notes: [
      'Referrals made on concerns received in the period; a concern referred to two agencies counts once for each. Restricted concerns are not included.',
    ],
  };
}

function referralsByOutcome(referrals: readonly Referral[], outcomes: readonly Label[]): CountTable {
  const count = (outcomeId: string | null) =>
    referrals.filter((r) => r.outcomeId === outcomeId).reduce((sum, r) => sum + r.count, 0);
  return {
    id: 'referrals-by-outcome',
    caption: 'Referral outcomes, out of every referral made',
    rowHeading: 'Outcome',
    columns: ['Referrals'],
    rows: [
      ...outcomes
        .map((outcome) => ({ label: outcome.name, counts: [count(outcome.id)], retired: outcome.retiredAt }))
        .filter((row) => !row.retired || row.counts[0]! > 0)
        .map(({ label, counts }) => ({ label, counts })),
      { label: 'Outcome not yet recorded', counts: [count(null)] },
    ],
    totalLabel: 'Referrals made',
    notes: [
      'Every outcome is shown against every referral made, those still awaiting an outcome included, never the successes alone (Scrutiny recommendation 2). Restricted concerns are not included.',
    ],
  };
}

/** Every referral made, by the class of its outcome, awaited ones included: never the successes alone. */
function outcomesByClass(referrals: readonly Referral[], outcomes: readonly ClassedLabel[]): CountTable {
  const classOfOutcome = new Map(outcomes.map((outcome) => [outcome.id, classOf(outcome.outcomeClass)]));
  const counts = new Map<OutcomeClass | 'awaited', number>();
  for (const referral of referrals) {
    const key = referral.outcomeId === null ? 'awaited' : (classOfOutcome.get(referral.outcomeId) ?? 'not-known');
    counts.set(key, (counts.get(key) ?? 0) + referral.count);
  }
  const made = referrals.reduce((sum, r) => sum + r.count, 0);
  const share = (n: number) => ({
    text: made > 0 ? `${Math.round((100 * n) / made)}%` : '',
    ...(made > 0 ? { value: Math.round((100 * n) / made) } : {}),
    revealsCount: true,
  });
  const row = (label: string, n: number) => ({ label, counts: [n], extras: [share(n)] });
  return {
    id: 'outcomes',
    caption: 'What came of every referral made',
    rowHeading: 'Outcome',
    columns: ['Referrals'],
    extraColumns: ['Share of referrals made'],
    rows: [
      ...outcomeClasses.map((key) => row(outcomeClassNames[key], counts.get(key) ?? 0)),
      row('Outcome not yet recorded', counts.get('awaited') ?? 0),
    ],
    totalLabel: 'Referrals made',
    totalExtras: [{ text: made > 0 ? '100%' : '', revealsCount: true }],
    notes: [
      'Each outcome counts as the coordinator classed it in the organisation’s settings; an outcome not yet classed counts as not known. Negative outcomes and those who did not engage are shown beside the positive ones (Scrutiny recommendation 2). Restricted concerns are not included.',
    ],
  };
}

function outcomesSentence(
  table: ShownTable,
  engagedShown: boolean,
  referrals: readonly Referral[],
  outcomes: readonly ClassedLabel[],
): string | null {
  const cell = (row: number) => table.rows[row]?.[1];
  const made = table.rows.at(-1)?.[1];
  const [positive, negative] = [cell(0), cell(1)];
  if (!engagedShown || !made?.value || positive?.value == null || negative?.value == null) return null;
  const classOfOutcome = new Map(outcomes.map((outcome) => [outcome.id, classOf(outcome.outcomeClass)]));
  const engaged = referrals
    .filter((r) => r.outcomeId !== null && engagedClasses.includes(classOfOutcome.get(r.outcomeId) ?? 'not-known'))
    .reduce((sum, r) => sum + r.count, 0);
  return (
    `Of ${made.text} referrals made, ${engaged.toLocaleString('en-GB')} engaged with the agency ` +
    `(${Math.round((100 * engaged) / made.value)}%): ${positive.text} with a positive outcome and ${negative.text} with a negative one.`
  );
}

function triageSummary(counts: TriageFigures, version: Version, table: ShownTable): TriageSummary {
  const triaged = counts.triaged;
  const judged = counts.within + counts.late + counts.overdue;
  // A median of one to four concerns is close to each one's own time: the public version keeps it back.
  const timesShown = triaged > 0 && (version === 'full' || triaged >= defaultSuppressionThreshold);
  // The share and its "x of y" only where the table shows the counts behind them.
  const countsShown = version !== 'rounded' && table.rows.slice(0, 3).every((row) => row[1]?.value !== null);
  const shareShown = judged > 0 && countsShown;
  return {
    triaged,
    medianHours: timesShown ? counts.medianHours : null,
    worstHours: timesShown ? counts.worstHours : null,
    withinDeadline: counts.within,
    judged,
    shownShare: shareShown ? `${Math.round((100 * counts.within) / judged)}%` : null,
  };
}

type Area = Readonly<{ id: string; name: string; headcount: number | null }>;

const positionText: Record<FunnelPosition, string> = {
  'above-99.8': 'Far more than expected (above the 99.8% limit)',
  'above-95': 'More than expected (above the 95% limit)',
  within: 'Within the limits',
  'below-95': 'Fewer than expected (below the 95% limit)',
  'below-99.8': 'Far fewer than expected (below the 99.8% limit)',
};

const per100 = (rate: number) => rate * 100;
const oneDecimal = (n: number) => n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * Concerns per 100 staff in each service area with a known headcount, against the
 * organisation's rate over those areas, with Spiegelhalter's control limits. A rate is shown
 * only where the service-area table shows its count: in the public version, rate × staff would
 * give a hidden count back.
 */
function reportingRates(
  areas: readonly Area[],
  counts: ReadonlyMap<string, number>,
  byServiceArea: ShownTable,
  version: Version,
  subtotalShown: boolean,
): { table: CountTable; funnel: FunnelData | null } {
  const known = areas.filter((area): area is Area & { headcount: number } => (area.headcount ?? 0) > 0);
  const staff = known.reduce((sum, area) => sum + area.headcount, 0);
  const reported = known.reduce((sum, area) => sum + (counts.get(area.id) ?? 0), 0);
  const rate = staff > 0 ? reported / staff : 0;
  // The limits follow from the organisation's rate, so they are shown only where it is.
  const organisationShown = version === 'full' || subtotalShown;
  const limitsShown = reported > 0 && organisationShown;
  const countShown = (name: string) =>
    version === 'full' || byServiceArea.rows.find((row) => row[0]?.text === name)?.[1]?.value !== null;
  const funnelAreas: FunnelArea[] = [];
  const rows = areas.map((area) => {
    if (!area.headcount) {
      return {
        label: area.name,
        counts: [],
        extras: [{ text: 'headcount not known' }, { text: '' }, { text: '' }, { text: '' }, { text: '' }],
      };
    }
    const limits = funnelLimits(rate, area.headcount);
    const areaRate = (counts.get(area.id) ?? 0) / area.headcount;
    const position = funnelPosition(areaRate, limits);
    const shown = countShown(area.name) && limitsShown;
    if (shown) funnelAreas.push({ name: area.name, headcount: area.headcount, ratePer100: per100(areaRate), position });
    const range = (low: number, high: number) => `${oneDecimal(per100(low))} to ${oneDecimal(per100(high))}`;
    return {
      label: area.name,
      counts: [],
      extras: [
        { text: area.headcount.toLocaleString('en-GB'), value: area.headcount },
        shown
          ? { text: oneDecimal(per100(areaRate)), value: Number(per100(areaRate).toFixed(1)) }
          : { text: 'not shown' },
        limitsShown ? { text: range(limits.lower95, limits.upper95) } : { text: '' },
        limitsShown ? { text: range(limits.lower998, limits.upper998) } : { text: '' },
        shown ? { text: positionText[position] } : { text: '' },
      ],
    };
  });
  const table: CountTable = {
    id: 'reporting-rate',
    caption: 'Reporting rate per 100 staff, by service area',
    rowHeading: 'Service area',
    columns: [],
    extraColumns: ['Staff', 'Concerns per 100 staff', '95% limits', '99.8% limits', 'Compared with the organisation'],
    rows,
    totalLabel: null,
    notes: [
      staff > 0 && organisationShown
        ? `The organisation’s rate over the service areas with a known headcount is ${oneDecimal(per100(rate))} concerns per 100 staff (${reported.toLocaleString('en-GB')} concerns, ${staff.toLocaleString('en-GB')} staff).`
        : 'No organisation rate can be shown for this period.',
      'Limits are Spiegelhalter’s (2005) funnel-plot control limits from the Poisson distribution at the organisation’s rate: a service area outside the 95% limits is worth a look, outside the 99.8% limits a clear signal.',
      'Restricted concerns are not counted in the rates.',
    ],
  };
  if (staff === 0 || reported === 0 || !organisationShown) return { table, funnel: null };
  const headcounts = known.map((area) => area.headcount);
  const curve = funnelCurve(rate, Math.min(...headcounts), Math.max(...headcounts));
  return { table, funnel: { organisationRatePer100: per100(rate), areas: funnelAreas, curve } };
}

/**
 * The limits drawn from half the smallest service area to a little past the largest: drawn from
 * one person, the funnel's mouth would squash every service area against the axis.
 */
function funnelCurve(rate: number, smallest: number, largest: number) {
  const points = new Set<number>();
  const [bottom, top] = [Math.max(1, Math.floor(smallest / 2)), Math.ceil(largest * 1.1)];
  const span = Math.log(top / bottom);
  for (let i = 0; i <= 80; i += 1) points.add(Math.round(bottom * Math.exp((span * i) / 80)));
  return [...points]
    .sort((a, b) => a - b)
    .map((headcount) => {
      const limits = funnelLimits(rate, headcount);
      return {
        headcount,
        lower95: per100(limits.lower95),
        upper95: per100(limits.upper95),
        lower998: per100(limits.lower998),
        upper998: per100(limits.upper998),
      };
    });
}
