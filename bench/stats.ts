import type { ConcurrentPageMeasurement, LoadFigures } from './concurrent-measure.ts';
import type { LoadResult } from './load-client.ts';
import type { PageMeasurement } from './read-measure.ts';

export type Measurement = LoadResult & { peakRssBytes: number };

/** Nearest-rank percentile: always a latency that one submission actually had. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export function perSecond(result: LoadResult): number {
  return (result.latenciesMs.length / result.elapsedMs) * 1000;
}

/** Samples this process's resident memory while a run lasts; the load client is another process. */
export function sampleRss(intervalMs = 25): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/** HTTP requests answered per second across the timed submissions. */
export function requestsPerSecond(result: LoadResult): number {
  return (result.requests / result.elapsedMs) * 1000;
}

export function formatRow(label: string, haven: Measurement, baseline: Measurement): string {
  const havenRate = perSecond(haven);
  const baselineRate = perSecond(baseline);
  const havenRequests = requestsPerSecond(haven);
  return [
    label.padEnd(11),
    `haven ${havenRate.toFixed(1)} submissions/s`.padEnd(29),
    `baseline ${baselineRate.toFixed(1)} inserts/s`.padEnd(29),
    `ratio ${(havenRate / baselineRate).toPrecision(2)}×`.padEnd(15),
    `requests ${havenRequests.toFixed(0)}/s ratio ${(havenRequests / requestsPerSecond(baseline)).toPrecision(2)}×`.padEnd(
      28,
    ),
    `p50 ${milliseconds(percentile(haven.latenciesMs, 50))}`.padEnd(12),
    `p95 ${milliseconds(percentile(haven.latenciesMs, 95))}`.padEnd(12),
    `peak RSS ${megabytes(haven.peakRssBytes)} (baseline ${megabytes(baseline.peakRssBytes)})`,
  ].join(' ');
}

const milliseconds = (ms: number) => `${Math.round(ms)} ms`;
const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * One read row: HTTP against the page's reads alone (the target's ratio), against the same reads
 * at the page's pace, then against its reads with its audit rows.
 */
export function formatReadRow(label: string, page: string, row: PageMeasurement): string {
  const http50 = percentile(row.httpMs, 50);
  const p50 = (ms: number[]) => precise(percentile(ms, 50));
  const ratio = (ms: number[]) => `ratio ${(http50 / percentile(ms, 50)).toFixed(1)}×`;
  return [
    label.padEnd(11),
    page.padEnd(14),
    `HTTP p50 ${precise(http50)} p95 ${precise(percentile(row.httpMs, 95))}`.padEnd(30),
    `in server p50 ${p50(row.serverMs)}`.padEnd(22),
    `SQL reads p50 ${p50(row.sqlMs)}`.padEnd(24),
    ratio(row.sqlMs).padEnd(12),
    `paced p50 ${p50(row.sqlPacedMs)}`.padEnd(20),
    ratio(row.sqlPacedMs).padEnd(12),
    `reads+audit p50 ${p50(row.sqlAuditedMs)}`.padEnd(26),
    ratio(row.sqlAuditedMs),
  ].join(' ');
}

const precise = (ms: number) => `${ms.toFixed(1)} ms`;

/** One concurrent-load row: Haven's page against its own queries under the same concurrency. */
export function formatLoadRow(label: string, page: ConcurrentPageMeasurement): string {
  const { http, sql } = page;
  const name = page.page === 'queue' ? 'triage queue' : 'concern page';
  return [
    label.padEnd(11),
    name.padEnd(13),
    `HTTP ${http.requestsPerSecond.toFixed(1)}/s p50 ${precise(http.p50Ms)} p99 ${precise(http.p99Ms)}`.padEnd(36),
    `failed ${failed(http)}`.padEnd(9),
    `SQL ${sql.requestsPerSecond.toFixed(1)}/s p50 ${precise(sql.p50Ms)} p99 ${precise(sql.p99Ms)}`.padEnd(36),
    `rate ratio ${(sql.requestsPerSecond / http.requestsPerSecond).toFixed(1)}×`.padEnd(17),
    `peak RSS ${megabytes(page.peakRssBytes)}`.padEnd(17),
    `(${page.about})`,
  ].join(' ');
}

function failed({ errors, timeouts, non200 }: LoadFigures): string {
  const total = errors + timeouts + non200;
  return total === 0 ? '0' : `${total} (${errors} errors, ${timeouts} timeouts, ${non200} not 200)`;
}
