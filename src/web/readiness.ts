import type { FastifyInstance } from 'fastify';
import { HavenError } from '../errors.ts';

/**
 * Whether this instance should be sent requests (GET /readyz): not while it is starting
 * (migrations running, or waiting for another instance's), and not once it has been told to
 * stop. Liveness (/healthz) is a separate question: a process that answers is alive.
 */
export type ReadinessState = 'starting' | 'ready' | 'stopping';

export class Readiness {
  #state: ReadinessState;

  constructor(state: ReadinessState = 'starting') {
    this.#state = state;
  }

  get state(): ReadinessState {
    return this.#state;
  }

  ready(): void {
    if (this.#state === 'starting') this.#state = 'ready';
  }

  stopping(): void {
    this.#state = 'stopping';
  }
}

const probes = new Set(['/healthz', '/readyz']);

/**
 * Until the instance is ready every page but the probes is a 503 asking people to try again:
 * the schema may not be there yet. Registered before anything that reads the database.
 */
export function registerStartingGate(app: FastifyInstance, readiness: Readiness): void {
  app.addHook('onRequest', async (request) => {
    if (readiness.state === 'starting' && !probes.has(request.url)) throw new HavenError('haven-starting');
  });
}
