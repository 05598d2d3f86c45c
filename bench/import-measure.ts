import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyAuditChains } from '../src/concerns/audit-chain.queries.ts';
import { serveChild } from './child.ts';
import { type Dialect, createSeededDatabase } from './database.ts';
import { type Generation, fillWithConcerns } from './generate.ts';
import { type ImportMeasurement, runImport, writeExport, writeExportMapping } from './import-run.ts';

// The command-line import alone (issue 9's target: 100,000 rows in ≤ 10 s and ≤ 300 MB): on a
// database already holding `concerns` synthetic concerns, `haven import concerns` on exports of
// each of `sizes` rows (several sizes show whether memory grows with the file), each a fresh
// export so every row is written. To compare with an earlier version, run the bench of each
// checkout in turn (each migrates its own database). Afterwards the audit chain is verified:
// the import's events are links of it, so it must show no break the synthetic data lacked.

export type ImportMeasureJob = {
  dialect: Dialect;
  concerns: number;
  sizes: number[];
  rounds: number;
  profileDir?: string | undefined;
  postgresUrl?: string | undefined;
};
export type ImportRun = ImportMeasurement;
export type ImportMeasureResult = {
  generation: Generation;
  runs: ImportRun[];
  /** Breaks before the imports (the synthetic audit events are written unchained) and after. */
  chain: { events: number; breaksBefore: number; breaksAfter: number };
};

async function measureImports(job: ImportMeasureJob): Promise<ImportMeasureResult> {
  const database = await createSeededDatabase(job.dialect, job.postgresUrl);
  const folder = await mkdtemp(path.join(tmpdir(), 'haven-import-bench-'));
  try {
    const generation = await fillWithConcerns(database, job.concerns);
    const mapping = path.join(folder, 'mapping.json');
    await writeExportMapping(mapping);
    const before = await verifyAuditChains(database.db, { keep: 0 });
    const runs: ImportRun[] = [];
    let exports = 0;
    const nodeFlags = job.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${job.profileDir}`] : undefined;
    for (let round = 0; round < job.rounds; round++)
      for (const rows of job.sizes) {
        const file = path.join(folder, `history-${++exports}.csv`);
        await writeExport(file, rows, `OLD${exports}`);
        runs.push(await runImport(database, { file, mapping, rows, nodeFlags }));
        await rm(file);
      }
    const after = await verifyAuditChains(database.db, { keep: 0 });
    return {
      generation,
      runs,
      chain: { events: after.events, breaksBefore: before.breakCount, breaksAfter: after.breakCount },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
    await database.drop();
  }
}

serveChild(measureImports);
