import multipart, { type Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HavenError } from '../errors.ts';
import { cleanText } from './control-characters.ts';

// Multipart bodies (file uploads) are accepted only inside withMultipartForms: everywhere else
// Fastify has no parser for them and answers 415 without reading the body (issue 11). Inside,
// nothing is read at parsing time: access control runs first, then the CSRF check reads the
// `_csrf` field, which the form sends before its file, and only then does the route read the file.

export type UploadedFile = { bytes: Buffer; truncated: boolean; fileName: string };
export type MultipartForm = { fields: Record<string, string>; file: UploadedFile | null };

const partsOf = new WeakMap<FastifyRequest, AsyncIterableIterator<Multipart>>();
const csrfTokenOf = new WeakMap<FastifyRequest, string>();

/** Registers routes that take one file of at most `maxFileBytes`, in their own scope. */
export function withMultipartForms(
  app: FastifyInstance,
  maxFileBytes: number,
  registerRoutes: (scope: FastifyInstance) => void,
): void {
  app.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: maxFileBytes, files: 1, fields: 10, parts: 11, fieldSize: 64 * 1024, headerPairs: 20 },
    });
    registerRoutes(scope);
  });
}

export function isMultipartForm(request: FastifyRequest): boolean {
  return typeof request.isMultipart === 'function' && request.isMultipart();
}

/** Reads only the first part, which must be the `_csrf` field, for multipartCsrfToken; the file stays unread. */
export async function readCsrfField(request: FastifyRequest): Promise<void> {
  const parts = request.parts();
  partsOf.set(request, parts);
  const first = await nextPart(parts);
  if (first?.type === 'field' && first.fieldname === '_csrf' && typeof first.value === 'string') {
    csrfTokenOf.set(request, first.value);
  }
}

export const multipartCsrfToken = (request: FastifyRequest) => csrfTokenOf.get(request);

/** The rest of a form whose CSRF field has been checked: its text fields and its one file, cut off at the cap. */
export async function readMultipartForm(request: FastifyRequest): Promise<MultipartForm> {
  const parts = partsOf.get(request);
  if (!parts) throw new HavenError('bad-request', 'multipart form read before its CSRF field');
  const form: MultipartForm = { fields: {}, file: null };
  for (let part = await nextPart(parts); part; part = await nextPart(parts)) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') form.fields[part.fieldname] = cleanText(part.value);
      continue;
    }
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
    } catch {
      throw new HavenError('bad-request', 'multipart file could not be read');
    }
    form.file = { bytes: Buffer.concat(chunks), truncated: part.file.truncated, fileName: part.filename };
  }
  return form;
}

/** A body that is not well-formed multipart, or breaks its limits, is the sender's mistake: 400. */
async function nextPart(parts: AsyncIterableIterator<Multipart>): Promise<Multipart | undefined> {
  try {
    const result = await parts.next();
    return result.done ? undefined : result.value;
  } catch {
    throw new HavenError('bad-request', 'malformed multipart body');
  }
}
