import { serveChild } from './child.ts';
import { HavenVisitor } from './haven-visitor.ts';

/** One signed-in user reading one page over and over, in a process of its own (see read-measure.ts). */
export type ReadJob = {
  baseUrl: string;
  email: string;
  password: string;
  path: string;
  warmUp: number;
  requests: number;
  /** Each answer must show this pattern exactly this many times, or the run measures something else. */
  expect: { pattern: string; count: number; what: string };
};

export type ReadResult = { latenciesMs: number[] };

/** Sequential GETs: each is timed from sending the request to reading the last byte of the page. */
async function read(job: ReadJob): Promise<ReadResult> {
  const visitor = new HavenVisitor(job.baseUrl);
  await visitor.signIn(job.email, job.password);
  const pattern = new RegExp(job.expect.pattern, 'g');
  const latenciesMs: number[] = [];
  for (let n = 0; n < job.warmUp + job.requests; n++) {
    const started = performance.now();
    const page = await visitor.get(job.path);
    const elapsed = performance.now() - started;
    if (page.status !== 200) throw new Error(`GET ${job.path} answered ${page.status}`);
    const shown = page.body.match(pattern)?.length ?? 0;
    if (shown !== job.expect.count) {
      throw new Error(`GET ${job.path} showed ${shown} ${job.expect.what}; expected ${job.expect.count}`);
    }
    if (n >= job.warmUp) latenciesMs.push(elapsed);
  }
  return { latenciesMs };
}

serveChild(read);
