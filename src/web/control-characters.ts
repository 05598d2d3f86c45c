import type { FastifyInstance } from 'fastify';

// Issue 11.3: PostgreSQL refuses NUL in text ("invalid byte sequence for encoding UTF8: 0x00")
// where SQLite keeps it, so one form saved on one database could never be sent on the other.
// Nobody means to type a control character: they come from pasted documents or hostile
// clients. Haven strips them at the edge, the same on both databases, keeping tab and line
// breaks; a browser's textarea sends line breaks as \r\n, so they are kept as \n.

// C0 controls and DEL, except tab (\t), line feed (\n) and carriage return (\r).
// eslint-disable-next-line no-control-regex
const unwanted = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Text as Haven keeps it: no control characters but tab and newline, and \n for every line break. */
export function cleanText(text: string): string {
  return text.replace(unwanted, '').replace(/\r\n?/g, '\n');
}

type Field = { value?: unknown };

/** Every string in a parsed form, query or route: plain values, repeated values, multipart fields. */
function cleanValues(values: unknown): void {
  if (!values || typeof values !== 'object') return;
  const record = values as Record<string, unknown>;
  for (const [name, value] of Object.entries(record)) {
    if (typeof value === 'string') record[name] = cleanText(value);
    else if (Array.isArray(value)) cleanValues(value);
    // A multipart text field is an object holding its value; a file part's value is not a string.
    else if (value && typeof value === 'object' && typeof (value as Field).value === 'string') {
      (value as Field).value = cleanText((value as Field).value as string);
    }
  }
}

/**
 * Cleans every text a request carries before any route, CSRF check or rate limit reads it, so
 * no form (sign-in and search included) can pass a control character to the database.
 */
export function registerControlCharacterCleaning(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    cleanValues(request.body);
    cleanValues(request.query);
    cleanValues(request.params);
  });
}
