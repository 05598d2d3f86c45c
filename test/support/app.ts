import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { HavenDb } from '../../src/db/connect.ts';
import { seedDemoData } from '../../src/db/demo-data.ts';
import { createTestDatabase } from './database.ts';

export type TestApp = { app: FastifyInstance; db: HavenDb; config: Config; close(): Promise<void> };

/** Haven as main.ts builds it, on a fresh database holding the demo organisations and users. */
export async function startTestApp(
  environment: Record<string, string> = {},
  logStream?: NodeJS.WritableStream,
  clock?: () => Date,
): Promise<TestApp> {
  const database = await createTestDatabase();
  await seedDemoData(database.db);
  const attachmentsDir = mkdtempSync(path.join(tmpdir(), 'haven-attachments-'));
  const config = {
    ...loadConfig({
      HAVEN_ENV: 'test',
      LOG_LEVEL: 'silent',
      SIGN_IN_ATTEMPTS_PER_15_MINUTES: '1000',
      ATTACHMENTS_DIR: attachmentsDir,
      // Most tests sign demo DSLs straight in; two-factor tests and production-mode tests enforce it.
      ...(environment.HAVEN_ENV === 'production' ? {} : { TWO_FACTOR_ENFORCED: 'false' }),
      ...environment,
    }),
    database: database.config,
  };
  const app = await buildApp({
    config,
    db: database.db,
    ...(logStream ? { logStream } : {}),
    ...(clock ? { clock } : {}),
  });
  await app.ready();
  return {
    app,
    db: database.db,
    config,
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(attachmentsDir, { recursive: true, force: true });
    },
  };
}
