import assert from 'node:assert/strict';
import { it } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { createViewEnvironment, formatDateTime } from './views.ts';

it('formats times in UK time, GOV.UK style', () => {
  const table: Array<[string, string]> = [
    ['2026-03-03T09:05:00Z', '9:05am on 3 March 2026'],
    ['2026-07-01T23:30:00Z', '12:30am on 2 July 2026'],
    ['2026-07-01T12:00:00Z', '1:00pm on 1 July 2026'],
    ['2026-12-25T00:00:00Z', '12:00am on 25 December 2026'],
  ];
  for (const [iso, expected] of table) assert.equal(formatDateTime(iso), expected);
});

it('renders each call of a remembered govuk macro from its own arguments, on every render', () => {
  const views = createViewEnvironment();
  const page = (text: string, colour: string) =>
    views.renderString(
      `{% from "govuk/components/tag/macro.njk" import govukTag %}{{ govukTag({ text: text, classes: colour }) }}`,
      { text, colour },
    );
  // The second and later renders use the macro defined by the first.
  assert.match(page('Overdue', 'govuk-tag--red'), /class="govuk-tag govuk-tag--red">\s*Overdue\s*</);
  assert.match(page('Due today', 'govuk-tag--orange'), /class="govuk-tag govuk-tag--orange">\s*Due today\s*</);
  assert.doesNotMatch(page('<b>x</b>', ''), /<b>x<\/b>/, 'still escaped');
});

it('runs an import "with context" again on every render, so it sees each page', () => {
  createViewEnvironment(); // remembers the exports of plain imports from here on
  const folder = mkdtempSync(path.join(tmpdir(), 'haven-views-'));
  try {
    writeFileSync(
      path.join(folder, 'greeting.njk'),
      '{% set greeting = "Hello " + who %}{% macro hi() %}{{ greeting }}{% endmacro %}',
    );
    const views = new nunjucks.Environment(new nunjucks.FileSystemLoader(folder));
    const page = '{% import "greeting.njk" as g with context %}{{ g.hi() }}';
    assert.equal(views.renderString(page, { who: 'first' }), 'Hello first');
    assert.equal(views.renderString(page, { who: 'second' }), 'Hello second');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

it('keeps the layout within Latin-1, so a page is a one-byte string unless what it shows is not', () => {
  // One character beyond Latin-1 doubled every page's memory and pushed long pages past V8's
  // 128 KiB large-object limit, which cost milliseconds a request (issue 7): use an entity.
  const pages = [
    'src/web/views/layout.njk',
    'src/features/triage/views/queue.njk',
    'src/features/people/views/person.njk',
  ];
  for (const file of pages) {
    const wide = [...readFileSync(file, 'utf8')].filter((character) => character.codePointAt(0)! > 0xff);
    assert.deepEqual(wide, [], file);
  }
});

it('keeps what loops, set and escaping mean with its quicker loop variables and escaping', () => {
  const views = createViewEnvironment();
  const page = views.renderString(
    [
      '{% set total = 0 %}',
      '{% for row in rows %}{{ loop.index }}/{{ loop.length }}{{ "^" if loop.first }}{{ "$" if loop.last }}:',
      '{% for cell in row %}[{{ loop.index0 }}.{{ loop.revindex }} {{ cell }}]{% endfor %}',
      '{% set total = total + row.length %}{% set inner = "x" %};{% endfor %}',
      ' total={{ total }} inner={{ inner }} safe={{ safe | safe }}',
    ].join(''),
    {
      rows: [
        ['a&b', 'plain'],
        ['<i>', `"q" 'q' \\`],
      ],
      safe: '<b>kept</b>',
    },
  );
  assert.equal(
    page,
    '1/2^:[0.2 a&amp;b][1.1 plain];2/2$:[0.2 &lt;i&gt;][1.1 &quot;q&quot; &#39;q&#39; &#92;]; ' +
      // Nunjucks' own rule: a set inside a loop changes a variable set before it, and nothing else leaks out.
      'total=4 inner= safe=<b>kept</b>',
  );
});
