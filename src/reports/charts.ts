import type { TopLevelSpec } from 'vega-lite';
import { type SvgChart, renderSvgChart } from '../charts/svg-chart.ts';
import type { FunnelData } from './insight-report.ts';
import type { ShownTable } from './report-tables.ts';

// Charts are drawn on the server as SVG by Vega-Lite (compiled to Vega, rendered headless with
// no canvas), so a page shows them without JavaScript. Vega's own ARIA roles are taken off and
// the SVG becomes one image with a title and a description; the table beside each chart holds
// the figures. A hidden count (public version) has no bar: the chart cannot show what the table hides.

const govukText = '#0b0c0c';
const govukBlue = '#1d70b8';
const govukRed = '#d4351c';
const govukGrey = '#505a5f';

export type Chart = SvgChart;

const render = renderSvgChart;

/** Label and shown count of each row of a table's first count column, the total row left out. */
function bars(table: ShownTable) {
  const rows = table.hasTotal ? table.rows.slice(0, -1) : table.rows;
  return rows.map((row, order) => ({ label: row[0]!.text, count: row[1]!.value, order }));
}

function describeBars(data: ReturnType<typeof bars>, unit: string): string {
  const shown = data.filter((d) => d.count !== null);
  if (!shown.some((d) => d.count! > 0)) return `No ${unit} in this period.`;
  const highest = shown.reduce((a, b) => (b.count! > a.count! ? b : a));
  const hidden = data.length - shown.length;
  return (
    `Highest: ${highest.label}, ${highest.count} ${unit}. ` +
    (hidden ? `${hidden} small or withheld ${hidden === 1 ? 'figure is' : 'figures are'} not drawn. ` : '') +
    'The table beside the chart gives every figure.'
  );
}

/** A bar for each row: columns along time for months, horizontal bars for named groups. */
export async function barChart(table: ShownTable, orientation: 'time' | 'named', unit = 'concerns'): Promise<Chart> {
  const data = bars(table);
  const category = { field: 'label', type: 'nominal' as const, sort: { field: 'order' }, title: table.head[0] };
  const value = {
    field: 'count',
    type: 'quantitative' as const,
    title: table.head[1],
    axis: { tickMinStep: 1, format: 'd' },
  };
  const spec: TopLevelSpec =
    orientation === 'time'
      ? {
          width: { step: data.length > 24 ? 14 : 40 },
          height: 220,
          data: { values: data },
          mark: { type: 'bar', color: govukBlue },
          encoding: { x: { ...category, axis: { labelAngle: -45 } }, y: value },
        }
      : {
          width: 360,
          height: { step: 22 },
          data: { values: data },
          mark: { type: 'bar', color: govukBlue },
          encoding: { y: { ...category, axis: { labelLimit: 320 } }, x: value },
        };
  return render(spec, table.id, `Chart: ${table.caption.toLowerCase()}`, describeBars(data, unit));
}

/** Rate per 100 staff against headcount, the organisation's rate and its 95% and 99.8% limits. */
export async function funnelPlot(funnel: FunnelData): Promise<Chart> {
  const limits = funnel.curve.flatMap((point) => [
    { headcount: point.headcount, rate: point.lower95, limit: '95% limits', side: 'lower' },
    { headcount: point.headcount, rate: point.upper95, limit: '95% limits', side: 'upper' },
    { headcount: point.headcount, rate: point.lower998, limit: '99.8% limits', side: 'lower' },
    { headcount: point.headcount, rate: point.upper998, limit: '99.8% limits', side: 'upper' },
  ]);
  const outside = funnel.areas.filter((area) => area.position !== 'within');
  const spec: TopLevelSpec = {
    width: 480,
    height: 300,
    layer: [
      {
        data: { values: limits },
        mark: { type: 'line', interpolate: 'monotone' },
        encoding: {
          x: { field: 'headcount', type: 'quantitative', title: 'Staff in the service area' },
          y: { field: 'rate', type: 'quantitative', title: 'Concerns per 100 staff' },
          detail: { field: 'side' },
          color: {
            field: 'limit',
            type: 'nominal',
            title: 'Control limits',
            scale: { domain: ['95% limits', '99.8% limits'], range: [govukGrey, govukRed] },
          },
          strokeDash: {
            field: 'limit',
            type: 'nominal',
            title: 'Control limits',
            scale: {
              domain: ['95% limits', '99.8% limits'],
              range: [
                [6, 4],
                [1, 0],
              ],
            },
          },
        },
      },
      {
        data: { values: [{ rate: funnel.organisationRatePer100 }] },
        mark: { type: 'rule', color: govukText },
        encoding: { y: { field: 'rate', type: 'quantitative' } },
      },
      {
        data: { values: funnel.areas },
        mark: { type: 'point', filled: true, size: 70, color: govukBlue },
        encoding: {
          x: { field: 'headcount', type: 'quantitative' },
          y: { field: 'ratePer100', type: 'quantitative' },
        },
      },
    ],
  };
  const description =
    `Each dot is a service area: its concerns per 100 staff against its number of staff. The line across is the ` +
    `organisation’s rate, ${funnel.organisationRatePer100.toFixed(1)} per 100 staff; the funnel lines are the 95% and 99.8% limits. ` +
    (outside.length
      ? `Outside the 95% limits: ${outside.map((area) => area.name).join(', ')}.`
      : 'Every service area shown is within the limits.') +
    ' The table beside the chart gives every figure.';
  return render(spec, 'funnel', 'Funnel plot: reporting rate per 100 staff against headcount', description);
}

/** One bar for each column of each row, side by side (months across three years); hidden figures undrawn. */
export async function groupedBarChart(table: ShownTable, title: string, id: string): Promise<Chart> {
  const rows = table.hasTotal ? table.rows.slice(0, -1) : table.rows;
  const series = table.head.slice(1);
  const data = rows.flatMap((row, order) =>
    series.map((name, s) => ({ label: row[0]!.text, order, series: name, count: row[s + 1]?.value ?? null })),
  );
  const palette = [govukGrey, govukBlue, govukText];
  const spec: TopLevelSpec = {
    width: { step: 14 * series.length + 8 },
    height: 220,
    data: { values: data.filter((d) => d.count !== null) },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'label',
        type: 'nominal',
        sort: rows.map((row) => row[0]!.text),
        title: table.head[0],
        axis: { labelAngle: -45 },
      },
      xOffset: { field: 'series', type: 'nominal', sort: series },
      y: { field: 'count', type: 'quantitative', title: 'Concerns', axis: { tickMinStep: 1, format: 'd' } },
      color: {
        field: 'series',
        type: 'nominal',
        title: 'Year',
        sort: series,
        scale: { domain: series, range: palette.slice(0, series.length) },
      },
    },
  };
  const totals = table.hasTotal ? table.rows.at(-1)!.slice(1) : [];
  const hidden = data.filter((d) => d.count === null).length;
  const description =
    (totals.length ? `Totals: ${series.map((name, i) => `${name} ${totals[i]!.text}`).join(', ')}. ` : '') +
    (hidden ? `${hidden} small or withheld figures are not drawn. ` : '') +
    'The table below the chart gives every figure.';
  return render(spec, id, title, description);
}
