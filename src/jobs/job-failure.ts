/**
 * How long a job waits after its nth failed attempt (n from 1): one minute, then two, four,
 * eight... so a relay that is down for a while is not hammered, yet a blip costs a minute.
 */
export function retryDelayMs(failedAttempts: number): number {
  return 60_000 * 2 ** Math.max(0, failedAttempts - 1);
}

/** A failure's code for the job row and the log: never its message, which may name people. */
export function errorCode(error: unknown): string {
  if (!(error instanceof Error)) return 'UNKNOWN';
  const { code, responseCode } = error as Error & { code?: unknown; responseCode?: unknown };
  const name = typeof code === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(code) ? code : error.name.slice(0, 40);
  return typeof responseCode === 'number' ? `${name} ${responseCode}` : name;
}
