import type { TopLevelSpec } from 'vega-lite';

// A Vega-Lite chart drawn on the server as SVG (compiled to Vega, rendered headless, no canvas),
// so a page shows it without JavaScript. Vega's own ARIA roles are taken off and the SVG becomes
// one image with a title and a description; the page puts a table of its figures beside it.
// The same approach as the insight reports' charts, kept here so any feature may draw one.

export const chartColours = {
  text: '#0b0c0c',
  red: '#d4351c',
  amber: '#f47738',
  green: '#00703c',
  grey: '#b1b4b6',
  white: '#ffffff',
} as const;

const baseConfig = {
  font: 'arial, sans-serif',
  background: 'white',
  axis: {
    labelColor: chartColours.text,
    titleColor: chartColours.text,
    labelFontSize: 12,
    titleFontSize: 13,
    labelLimit: 260,
  },
  legend: { labelColor: chartColours.text, titleColor: chartColours.text, labelFontSize: 12, titleFontSize: 13 },
  view: { stroke: null },
};

export type SvgChart = Readonly<{ svg: string; titleId: string }>;

/** One SVG image (role img) labelled by its title and description, and no roles of Vega's own. */
export async function renderSvgChart(
  spec: TopLevelSpec,
  id: string,
  title: string,
  description: string,
): Promise<SvgChart> {
  // Loaded with the first chart, not at start (Vega and Vega-Lite hold about 9 MB).
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile({ ...spec, config: { ...baseConfig, aria: false } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const raw = await view.toSVG();
    // Only inside tags: a label's text is never touched.
    const bare = raw.replace(/<[^>]+>/g, (tag) => tag.replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, ''));
    const titleId = `${id}-chart-title`;
    const svg = bare.replace(
      /^<svg([^>]*)>/,
      `<svg$1 role="img" aria-labelledby="${titleId} ${id}-chart-description" focusable="false">` +
        `<title id="${titleId}">${escapeXml(title)}</title><desc id="${id}-chart-description">${escapeXml(description)}</desc>`,
    );
    return { svg, titleId };
  } finally {
    view.finalize();
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
