import type { HavenDb } from '../../db/connect.ts';
import { funnelLimits, funnelPosition } from '../../domain/funnel-limits.ts';
import { type ReportPeriod, periodInstants } from '../../domain/report-period.ts';
import { compareOrganisations } from '../../reports/insight.queries.ts';
import type { ReportDocument } from './report-document.ts';
import { type CountTable, type Version, showTable } from '../../reports/report-tables.ts';

// Where one installation serves several organisations (the district councils of one county):
// each council's concerns per 100 staff against the rate of them all, names replaced by letters
// (the viewer's own council marked), under the same small-number rule as every other table.
// Letters follow the organisations' ids, which are random, so they say nothing about size or
// name. Staff numbers are not shown: a council's size could name it.

const letter = (i: number) =>
  i < 26
    ? String.fromCharCode(65 + i)
    : `${String.fromCharCode(65 + Math.floor(i / 26) - 1)}${String.fromCharCode(65 + (i % 26))}`;

const positionText = {
  'above-99.8': 'Far more than all councils (above the 99.8% limit)',
  'above-95': 'More than all councils (above the 95% limit)',
  within: 'Within the limits',
  'below-95': 'Fewer than all councils (below the 95% limit)',
  'below-99.8': 'Far fewer than all councils (below the 99.8% limit)',
} as const;

export async function buildComparison(
  db: HavenDb,
  organisationId: string,
  period: ReportPeriod,
  version: Version,
): Promise<ReportDocument> {
  const { from, until } = periodInstants(period);
  const councils = await compareOrganisations(db, from, until);
  const known = councils.filter((council) => council.staff > 0);
  const staff = known.reduce((sum, c) => sum + c.staff, 0);
  const concerns = known.reduce((sum, c) => sum + c.concerns, 0);
  const rate = staff > 0 ? concerns / staff : 0;
  const oneDecimal = (n: number) => (100 * n).toFixed(1);
  const table: CountTable = {
    id: 'comparison',
    caption: `Concerns per 100 staff in each council, ${period.label}`,
    rowHeading: 'Council',
    columns: ['Concerns'],
    extraColumns: ['Concerns per 100 staff', 'Compared with all councils'],
    rows: councils.map((council, i) => {
      const name = `Council ${letter(i)}${council.organisationId === organisationId ? ' (your council)' : ''}`;
      if (council.staff === 0) {
        return { label: name, counts: [council.concerns], extras: [{ text: 'headcount not known' }, { text: '' }] };
      }
      const own = council.concerns / council.staff;
      const position = funnelPosition(own, funnelLimits(rate, council.staff));
      return {
        label: name,
        counts: [council.concerns],
        extras: [
          { text: oneDecimal(own), value: Number(oneDecimal(own)), revealsCount: true },
          { text: concerns > 0 ? positionText[position] : '', revealsCount: true },
        ],
      };
    }),
    totalLabel: 'All councils',
    totalExtras: [{ text: staff > 0 ? oneDecimal(rate) : '', revealsCount: true }, { text: '' }],
    notes: [
      'Councils are named by letter only; the letters follow no order of size or name. Staff numbers are not shown, because a council’s size could name it.',
      'Every concern counts, restricted ones included. A rate is concerns per 100 staff, from each council’s service-area headcounts; the limits are Spiegelhalter’s (2005) 95% and 99.8% funnel-plot limits at the rate of all councils with a known headcount.',
    ],
  };
  const shown = showTable(table, version);
  const others = councils.length - 1;
  return {
    title: `Councils compared: ${period.label}`,
    periodLabel: period.label,
    fileStem: `haven-councils-compared-${period.firstDay}-to-${period.lastDay}${version === 'full' ? '' : `-${version}`}`,
    summary: [
      others > 0
        ? `This installation of Haven serves ${councils.length} councils. Each council’s reporting rate is set against the rate of them all; none is named.`
        : 'This installation of Haven serves one council only: there is no other to compare with.',
    ],
    sections: [{ heading: 'Reporting rates', paragraphs: [], table: 'comparison' }],
    tables: { comparison: shown },
  };
}
