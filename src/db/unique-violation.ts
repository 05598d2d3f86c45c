/**
 * Whether a write failed on a unique constraint, in either database: PostgreSQL's SQLSTATE
 * 23505, or better-sqlite3's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY. A check that reads first
 * cannot see a row another transaction is writing at the same moment; the constraint can.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== 'object' || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
