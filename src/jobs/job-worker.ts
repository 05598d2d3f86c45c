import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { errorCode } from './job-failure.ts';
import { type Job, claimNextJob, markJobDone, markJobFailed } from './job-queue.queries.ts';
import type { JobDeps, JobKind, JobLog } from './job-types.ts';

export type JobRun = Readonly<{
  deps: JobDeps;
  kinds: readonly JobKind[];
  workerId: string;
  log: JobLog;
  /** True once the instance is stopping: the job under way finishes, no other is claimed. */
  stopping?: () => boolean;
}>;
export type JobResult = Readonly<{ id: string; kind: string; outcome: string }>;

/** Bounds one run, so a flood of jobs cannot keep a worker from polling its schedules. */
const maxJobsPerRun = 200;

/** A worker's name in `locked_by`: enough to tell instances apart, nothing personal. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Runs every job due at `deps.now`, one at a time, until none is left (or the bound is hit). */
export async function runDueJobs(run: JobRun): Promise<JobResult[]> {
  const kinds = new Map(run.kinds.map((kind) => [kind.kind, kind]));
  const results: JobResult[] = [];
  for (let i = 0; i < maxJobsPerRun && !run.stopping?.(); i++) {
    const job = await claimNextJob(run.deps.db, [...kinds.keys()], run.workerId, run.deps.now);
    if (!job) break;
    const outcome = await runClaimed(job, kinds.get(job.kind)!, run);
    results.push({ id: job.id, kind: job.kind, outcome });
  }
  return results;
}

async function runClaimed(job: Job, kind: JobKind, { deps, workerId, log }: JobRun): Promise<string> {
  const details = { job: job.kind, jobId: job.id, attempt: job.attempts };
  // Claimed again after its worker died on the last allowed attempt: give up rather than loop.
  if (job.attempts > job.max_attempts) {
    await markJobFailed(deps.db, job, workerId, 'LEASE_EXPIRED', deps.now);
    log.error({ ...details, outcome: 'failed', error: 'LEASE_EXPIRED' }, 'job failed');
    return 'failed';
  }
  try {
    const outcome = await kind.run(JSON.parse(job.payload), deps);
    await markJobDone(deps.db, job, workerId, deps.now);
    log.info({ ...details, outcome }, 'job done');
    return outcome;
  } catch (error) {
    const code = errorCode(error);
    const state = await markJobFailed(deps.db, job, workerId, code, deps.now);
    log[state === 'failed' ? 'error' : 'warn']({ ...details, outcome: state, error: code }, 'job failed');
    return state;
  }
}

/** Lets every kind with a schedule enqueue its due work; dedupe keys make repeats harmless. */
export async function runSchedules(run: JobRun): Promise<void> {
  for (const kind of run.kinds) {
    if (!kind.schedule) continue;
    const enqueued = await kind.schedule(run.deps);
    if (enqueued > 0) run.log.info({ job: kind.kind, enqueued }, 'jobs scheduled');
  }
}

export type JobWorker = { stop(): Promise<void> };
export type JobWorkerOptions = Omit<JobRun, 'deps'> & { deps: Omit<JobDeps, 'now'>; pollSeconds: number };

/**
 * Polls at once and then every `pollSeconds`: schedules, then due jobs. A poll starts only
 * after the last has finished, and stop() waits for the job under way, claiming no other.
 */
export function startJobWorker(options: JobWorkerOptions): JobWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const poll = async () => {
    const run = { ...options, deps: { ...options.deps, now: new Date() }, stopping: () => stopped };
    try {
      await runSchedules(run);
      await runDueJobs(run);
    } catch (error) {
      // The database may be away for a moment; the next poll tries again.
      options.log.error({ jobs: 'poll', error: errorCode(error) }, 'job poll failed');
    }
  };
  const tick = () => {
    current = poll().finally(() => {
      if (!stopped) timer = setTimeout(tick, options.pollSeconds * 1000);
    });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
