import { connectDatabase } from '../src/db/connect.ts';
import { serveChild } from './child.ts';
import { type GenerateJob, writeSyntheticConcerns } from './generate.ts';

// The process fillWithConcerns (generate.ts) writes the synthetic concerns in.
serveChild(async ({ config, total }: GenerateJob) => {
  const db = connectDatabase(config);
  try {
    return await writeSyntheticConcerns({ db, config }, total);
  } finally {
    await db.destroy();
  }
});
