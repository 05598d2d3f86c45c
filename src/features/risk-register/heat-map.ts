import type { TopLevelSpec } from 'vega-lite';
import { type SvgChart, chartColours, renderSvgChart } from '../../charts/svg-chart.ts';
import {
  type Scale,
  bandNames,
  impactNames,
  probabilityNames,
  riskBand,
  scaleValues,
} from '../../domain/risk-score.ts';

export type ScoredRisk = Readonly<{ title: string; impact: number; probability: number }>;

/** The five by five matrix of the risk toolkit, each cell shaded by its band and counting the risks in it. */
export function heatMapCells(risks: readonly ScoredRisk[]) {
  return scaleValues.flatMap((probability) =>
    scaleValues.map((impact) => {
      const score = impact * probability;
      const band = riskBand(score);
      return {
        impact: `${impact} ${impactNames[impact as Scale]}`,
        probability: `${probability} ${probabilityNames[probability as Scale]}`,
        score,
        band: bandNames[band],
        risks: risks.filter((risk) => risk.impact === impact && risk.probability === probability).length,
      };
    }),
  );
}

/** The heat map of current scores as one SVG image; the page's table gives every risk's figures. */
export async function heatMap(risks: readonly ScoredRisk[]): Promise<SvgChart> {
  const cells = heatMapCells(risks);
  const axis = (title: string) => ({ title, sort: 'ascending' as const, axis: { labelAngle: 0 } });
  const spec: TopLevelSpec = {
    width: 420,
    height: 300,
    data: { values: cells },
    encoding: {
      x: { field: 'impact', type: 'ordinal', ...axis('Impact') },
      y: { field: 'probability', type: 'ordinal', ...axis('Probability'), sort: 'descending' },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: chartColours.white, strokeWidth: 2 },
        encoding: {
          color: {
            field: 'band',
            type: 'nominal',
            title: 'Band',
            scale: {
              domain: ['Green', 'Amber', 'Red'],
              range: [chartColours.green, chartColours.amber, chartColours.red],
            },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 16, fontWeight: 'bold' },
        encoding: {
          text: { condition: { test: 'datum.risks > 0', field: 'risks' }, value: '' },
          // Black on amber, white on red and green: each count readable against its cell.
          color: { condition: { test: "datum.band === 'Amber'", value: chartColours.text }, value: chartColours.white },
        },
      },
    ],
  };
  const placed = risks.length;
  const red = risks.filter((risk) => riskBand(risk.impact * risk.probability) === 'red').length;
  const description =
    placed === 0
      ? 'No open risks to place on the matrix.'
      : `${placed} open ${placed === 1 ? 'risk' : 'risks'} placed by current impact and probability; ${red} in the red band. The table beside the chart gives every risk's scores.`;
  return renderSvgChart(spec, 'risk-heat-map', 'Heat map of current risk scores', description);
}
