import { randomBytes } from 'node:crypto';
import { demoPassword } from '../src/db/demo-data.ts';
import { runInChild, serveChild } from './child.ts';
import { addBenchReporters, createSeededDatabase, findSeededIds } from './database.ts';
import { HavenVisitor } from './haven-visitor.ts';
import type { LoadJob, LoadResult } from './load-client.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';
import { percentile } from './stats.ts';

// The scale-out part (issue 12): the same load against one Haven instance and against two on the
// same PostgreSQL database, each request sent to the next instance in turn (round-robin, no
// stickiness: sessions, throttles, attachments and jobs live in the database). Each instance is a
// process of its own, so its peak RSS and CPU time are its alone.

export type ScaleOutJob = {
  instances: number;
  users: number;
  submissions: number;
  queueConnections: number;
  queueSeconds: number;
  postgresUrl: string;
};

export type ScaleOutRow = {
  page: 'recording' | 'triage queue';
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  /** How many timed units: submissions (each a 15-request journey) or page loads. */
  count: number;
};

export type ScaleOutMeasurement = {
  instances: number;
  rows: ScaleOutRow[];
  peakRssBytes: number[];
  cpuSeconds: number[];
  wallSeconds: number;
};

const loadClient = new URL('./load-client.ts', import.meta.url);

async function measure(job: ScaleOutJob): Promise<ScaleOutMeasurement> {
  const database = await createSeededDatabase('postgres', job.postgresUrl);
  const servers: ServerProcess[] = [];
  const started = performance.now();
  try {
    const emails = await addBenchReporters(database.db, job.users);
    const { categoryId, serviceAreaId } = await findSeededIds(database.db);
    const secret = randomBytes(32).toString('hex');
    for (let i = 0; i < job.instances; i++)
      servers.push(await startServerProcess(database.config, { sessionSecret: secret }));
    const urls = servers.map((server) => server.baseUrl);

    const recording = await runInChild<LoadJob, LoadResult>(loadClient, {
      kind: 'haven',
      baseUrl: urls[0]!,
      spreadOver: urls,
      users: job.users,
      submissions: job.submissions,
      emails,
      password: demoPassword,
      choices: { categoryId, serviceAreaId },
    });
    const queue = await loadTriageQueue(urls, job.queueConnections, job.queueSeconds);
    return {
      instances: job.instances,
      rows: [
        {
          page: 'recording',
          requestsPerSecond: recording.requests / (recording.elapsedMs / 1000),
          p50Ms: percentile(recording.latenciesMs, 50),
          p99Ms: percentile(recording.latenciesMs, 99),
          failed: 0,
          count: recording.latenciesMs.length,
        },
        queue,
      ],
      peakRssBytes: servers.map((server) => server.peakRssBytes()),
      cpuSeconds: servers.map((server) => server.cpuSeconds()),
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const server of servers) await server.stop();
    await database.drop();
  }
}

/** `connections` DSOs' browsers reloading the triage queue for `seconds`, each request to the next instance. */
async function loadTriageQueue(urls: string[], connections: number, seconds: number): Promise<ScaleOutRow> {
  const dso = new HavenVisitor(urls);
  await dso.signIn('dso@city.example', demoPassword);
  const cookie = dso.cookie;
  const latencies: number[] = [];
  let failed = 0;
  let turn = 0;
  const until = performance.now() + seconds * 1000;
  const begun = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const url = urls[turn++ % urls.length]!;
        const sent = performance.now();
        try {
          const response = await fetch(`${url}/triage`, { headers: { cookie }, redirect: 'manual' });
          await response.arrayBuffer();
          if (response.status === 200) latencies.push(performance.now() - sent);
          else failed++;
        } catch {
          failed++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - begun) / 1000;
  return {
    page: 'triage queue',
    requestsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failed,
    count: latencies.length,
  };
}

serveChild(measure);
