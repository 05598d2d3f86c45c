// `haven import self-assessment FILE --organisation NAME [--year 2023-24]`: a past return, in the
// Boards' plain-text layout, into an organisation's records (issue 10). Every problem is listed by
// line and nothing is written unless the whole file reads.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { importSelfAssessmentReturn } from '../assurance/self-assessment-import.ts';
import type { Config } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrations/index.ts';
import { decodeText } from '../domain/text-encoding.ts';
import { parseSelfAssessmentReturn } from '../domain/self-assessment-return.ts';
import { Refusal, errorCatalogue } from '../errors.ts';

export const importSelfAssessmentUsage =
  '  haven import self-assessment FILE --organisation NAME [--year YYYY-YY]   a past return (plain text) as a submitted assessment';

type Output = { out: (line: string) => void; err: (line: string) => void };
const yearPattern = /^\d{4}-\d{2}$/;

/** Returns the exit status: 0 imported, 2 refused (usage, an unreadable file, a year already held). */
export async function importSelfAssessmentCommand(
  args: readonly string[],
  config: Config,
  output: Output,
): Promise<number> {
  let parsedArgs;
  try {
    parsedArgs = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { organisation: { type: 'string' }, year: { type: 'string' } },
    });
  } catch {
    output.err(importSelfAssessmentUsage);
    return 2;
  }
  const [file, ...extra] = parsedArgs.positionals;
  const { organisation, year } = parsedArgs.values;
  if (!file || extra.length > 0 || !organisation || (year !== undefined && !yearPattern.test(year))) {
    output.err(importSelfAssessmentUsage);
    return 2;
  }
  const decoded = decodeText(await readFile(file));
  if (!decoded.ok) {
    output.err(decoded.problem);
    return 2;
  }
  const parsed = parseSelfAssessmentReturn(decoded.text);
  if (!parsed.ok) {
    for (const problem of parsed.problems) output.err(`Line ${problem.line}: ${problem.message}`);
    output.err(`Nothing was imported: ${parsed.problems.length} problems.`);
    return 2;
  }
  const yearLabel = year ?? parsed.value.yearLabel;
  if (!yearLabel) {
    output.err('The title does not say which year the return is for: give it with --year, for example --year 2023-24.');
    return 2;
  }

  const db = connectDatabase(config.database);
  try {
    await migrateToLatest(db, config.database.kind === 'postgres' ? config.database.schema : undefined);
    const found = await db
      .selectFrom('organisations')
      .select('id')
      .where((eb) => eb.or([eb('name', '=', organisation), eb('id', '=', organisation)]))
      .execute();
    if (found.length !== 1) {
      output.err(`No single organisation is called "${organisation}": give its exact name or id.`);
      return 2;
    }
    const imported = await db.transaction().execute((trx) =>
      importSelfAssessmentReturn(trx, {
        organisationId: found[0]!.id,
        actorId: null,
        parsed: parsed.value,
        yearLabel,
        now: new Date(),
      }),
    );
    for (const note of parsed.value.notes) output.out(`Line ${note.line}: ${note.message}`);
    output.out(
      `Imported the ${yearLabel} self-assessment: ${imported.standards} standards, ${imported.rated} rated, ${imported.actions} actions added to the action plan.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof Refusal) {
      const entry = errorCatalogue[error.code];
      output.err(`${entry.title}. ${entry.message}`);
      return 2;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}
