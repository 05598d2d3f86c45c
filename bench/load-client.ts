import { serveChild } from './child.ts';
import { HavenVisitor, type SubmissionChoices } from './haven-visitor.ts';

/** What the load client is asked to do, in its own process so it does not share the server's core. */
export type LoadJob = { baseUrl: string; users: number; submissions: number } & (
  | {
      kind: 'haven';
      emails: string[];
      password: string;
      choices: SubmissionChoices;
      /** Several instances: every request goes to the next of these in turn (the scale-out part). */
      spreadOver?: string[];
    }
  | { kind: 'baseline' }
);

/**
 * Wall-clock time of the timed submissions, how long each took from first request to last
 * answer, and how many HTTP requests they made between them (a Haven submission is a journey).
 */
export type LoadResult = { elapsedMs: number; latenciesMs: number[]; requests: number };

/** One submission; answers the number of HTTP requests it made. */
type Work = (n: number) => Promise<number>;

/**
 * Virtual users share one counter, so exactly `submissions` are timed however their speeds
 * differ. One failure stops every user: a run with failed submissions measures nothing.
 */
export async function runLoad(users: Work[], submissions: number): Promise<LoadResult> {
  let next = 0;
  let failed = false;
  let requests = 0;
  const latenciesMs: number[] = [];
  const started = performance.now();
  await Promise.all(
    users.map(async (work) => {
      while (!failed && next < submissions) {
        const n = next++;
        const begun = performance.now();
        let made: number;
        try {
          // Not `requests += await …`: that reads the total before the await and loses other users' counts.
          made = await work(n);
        } catch (error) {
          failed = true;
          throw error;
        }
        requests += made;
        latenciesMs.push(performance.now() - begun);
      }
    }),
  );
  return { elapsedMs: performance.now() - started, latenciesMs, requests };
}

async function havenUsers(job: Extract<LoadJob, { kind: 'haven' }>): Promise<Work[]> {
  const visitors = job.emails.map(() => new HavenVisitor(job.spreadOver ?? job.baseUrl));
  await Promise.all(visitors.map((visitor, i) => visitor.signIn(job.emails[i]!, job.password)));
  return visitors.map((visitor) => async (n) => {
    const before = visitor.requests;
    await visitor.submitConcern(n, job.choices);
    return visitor.requests - before;
  });
}

function baselineUsers(job: Extract<LoadJob, { kind: 'baseline' }>): Work[] {
  const post: Work = async (n) => {
    const response = await fetch(`${job.baseUrl}/concerns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        description: `Baseline concern ${n}`,
        happenedOn: '2025-03-14',
        location: 'Flat 2, Bench Court',
      }),
      redirect: 'manual',
    });
    const body = await response.text();
    if (response.status !== 201)
      throw new Error(`baseline POST /concerns answered ${response.status}: ${body.slice(0, 200)}`);
    return 1;
  };
  return Array.from({ length: job.users }, () => post);
}

async function run(job: LoadJob): Promise<LoadResult> {
  const users = job.kind === 'haven' ? await havenUsers(job) : baselineUsers(job);
  // One untimed round lets both servers compile their hot paths and open pooled connections.
  await runLoad(users, users.length);
  return runLoad(users, job.submissions);
}

serveChild(run);
