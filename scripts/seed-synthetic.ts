// npm run seed:synthetic -- --organisations N --years N [--per-year N] [--seed N]
// Fills the configured database (HAVEN_DATA_DIR or DATABASE_URL) with the demo organisations and
// years of synthetic concerns for the first N of them, for benchmarks and demonstrations.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { connectDatabase } from '../src/db/connect.ts';
import { demoOrganisations } from '../src/db/demo-catalogue.ts';
import { seedDemoData } from '../src/db/demo-data.ts';
import { migrateToLatest } from '../src/db/migrations/index.ts';
import { seedSyntheticConcerns } from '../src/db/synthetic-seed.ts';

const { values } = parseArgs({
  options: {
    organisations: { type: 'string', default: '1' },
    years: { type: 'string', default: '3' },
    'per-year': { type: 'string', default: '300' },
    seed: { type: 'string', default: '42' },
  },
});
const [organisations, years, perYear, seed] = [values.organisations, values.years, values['per-year'], values.seed].map(
  Number,
) as [number, number, number, number];
if (![organisations, years, perYear, seed].every(Number.isInteger) || organisations < 1 || years < 1 || perYear < 1) {
  console.error('Usage: npm run seed:synthetic -- --organisations N --years N [--per-year N] [--seed N]');
  process.exit(2);
}
if (organisations > demoOrganisations.length) {
  console.error(`There are ${demoOrganisations.length} demo organisations to fill; ask for that many or fewer.`);
  process.exit(2);
}
const config = loadConfig();
const db = connectDatabase(config.database);
try {
  await migrateToLatest(db, config.database.kind === 'postgres' ? config.database.schema : undefined);
  await seedDemoData(db);
  for (const organisation of demoOrganisations.slice(0, organisations)) {
    const held = await db
      .selectFrom('concerns')
      .innerJoin('organisations', 'organisations.id', 'concerns.organisation_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organisations.name', '=', organisation.name)
      .executeTakeFirst();
    // The synthetic references start at each year's first number: they would clash with existing ones.
    if (Number(held?.n ?? 0) > 0) {
      console.log(`${organisation.name} already has concerns: left as it is.`);
      continue;
    }
    const started = performance.now();
    const made = await seedSyntheticConcerns(db, {
      organisation: organisation.name,
      concerns: years * perYear,
      years,
      seed,
      statusByAge: true,
    });
    console.log(
      `${organisation.name}: ${made} concerns over ${years} years in ${((performance.now() - started) / 1000).toFixed(1)}s`,
    );
  }
} finally {
  await db.destroy();
}
