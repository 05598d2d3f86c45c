import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from '../db/database-unavailable.ts';
import { type ErrorCode, HavenError, errorCatalogue } from '../errors.ts';

/** Maps every error to its catalogue page; unknown errors become a 500 that names nothing personal. */
export function registerErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler((_request, reply) => renderError(reply, 'not-found'));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const code = errorCode(error);
    if (code === 'database-unavailable')
      request.log.warn({ err: { type: error.name, code: error.code } }, 'database unavailable');
    if (code === 'internal') {
      request.log.error({ err: { type: error.name, code: error.code, stack: error.stack } }, 'unhandled error');
    }
    // Fastify's own 4xx (415 unsupported type, 413 too large, …) keep their status.
    const status = code === 'bad-request' && error.statusCode ? error.statusCode : undefined;
    return renderError(reply, code, status);
  });

  function renderError(reply: FastifyReply, code: ErrorCode, status?: number) {
    const entry = errorCatalogue[code];
    reply.code(status ?? entry.status);
    return reply.view('error.njk', { pageTitle: entry.title, title: entry.title, message: entry.message });
  }
}

function errorCode(error: FastifyError): ErrorCode {
  if (error instanceof HavenError) return error.code;
  // The database restarting, failing over or dropping a connection: safe to try again (503), not a fault (500).
  if (isDatabaseUnavailable(error)) return 'database-unavailable';
  if (error.code?.startsWith('FST_CSRF')) return 'csrf-invalid';
  if (error.statusCode === 429) return 'too-many-sign-in-attempts';
  if (error.statusCode === 404) return 'not-found';
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'form-too-large';
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return 'bad-request';
  return 'internal';
}
