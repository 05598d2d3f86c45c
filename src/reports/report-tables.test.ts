import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CountTable, showTable, showTables } from './report-tables.ts';

const table = (id: string, counts: number[], totalLabel: string | null = 'Total'): CountTable => ({
  id,
  caption: id,
  rowHeading: 'Row',
  columns: ['Count'],
  rows: counts.map((count, i) => ({ label: `row ${i + 1}`, counts: [count] })),
  totalLabel,
  notes: [],
});
const texts = (shown: ReturnType<typeof showTable>) => shown.rows.map((row) => row[1]!.text);

describe('report tables', () => {
  it('shows every count in full, and the rule for the team under it', () => {
    const shown = showTable(table('a', [3, 10, 12]), 'full');
    assert.deepEqual(texts(shown), ['3', '10', '12', '25']);
    assert.match(shown.notes.at(-1)!, /Full figures/);
  });

  it('hides small counts and the next smallest in the public version, with the rule under the table', () => {
    const shown = showTable(table('a', [3, 10, 12]), 'public');
    assert.deepEqual(texts(shown), ['fewer than 5', 'withheld', '12', '25']);
    assert.match(shown.notes.at(-1)!, /counts of 1 to 4 are shown as “fewer than 5”/);
  });

  it('hides a figure in every table it appears in', () => {
    // Table A: 2 + 6 + 9 = 17, so 2 is small and 6 withheld. Table B's first row is the same
    // 6 (linked): shown, it would give the 2 back through A's total.
    const { tables } = showTables([table('a', [2, 6, 9]), table('b', [6, 20])], 'public', [
      { parts: [{ table: 0, row: 1, column: 0 }], total: { table: 1, row: 0, column: 0 } },
    ]);
    assert.deepEqual(texts(tables[0]!), ['fewer than 5', 'withheld', '9', '17']);
    assert.deepEqual(texts(tables[1]!), ['withheld', 'withheld', '26']);
  });

  it('says whether a subtotal shown elsewhere would give a hidden count back', () => {
    // Rows 1 and 2 (3 + 40 = 43) are behind a rate shown elsewhere: with 3 hidden, 43 would give
    // it back, so 40 is withheld and the subtotal may then be shown.
    const shown = showTables([table('a', [3, 40, 50])], 'public', [], [{ table: 0, rows: [0, 1] }]);
    assert.deepEqual(texts(shown.tables[0]!), ['fewer than 5', 'withheld', '50', '93']);
    assert.deepEqual(shown.subtotalShown, [true]);
    const small = showTables([table('a', [3, 0, 50])], 'public', [], [{ table: 0, rows: [0, 1] }]);
    assert.deepEqual(small.subtotalShown, [false], 'a subtotal of 3 is itself small');
  });
});
