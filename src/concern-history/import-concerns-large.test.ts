import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runHaven } from '../cli/haven.ts';
import { verifyAuditChains } from '../concerns/audit-chain.queries.ts';
import { listClosureDays } from '../concerns/organisation-lists.queries.ts';
import { triageDeadline } from '../domain/triage-deadline.ts';
import { type TestApp, startTestApp } from '../../test/support/app.ts';
import { keptReportCounts, recountedReportCounts } from '../../test/support/report-counts.ts';
import type { ImportMapping } from './import-mapping.ts';
import { rowsPerStatement } from './imported-concern-writer.ts';
import { concernMatches, searchPhrases } from '../db/full-text-search.ts';

// A file of 3,000 rows crosses the writer's statements of a thousand concerns (and the audit
// writer's batches) more than once: every row is written once with its own reference, triage
// deadline and categories, rows Haven holds already are skipped inside a batch, the audit chain
// still verifies, and a file that stops being CSV at line 2,501 leaves nothing behind.
const mapping: ImportMapping = {
  version: 1,
  columns: { reference: 'Case Ref', receivedAt: 'Date Logged', serviceArea: 'Department', categories: 'Concern Type' },
  dateFormat: 'dd/mm/yyyy hh:mm',
  categorySeparator: '|',
  encoding: 'auto',
  serviceAreas: { 'Housing Dept': 'Housing Services' },
  categories: { DV: 'Domestic abuse' },
};

const rows = 3_000;
const header = 'Case Ref,Date Logged,Department,Concern Type';

/** Row i (from 1): every 7 hours from 20 December 2023, over Christmas, weekends and the clock change. */
function line(prefix: string, i: number): string {
  const at = new Date(Date.UTC(2023, 11, 20, 9) + i * 7 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${two(at.getUTCDate())}/${two(at.getUTCMonth() + 1)}/${at.getUTCFullYear()} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}`;
  return `${prefix}-${i},${date},Housing Dept,${i % 3 === 0 ? 'DV|Mental ill health' : 'DV'}`;
}

describe('haven import concerns: a file larger than one batch', () => {
  let t: TestApp;
  let dir: string;
  let organisationId: string;
  before(async () => {
    t = await startTestApp();
    dir = await mkdtemp(path.join(tmpdir(), 'haven-import-large-'));
    await writeFile(path.join(dir, 'mapping.json'), JSON.stringify(mapping));
    organisationId = (
      await t.db
        .selectFrom('organisations')
        .select('id')
        .where('name', '=', 'Haven City Council')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function importFile(name: string, lines: string[]) {
    const at = path.join(dir, name);
    await writeFile(at, lines.join('\r\n'));
    const out: string[] = [];
    const err: string[] = [];
    const status = await runHaven(
      ['import', 'concerns', at, '--mapping', path.join(dir, 'mapping.json'), '--organisation', 'Haven City Council'],
      t.config,
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    return { status, out: out.join('\n'), err: err.join('\n') };
  }
  const imported = (prefix: string) =>
    t.db
      .selectFrom('concerns')
      .select(['id', 'reference', 'original_reference', 'created_at', 'triage_deadline_at', 'status', 'imported_at'])
      .where('organisation_id', '=', organisationId)
      .where('original_reference', 'like', `${prefix}-%`)
      .execute();

  it('writes exactly the file’s rows across several batches, skipping those already in Haven, and the chain verifies', async () => {
    assert.ok(rows > 2 * rowsPerStatement, 'the file crosses at least two batch boundaries');
    const chainBefore = await verifyAuditChains(t.db, { organisationId });
    // Five rows from the middle of the second batch are in Haven already.
    const early = await importFile('early.csv', [header, ...[1500, 1501, 1502, 1503, 1504].map((i) => line('L', i))]);
    assert.equal(early.status, 0, early.err);

    const result = await importFile('large.csv', [header, ...Array.from({ length: rows }, (_, i) => line('L', i + 1))]);
    assert.equal(result.status, 0, result.err);
    assert.match(
      result.out,
      /Imported 2995 concerns from 3000 rows \(utf-8\) .*; 5 already in Haven; 0 rows with problems/,
    );

    const concerns = await imported('L');
    assert.equal(concerns.length, rows);
    const references = new Set(concerns.map((c) => c.reference));
    for (let i = 1; i <= rows; i++) assert.ok(references.has(`L-${i}`), `L-${i} is imported`);
    const closureDays = await listClosureDays(t.db, organisationId);
    for (const concern of concerns) {
      assert.equal(concern.reference, concern.original_reference);
      assert.equal(concern.status, 'closed');
      assert.ok(concern.imported_at);
      assert.equal(
        concern.triage_deadline_at,
        triageDeadline(new Date(concern.created_at), closureDays).toISOString(),
        `${concern.reference}'s deadline`,
      );
    }
    // Christmas 2023: a concern from Friday 22 December is due on Wednesday 27th, after two bank holidays.
    const christmas = concerns.find((c) => c.created_at.startsWith('2023-12-22'));
    assert.ok(christmas?.triage_deadline_at?.startsWith('2023-12-27T17:00'), christmas?.triage_deadline_at ?? '');

    const links = await t.db
      .selectFrom('concern_categories')
      .innerJoin('concerns', 'concerns.id', 'concern_categories.concern_id')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('concerns.original_reference', 'like', 'L-%')
      .executeTakeFirstOrThrow();
    assert.equal(Number(links.count), rows + rows / 3, 'one category each, two on every third row');

    const audited = await t.db
      .selectFrom('audit_events')
      .innerJoin('concerns', 'concerns.id', 'audit_events.subject_id')
      .select((eb) => eb.fn.count<number>('audit_events.id').distinct().as('count'))
      .where('audit_events.action', '=', 'concern.created')
      .where('concerns.original_reference', 'like', 'L-%')
      .executeTakeFirstOrThrow();
    assert.equal(Number(audited.count), rows, 'each concern has one created event, the five earlier ones included');
    const chainAfter = await verifyAuditChains(t.db, { organisationId });
    assert.equal(chainAfter.breakCount, chainBefore.breakCount, 'the import adds no break to the audit chain');
    assert.equal(chainAfter.breakCount, 0);
    assert.ok(chainAfter.events >= chainBefore.events + rows);

    // Search finds each imported concern by its reference and by what happened, one document each.
    const matching = (text: string) =>
      t.db
        .selectFrom(concernMatches(t.db, searchPhrases(text)))
        .innerJoin('concerns', 'concerns.id', 'matches.concern_id')
        .select('concerns.reference')
        .where('concerns.original_reference', 'like', 'L-%')
        .execute();
    assert.deepEqual(
      (await matching('L-2999')).map((c) => c.reference),
      ['L-2999'],
    );
    assert.equal((await matching('without a description')).length, rows);

    // The report counts, kept a statement at a time on PostgreSQL, equal a recount from scratch.
    assert.deepEqual(await keptReportCounts(t.db), await recountedReportCounts(t.db));
  });

  it('refuses a file that stops being CSV at line 2,501, writing nothing of the 2,499 rows before it', async () => {
    const auditBefore = await t.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    // Line 1 is the header, so rows B-1 to B-2499 are lines 2 to 2,500; line 2,501 opens a quote never closed.
    const lines = [header, ...Array.from({ length: 2_499 }, (_, i) => line('B', i + 1))];
    lines.push('B-2500,"01/04/2024 09:00,Housing Dept,DV');
    lines.push(...Array.from({ length: 500 }, (_, i) => line('B', i + 2_501)));
    assert.equal(lines.length, rows + 1);
    const result = await importFile('broken.csv', lines);
    assert.equal(result.status, 2);
    assert.match(result.err, /could not be read as CSV at line 2501\. Nothing was imported/);
    assert.equal((await imported('B')).length, 0, 'two whole batches were written, and rolled back');
    const auditAfter = await t.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(auditAfter.count), Number(auditBefore.count), 'no audit event is left behind');
    assert.equal((await verifyAuditChains(t.db, { organisationId })).breakCount, 0);
  });
});
