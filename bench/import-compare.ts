import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyAuditChains } from '../src/concerns/audit-chain.queries.ts';
import { type BenchDatabase, type Dialect, createSeededDatabase } from './database.ts';
import { fillWithConcerns } from './generate.ts';
import { type ImportMeasurement, havenCli, runImport, writeExport, writeExportMapping } from './import-run.ts';

// This checkout's `haven import concerns` against another checkout's, run alternately, each on a
// database of its own made by its own checkout, so both meet the same machine load: on a shared machine
// wall time drifts with what else runs, and only runs taken turn about can be compared.
//   node bench/import-compare.ts sqlite|postgres OTHER_CHECKOUT [ROWS] [ROUNDS]
// PostgreSQL takes TEST_DATABASE_URL; BENCH_IMPORT_BASE synthetic concerns first (1,000);
// BENCH_IMPORT_PROFILE_DIR writes CPU profiles.

const [dialect = 'sqlite', other, rowsText = '100000', roundsText = '3'] = process.argv.slice(2);
if (!other || (dialect !== 'sqlite' && dialect !== 'postgres'))
  throw new Error('usage: node bench/import-compare.ts sqlite|postgres OTHER_CHECKOUT [ROWS] [ROUNDS]');
const rows = Number(rowsText);
const rounds = Number(roundsText);
const checkouts = { this: havenCli, other: path.resolve(other, 'src/cli/haven.ts') };
// BENCH_IMPORT_PROFILE_DIR: a CPU profile of each run, in a folder of each checkout's name.
const profile = (which: string) => {
  const dir = process.env.BENCH_IMPORT_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, which)}`] : undefined;
};

// A database for each, made by its own checkout's code: each migrates to its own latest.
type Maker = { createSeededDatabase: typeof createSeededDatabase; fillWithConcerns: typeof fillWithConcerns };
const otherBench: Maker = {
  ...((await import(path.resolve(other, 'bench/database.ts'))) as Pick<Maker, 'createSeededDatabase'>),
  ...((await import(path.resolve(other, 'bench/generate.ts'))) as Pick<Maker, 'fillWithConcerns'>),
};
const databases = {} as Record<keyof typeof checkouts, BenchDatabase>;
const folder = await mkdtemp(path.join(tmpdir(), 'haven-import-compare-'));
try {
  for (const [which, maker] of [
    ['this', { createSeededDatabase, fillWithConcerns }],
    ['other', otherBench],
  ] as const) {
    const database = await maker.createSeededDatabase(dialect as Dialect, process.env.TEST_DATABASE_URL);
    databases[which] = database;
    await maker.fillWithConcerns(database, Number(process.env.BENCH_IMPORT_BASE ?? 1_000));
  }
  const mapping = path.join(folder, 'mapping.json');
  await writeExportMapping(mapping);
  const results: Record<keyof typeof checkouts, ImportMeasurement[]> = { this: [], other: [] };
  let exports = 0;
  for (let round = 0; round < rounds; round++)
    // Turn about, the first of each round alternating too.
    for (const which of round % 2 === 0 ? (['other', 'this'] as const) : (['this', 'other'] as const)) {
      const file = path.join(folder, `history-${++exports}.csv`);
      await writeExport(file, rows, `OLD${exports}`);
      const run = await runImport(databases[which], {
        file,
        mapping,
        rows,
        cli: checkouts[which],
        nodeFlags: profile(which),
      });
      await rm(file);
      results[which].push(run);
      console.log(
        `${dialect} ${which.padEnd(5)} ${rows} rows ${run.seconds.toFixed(1)} s wall, CPU ${run.cpuSeconds.toFixed(1)} s, ` +
          `peak RSS ${Math.round(run.peakRssBytes / 1024 / 1024)} MB` +
          (run.serverCpuSeconds === undefined ? '' : `, PostgreSQL CPU ${run.serverCpuSeconds.toFixed(1)} s`),
      );
    }
  for (const which of ['this', 'other'] as const) {
    const chain = await verifyAuditChains(databases[which].db, { keep: 0 });
    console.log(
      `${which}: audit chain ${chain.events} events, ${chain.breakCount} breaks (the synthetic events are unchained)`,
    );
  }
} finally {
  await rm(folder, { recursive: true, force: true });
  for (const database of Object.values(databases)) await database.drop();
}
