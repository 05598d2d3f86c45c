import { serveChild } from './child.ts';
import { type Dialect, createSeededDatabase, findSeededIds } from './database.ts';
import { type Generation, fillWithConcerns } from './generate.ts';
import { type WordDraftMeasurement, measureWordDraft } from './annual-report-draft.ts';

// The annual report to Cabinet on a database of its own (bench/annual-report-draft.ts says what
// is timed); the insight part measures the same on its database when both parts run.

export type AnnualReportJob = { dialect: Dialect; concerns: number; runs: number; postgresUrl?: string };
export type AnnualReportMeasurement = WordDraftMeasurement & { generation: Generation; peakRssMb: number };

async function measure(job: AnnualReportJob): Promise<AnnualReportMeasurement> {
  const database = await createSeededDatabase(job.dialect, job.postgresUrl);
  try {
    const generation = await fillWithConcerns(database, job.concerns);
    const { organisationId } = await findSeededIds(database.db);
    const draft = await measureWordDraft(database, organisationId, job.runs);
    return { ...draft, generation, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    await database.drop();
  }
}

serveChild(measure);
