import type { Kysely } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import { walkingSkeleton } from './0001-walking-skeleton.ts';
import { caseWork } from './0002-case-work.ts';
import { jobs } from './0003-jobs.ts';
import { concernDetails } from './0004-concern-details.ts';
import { restrictedConcerns } from './0005-restricted-concerns.ts';
import { informationSharing } from './0006-information-sharing.ts';
import { attachments } from './0007-attachments.ts';
import { personIndex } from './0008-person-index.ts';
import { concernSearch } from './0009-concern-search.ts';
import { signInThrottles } from './0010-sign-in-throttles.ts';
import { personDetailSources } from './0011-person-detail-sources.ts';
import { triageDeadlineRequired } from './0012-triage-deadline-required.ts';
import { userRoles } from './0013-user-roles.ts';
import { singleSignOn } from './0014-single-sign-on.ts';
import { twoFactor } from './0015-two-factor.ts';
import { peopleAndSettings } from './0016-people-and-settings.ts';
import { accountAdministration } from './0017-account-administration.ts';
import { auditSubjectIndexLater } from './0021-audit-subject-index-later.ts';
import { assurance } from './0022-assurance.ts';
import { selfAssessment } from './0023-self-assessment.ts';
import { retention } from './0024-retention.ts';
import { subjectAccess } from './0025-subject-access.ts';
import { auditHashChain } from './0026-audit-hash-chain.ts';
import { attachmentChunks } from './0027-attachment-chunks.ts';
import { insightReports } from './0028-insight-reports.ts';
import { concernHistoryImport } from './0029-concern-history-import.ts';
import { selfAssessmentImports } from './0030-self-assessment-imports.ts';
import { safeguardingPolicyReviews } from './0031-safeguarding-policy-reviews.ts';
import { fieldEncryption } from './0033-field-encryption.ts';
import { concernReportCounts } from './0034-concern-report-counts.ts';
import { reportCountsByStatement } from './0036-report-counts-by-statement.ts';
import { auditListings } from './0038-audit-listings.ts';
import { keysWithinOneOrganisation } from './0039-keys-within-one-organisation.ts';
import { newConcernsCountedByThemselves } from './0040-new-concerns-counted-by-themselves.ts';
import { importedWithoutTriageTime } from './0041-imported-without-triage-time.ts';

// One list for both dialects: migrations use portable column types (text, integer). They branch
// by dialect only for full-text search (0009) and for making a column NOT NULL (0012), which
// SQLite cannot do without rebuilding the table.
// Names sort in the order they run; never rename or edit one that has shipped.
const migrations: Record<string, Migration> = {
  '0001-walking-skeleton': walkingSkeleton,
  '0002-case-work': caseWork,
  '0003-jobs': jobs,
  '0004-concern-details': concernDetails,
  '0005-restricted-concerns': restrictedConcerns,
  '0006-information-sharing': informationSharing,
  '0007-attachments': attachments,
  '0008-person-index': personIndex,
  '0009-concern-search': concernSearch,
  '0010-sign-in-throttles': signInThrottles,
  '0011-person-detail-sources': personDetailSources,
  '0012-triage-deadline-required': triageDeadlineRequired,
  '0013-user-roles': userRoles,
  '0014-single-sign-on': singleSignOn,
  '0015-two-factor': twoFactor,
  '0016-people-and-settings': peopleAndSettings,
  '0017-account-administration': accountAdministration,
  '0021-audit-subject-index-later': auditSubjectIndexLater,
  '0022-assurance': assurance,
  '0023-self-assessment': selfAssessment,
  '0024-retention': retention,
  '0025-subject-access': subjectAccess,
  '0026-audit-hash-chain': auditHashChain,
  '0027-attachment-chunks': attachmentChunks,
  '0028-insight-reports': insightReports,
  '0029-concern-history-import': concernHistoryImport,
  '0030-self-assessment-imports': selfAssessmentImports,
  '0031-safeguarding-policy-reviews': safeguardingPolicyReviews,
  '0033-field-encryption': fieldEncryption,
  '0034-concern-report-counts': concernReportCounts,
  '0036-report-counts-by-statement': reportCountsByStatement,
  '0038-audit-listings': auditListings,
  '0039-keys-within-one-organisation': keysWithinOneOrganisation,
  '0040-new-concerns-counted-by-themselves': newConcernsCountedByThemselves,
  '0041-imported-without-triage-time': importedWithoutTriageTime,
};

/** Every migration this Haven knows, in order: a backup from a later Haven names one not here. */
export const migrationNames: readonly string[] = Object.keys(migrations);

/** Brings the schema up to date; fails loudly rather than run on a half-migrated database. */
// Migrations run against whatever schema exists at the time, so Kysely's docs type them Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<number> {
  return migrate(db, schema, (migrator) => migrator.migrateToLatest());
}

/** Runs the migrations up to and including `name`: for tests of a later migration's data changes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  if (!(name in migrations)) throw new Error(`No migration ${name}`);
  await migrate(db, undefined, (migrator) => migrator.migrateTo(name));
}

/** Returns how many migrations this run applied: 0 when another instance had already done it. */
async function migrate(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  schema: string | undefined,
  run: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<number> {
  // Naming the schema keeps Kysely from finding another schema's migration table on a shared server.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await run(migrator);
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
  return results?.filter((result) => result.status === 'Success').length ?? 0;
}
