// The load side of aci-scale, in a worker thread (so that the load tool does not share the emulator's event loop):
// autocannon on one URL for a fixed duration. Every 2xx response's latency is kept at full resolution (autocannon's
// own histogram holds whole milliseconds), from autocannon's `response` event, and the percentiles are computed here.
import { parentPort, workerData } from 'node:worker_threads';
// @ts-expect-error -- autocannon ships no types (and @types/autocannon lags its major version); typed below.
import autocannonUntyped from 'autocannon';

/** What the parent sends: where to load, with what, for how long. */
export interface LoadJob {
  url: string;
  /** The `Authorization` header's value. */
  authorization: string;
  /** The emulator's CA, PEM (passed to `tls.connect`; autocannon itself sets `rejectUnauthorized: false`). */
  ca: string;
  connections: number;
  durationSeconds: number;
}

/** What the worker answers. */
export interface LoadResult {
  /** 2xx responses and the others. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** The run's real duration, s (autocannon's). */
  seconds: number;
  /** 2xx responses per second over the run. */
  rps: number;
  /** Exact latency percentiles of the 2xx responses, ms. */
  p50: number;
  p99: number;
  max: number;
  /** autocannon's own p50 / p99 (whole ms), for comparison with its CLI. */
  autocannonP50: number;
  autocannonP99: number;
  /** Mean response size, bytes. */
  meanBytes: number;
}

/** autocannon's raw result: in a worker thread it skips the aggregation (it assumes its own worker mode). */
interface AutocannonRawResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  totalBytes: number;
}
interface AutocannonResult {
  latency: { p50: number; p99: number };
}
interface AutocannonInstance extends Promise<AutocannonRawResult> {
  on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  tlsOptions: { ca: string };
}
type Autocannon = ((options: AutocannonOptions) => AutocannonInstance) & {
  aggregateResult(results: AutocannonRawResult[], options: AutocannonOptions): AutocannonResult;
};
const autocannon = autocannonUntyped as Autocannon;

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export async function load(job: LoadJob): Promise<LoadResult> {
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  const options: AutocannonOptions = {
    url: job.url,
    connections: job.connections,
    duration: job.durationSeconds,
    headers: { authorization: job.authorization, accept: 'application/json' },
    tlsOptions: { ca: job.ca },
  };
  const instance = autocannon(options);
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode < 200 || statusCode >= 300) return;
    if (n === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[n++] = responseTime;
  });
  const r = await instance;
  const aggregated = autocannon.aggregateResult([r], options);
  const sorted = latencies.subarray(0, n).sort();
  return {
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    seconds: r.duration,
    rps: r['2xx'] / r.duration,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: n ? sorted[n - 1]! : Number.NaN,
    autocannonP50: aggregated.latency.p50,
    autocannonP99: aggregated.latency.p99,
    meanBytes: r['2xx'] + r.non2xx > 0 ? r.totalBytes / (r['2xx'] + r.non2xx) : 0,
  };
}

if (parentPort) parentPort.postMessage(await load(workerData as LoadJob));
