import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { auditedRead } from '../../concerns/audited-read.ts';
import { searchPeopleByName } from './person-search.queries.ts';

/** People in the index found by name; listing names people, so each one listed is audited. */
export async function findPeople(db: HavenDb, actor: Actor, name: string, requestId: string | null) {
  if (!name) return [];
  return auditedRead(
    db,
    actor,
    requestId,
    (trx) => searchPeopleByName(trx, actor, name),
    (people) => ({ 'person.listed': people.map((p) => p.id) }),
  );
}

/** The one search box on a people page: `?name=`, trimmed and cut to a sensible length. */
export function searchTerm(query: unknown): string {
  const name = (query as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name.trim().slice(0, 100) : '';
}

/** A string field of a posted form, or '' when missing or tampered into something else. */
export function formField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}
