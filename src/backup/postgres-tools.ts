import { spawn } from 'node:child_process';

/**
 * pg_dump and pg_restore reach the server through libpq's environment variables, so the
 * password never appears in a command line (visible to every user in `ps`) or in output.
 */
export function libpqEnvironment(url: string, database?: string): Record<string, string> {
  const address = new URL(url);
  const environment: Record<string, string> = {
    PGHOST: decodeURIComponent(address.hostname.replace(/^\[|\]$/g, '')) || 'localhost',
    PGPORT: address.port || '5432',
    PGDATABASE: database ?? decodeURIComponent(address.pathname.slice(1)),
  };
  if (address.username) environment.PGUSER = decodeURIComponent(address.username);
  if (address.password) environment.PGPASSWORD = decodeURIComponent(address.password);
  const sslMode = address.searchParams.get('sslmode');
  if (sslMode) environment.PGSSLMODE = sslMode;
  return environment;
}

export type ToolResult = { status: number; stderr: string };

/** Runs a PostgreSQL client program; stderr is kept for the caller to judge, never printed as is. */
export function runTool(program: string, args: readonly string[], environment: Record<string, string>) {
  return new Promise<ToolResult>((resolve, reject) => {
    const child = spawn(program, args, { env: environment, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 10_000) stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status: status ?? 1, stderr }));
  });
}
