import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The V8 flags Haven's server runs with (package.json's start script; keep the two in step),
 * given to every process the bench starts Haven in, so that what is measured is what runs.
 * Old space capped at 128 MB (live JS is 35–60 MB): at 20,000 concerns under 50 connections the
 * server's peak RSS fell from 352–356 MB to 196–217 MB. A young generation of 4 MB semi-spaces,
 * rather than V8's larger default: 8 MB cut the peak by 60–140 MB with no throughput lost; 4 MB
 * cut the concern page's peak under 50 connections from 303–304 MB to 287 MB (issue 11's
 * ≤ 300 MB), for up to a tenth fewer requests a second (within the runs' own spread).
 */
export const havenNodeFlags = ['--max-semi-space-size=4', '--max-old-space-size=128'];

/** The flags of the `haven` command (package.json's haven script): one process, no connections to serve. */
export const havenCommandFlags = ['--max-semi-space-size=8', '--max-old-space-size=128'];

type Reply<Result> = { ok: true; result: Result } | { ok: false; error: string };

type ChildOptions = {
  /** V8 flags for the child: Haven's own unless the child does work Haven never does. */
  nodeFlags?: readonly string[];
  /** Stops the child (and so the job) when aborted. */
  signal?: AbortSignal;
};

/** Sends one job to a fresh Node process running `script` and waits for its one reply. */
export function runInChild<Job, Result>(script: URL, job: Job, options: ChildOptions = {}): Promise<Result> {
  const child = fork(fileURLToPath(script), {
    stdio: 'inherit',
    execArgv: [...process.execArgv, ...(options.nodeFlags ?? havenNodeFlags)],
    signal: options.signal,
  });
  return new Promise((resolve, reject) => {
    child.once('message', (reply: Reply<Result>) =>
      reply.ok ? resolve(reply.result) : reject(new Error(reply.error)),
    );
    child.once('error', reject);
    // After a reply this reject does nothing; without one it stops the parent waiting forever.
    child.once('exit', (code) => reject(new Error(`${fileURLToPath(script)} exited (code ${code}) without a result`)));
    child.send(job as object);
  });
}

/** The child's side: does the one job it is sent, replies, and exits. */
export function serveChild<Job, Result>(work: (job: Job) => Promise<Result>): void {
  process.once('message', (job: Job) => {
    void work(job)
      .then(
        (result): Reply<Result> => ({ ok: true, result }),
        (error: unknown): Reply<Result> => ({ ok: false, error: describeError(error) }),
      )
      // Exit once the reply is sent: kept-alive sockets would otherwise hold the process open.
      .then((reply) => process.send!(reply, () => process.exit(0)));
  });
}

/** Only text crosses the process boundary, so the cause (often the database's own words) goes with it. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? error.message : `${error.message}: ${describeError(error.cause)}`;
}
