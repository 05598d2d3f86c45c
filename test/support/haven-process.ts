import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

const mainScript = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** A port nobody is listening on just now, from the operating system. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export type HavenProcess = {
  baseUrl: string;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** Waits until GET /readyz answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

/** Haven as it is deployed: src/main.ts in a process of its own, configured by its environment. */
export async function startHavenProcess(environment: Record<string, string>): Promise<HavenProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [mainScript], {
    env: { PATH: process.env.PATH ?? '', TZ: 'Europe/London', HOST: '127.0.0.1', PORT: String(port), ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const baseUrl = `http://127.0.0.1:${port}`;
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    baseUrl,
    child,
    output: () => printed,
    exited,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (ended) throw new Error(`Haven exited before it was ready:\n${printed}`);
        const status = await fetch(`${baseUrl}/readyz`).then(
          (response) => response.status,
          () => 0,
        );
        if (status === 200) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`Haven was not ready within ${timeoutMs} ms:\n${printed}`);
    },
    async stop() {
      if (!ended) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Lets WebClient (written for app.inject) drive a real Haven over HTTP: the same calls, sent
 * with fetch to another process, answered in the shape light-my-request gives.
 */
export function overHttp(baseUrl: string): Pick<FastifyInstance, 'inject'> {
  const inject = async (options: InjectOptions): Promise<LightMyRequestResponse> => {
    const response = await fetch(`${baseUrl}${String(options.url)}`, {
      method: options.method ?? 'GET',
      headers: options.headers as Record<string, string>,
      ...(options.payload !== undefined ? { body: options.payload as string | Buffer<ArrayBuffer> } : {}),
      redirect: 'manual',
    });
    const rawPayload = Buffer.from(await response.arrayBuffer());
    const body = rawPayload.toString();
    return {
      statusCode: response.status,
      headers: Object.fromEntries(response.headers),
      rawPayload,
      body,
      payload: body,
      json: () => JSON.parse(body),
      cookies: response.headers.getSetCookie().map(parseSetCookie),
    } as unknown as LightMyRequestResponse;
  };
  return { inject } as unknown as Pick<FastifyInstance, 'inject'>;
}

/** The name, value and expiry of one Set-Cookie header: all WebClient keeps. */
function parseSetCookie(header: string) {
  const [pair = '', ...attributes] = header.split(';');
  const at = pair.indexOf('=');
  const cookie: { name: string; value: string; expires?: Date } = {
    name: pair.slice(0, at).trim(),
    value: pair.slice(at + 1).trim(),
  };
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=');
    if (key.trim().toLowerCase() === 'expires') cookie.expires = new Date(value);
    if (key.trim().toLowerCase() === 'max-age' && Number(value) <= 0) cookie.expires = new Date(0);
  }
  return cookie;
}
