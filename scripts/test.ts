// npm test: lint, typecheck, then every suite — unit, integration on SQLite, the same
// integration suite on PostgreSQL, and the browser journeys — with one summary line each.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

type Counts = { passed: number; failed: number; skipped: number };
type Suite = { name: string; files: string[]; env: Record<string, string>; skipBecause: string | null };

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const integration = [
  'src/features/**/*.test.ts',
  'src/concerns/**/*.test.ts',
  'src/attachment-store/**/*.test.ts',
  'src/concern-history/**/*.test.ts',
  'src/jobs/**/*.test.ts',
  'src/mail/**/*.test.ts',
  'test/integration/**/*.test.ts',
];
const suites: Suite[] = [
  {
    name: 'Unit',
    files: [
      'src/domain/**/*.test.ts',
      'src/*.test.ts',
      'src/web/**/*.test.ts',
      'src/accounts/**/*.test.ts',
      // Pure: how report tables are shown (suppression, totals).
      'src/reports/**/*.test.ts',
      // In-memory SQLite only: the statement cache and time-ordered ids.
      'src/db/**/*.test.ts',
    ],
    env: {},
    skipBecause: null,
  },
  { name: 'SQLite', files: integration, env: { HAVEN_TEST_DATABASE: 'sqlite' }, skipBecause: null },
  {
    name: 'PostgreSQL',
    files: integration,
    env: { HAVEN_TEST_DATABASE: 'postgres' },
    skipBecause: process.env.TEST_DATABASE_URL
      ? null
      : 'TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)',
  },
  {
    name: 'Browser (Chromium)',
    files: ['test/browser/**/*.test.ts'],
    env: { CHROMIUM_PATH: chromium },
    skipBecause: existsSync(chromium)
      ? null
      : `no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  },
];

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function runSuite(suite: Suite): Counts {
  const folder = mkdtempSync(path.join(tmpdir(), 'haven-tap-'));
  const tap = path.join(folder, 'results.tap');
  const status = run(
    process.execPath,
    [
      '--test',
      '--test-concurrency=2',
      '--test-timeout=180000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...suite.files,
    ],
    { TZ: 'Europe/London', ...suite.env },
  );
  const summary = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  rmSync(folder, { recursive: true, force: true });
  const count = (label: string) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(summary)?.[1] ?? 0);
  const counts = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
  // A runner that crashed, or ran nothing, has not proved anything.
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  if (counts.passed + counts.failed === 0) counts.failed = 1;
  return counts;
}

const line = (c: Counts) => `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;

if (run('npx', ['eslint', '.']) !== 0 || run('npx', ['prettier', '--check', '.']) !== 0) {
  console.error('Lint failed: run `npm run format` and fix what eslint reports.');
  process.exit(1);
}
if (run('npx', ['tsc', '--noEmit']) !== 0) {
  console.error('Typecheck failed.');
  process.exit(1);
}

const results: Array<[string, Counts | string]> = [];
for (const suite of suites) {
  if (suite.skipBecause) {
    console.log(`\n${suite.name} suite skipped: ${suite.skipBecause}`);
    results.push([suite.name, suite.skipBecause]);
    continue;
  }
  console.log(`\n── ${suite.name} ──`);
  results.push([suite.name, runSuite(suite)]);
}

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
console.log('\nSummary');
for (const [name, outcome] of results) {
  if (typeof outcome === 'string') {
    // On CI every suite must run: a skipped database or browser suite is a failure there.
    if (process.env.CI) total.failed += 1;
    console.log(`  ${name}: suite skipped — ${outcome}${process.env.CI ? ' (not allowed on CI)' : ''}`);
    continue;
  }
  total.passed += outcome.passed;
  total.failed += outcome.failed;
  total.skipped += outcome.skipped;
  console.log(`  ${name}: ${line(outcome)}`);
}
console.log(line(total));
process.exit(total.failed > 0 ? 1 : 0);
