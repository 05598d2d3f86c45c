import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { demoPassword } from '../src/db/demo-data.ts';
import { calendarYearPeriod } from '../src/domain/report-period.ts';
import { buildInsightReport } from '../src/reports/insight-report.ts';
import { createSeededDatabase, findSeededIds } from './database.ts';
import { fillWithConcerns } from './generate.ts';

const n = Number(process.env.N ?? 20000);
const database = await createSeededDatabase('sqlite');
await fillWithConcerns(database, n);
const { organisationId } = await findSeededIds(database.db);
const year = new Date().getFullYear() - 1;
const config = { ...loadConfig({ HAVEN_ENV: 'test', LOG_LEVEL: 'silent', TWO_FACTOR_ENFORCED: 'false' }), database: database.config };
const app = await buildApp({ config, db: database.db });
for (let i = 0; i < 2; i++) {
  let t = performance.now();
  await buildInsightReport(database.db, organisationId, calendarYearPeriod(year), 'full', new Date());
  console.log('build full', (performance.now() - t).toFixed(0));
}
const { WebClient } = await import('../test/support/web-client.ts');
const client = new WebClient(app);
await client.signIn('coordinator@city.example');
for (const url of [`/insight?period=calendar-year&calendarYear=${year}`, `/insight/trend-flags?month=10&monthYear=2026`]) {
  for (let i = 0; i < 12; i++) {
    const t = performance.now();
    const page = await client.get(url);
    console.log(url.slice(0, 20), page.statusCode, (performance.now() - t).toFixed(0));
  }
}
void demoPassword;
await app.close();
await database.drop();
