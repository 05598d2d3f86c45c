import type { Config } from '../config.ts';

/**
 * Logs carry request id, method, route pattern and status only: never the URL, query,
 * body, cookies, IP address or who the user is (personal data stays out of logs).
 */
export function loggerOptions(level: Config['logLevel']) {
  return {
    level,
    serializers: {
      req: (request: { method: string; routeOptions?: { url?: string } }) => ({
        method: request.method,
        route: request.routeOptions?.url ?? 'unmatched',
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
