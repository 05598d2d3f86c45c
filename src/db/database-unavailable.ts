// Errors that mean "the database could not be reached or went away", not "the query was wrong":
// a refused or reset connection, a backend terminated (pg_terminate_backend, a restart, a
// failover), or the server still starting. Such a request may safely be tried again, so it gets
// the 503 page rather than a 500.
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
// SQLSTATE 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now; class 08 is "connection exception".
const serverCodes = new Set(['57P01', '57P02', '57P03']);
// node-postgres reports a socket closed under it by message only.
const droppedConnection =
  /^Connection terminated|Client has encountered a connection error|Connection ended unexpectedly/;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (networkCodes.has(code) || serverCodes.has(code) || code.startsWith('08'))) {
    return true;
  }
  if (droppedConnection.test(error.message)) return true;
  return error.cause !== undefined && error.cause !== error && isDatabaseUnavailable(error.cause);
}
