import type { HavenDb } from '../../src/db/connect.ts';
import { startRequest } from '../../src/features/subject-access/subject-access.ts';
import { actorFor } from './builders.ts';

/** A subject access request about a person in the index, started by the demo DSL; returns its id. */
export async function buildSubjectAccessRequest(db: HavenDb, personId: string, receivedOn = '2026-06-10') {
  const dsl = await actorFor(db, 'dsl@city.example');
  return startRequest(db, dsl, personId, receivedOn, null);
}
