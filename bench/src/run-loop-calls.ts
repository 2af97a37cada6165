// run-loop-calls: runContainerGroup for a 60-second job on Docker, counting every call the run loop makes to the
// backend (a counting Proxy around the hook) and every HTTP request the hook makes to the engine (dockerode's
// modem.dial wrapped): calls per minute by method, and polling calls (getState) per minute.
import { runContainerGroup, type ContainerGroupHook } from '@container-hook/core';
import { cleanup, mainOf, makeHook, nowMs, oneContainerGroup, RESOURCE_GROUP, stopController, type BenchResult, type Docker } from '#bench/util';

const SECONDS = Number(process.env['BENCH_RUN_LOOP_SECONDS'] ?? 60);
const POLLING_METHODS = new Set(['getState', 'getStateExitCodeDetails', 'getMessages', 'exists', 'list']);

/** The hook, with each method call counted by name (the target stays `this`, so private fields work). */
function counting(hook: ContainerGroupHook, calls: Map<string, number>): ContainerGroupHook {
  return new Proxy(hook, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        calls.set(prop, (calls.get(prop) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
    has: (target, prop) => Reflect.has(target, prop),
  });
}

/** Counts each engine request as `METHOD /path` with ids and names replaced. */
function countRequests(docker: Docker, requests: Map<string, number>, times: number[]): void {
  const modem = docker.modem as unknown as { dial: (options: { method?: string; path?: string }, cb: unknown) => unknown };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, cb) => {
    const p = (options.path ?? '')
      .replace(/\?.*$/, '')
      .replace(/^\/images\/.+\/json$/, '/images/{name}/json')
      .replace(/^\/(containers|volumes)\/(?!create$|json$|prune$)[^/]+/, '/$1/{id}');
    const key = `${options.method ?? 'GET'} ${p}`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
    times.push(nowMs());
    return dial(options, cb);
  };
}

export async function run(): Promise<BenchResult> {
  const hook = makeHook();
  const calls = new Map<string, number>();
  const requests = new Map<string, number>();
  const requestTimes: number[] = [];
  countRequests(await hook.getConn(), requests, requestTimes);
  const counted = counting(hook, calls);
  const name = 'run-loop';
  const group = oneContainerGroup(name, ['sh', '-c', `for i in $(seq 1 ${SECONDS}); do echo $i; sleep 1; done`]);
  const events = new Map<string, number>();
  let lastLineAt = 0;
  let lines = 0;
  const t0 = nowMs();
  const result = await runContainerGroup(counted, RESOURCE_GROUP, name, group, {
    abortSignal: stopController.signal,
    onEvent: (e) => {
      events.set(e.type, (events.get(e.type) ?? 0) + 1);
      if (e.type === 'log') {
        lines++;
        lastLineAt = nowMs();
      }
    },
  });
  const wallMs = nowMs() - t0;
  // The job's steady middle (from 5 s after the start to 5 s before its last line): any request there is periodic.
  const steady = requestTimes.filter((t) => t > t0 + 5_000 && t < lastLineAt - 5_000).length;
  const steadySeconds = Math.max(0, (lastLineAt - 5_000 - (t0 + 5_000)) / 1000);
  const doneLagMs = nowMs() - lastLineAt;
  if (result.exitCode !== 0 || lines !== SECONDS) throw new Error(`run ended with exit ${result.exitCode} after ${lines} lines`);
  const perMin = (n: number) => (n * 60_000) / wallMs;
  const polling = [...calls].filter(([m]) => POLLING_METHODS.has(m) && m !== 'exists').reduce((a, [, n]) => a + n, 0);
  const inspects = requests.get('GET /containers/{id}/json') ?? 0;
  const fmt = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n} (${perMin(n).toFixed(1)}/min)`)
      .join(', ');
  const left = await cleanup();
  return {
    name: 'run-loop-calls',
    what: `runContainerGroup on Docker for a ${SECONDS}-line, ${SECONDS}-second job: backend calls counted through a Proxy`,
    hook: `${perMin(polling).toFixed(1)} polling calls/min`,
    baseline: '0 (goal)',
    ratio: '—',
    goal: '0 polling calls/min',
    pass: polling === 0,
    notes: [
      `wall ${(wallMs / 1000).toFixed(1)} s, exit ${result.exitCode}, ${lines} log lines each once; run resolved ${(doneLagMs / 1000).toFixed(2)} s after the last line (the job sleeps 1 s after it)`,
      `hook calls by method: ${fmt(calls)}`,
      `polling calls (getState, getStateExitCodeDetails, getMessages, list): ${polling} = ${perMin(polling).toFixed(1)}/min`,
      `the Docker hook ${(hook as ContainerGroupHook).watch ? 'has watch(): state is pushed' : 'has no watch() yet: the run loop polls getState with backoff (1 s ×1.5 up to 30 s)'}`,
      `engine requests by the hook: ${fmt(requests)}; container inspects ${perMin(inspects).toFixed(1)}/min`,
      `engine requests while the job ran steadily (${steadySeconds.toFixed(0)} s in the middle): ${steady}`,
      `run-loop events: ${fmt(events)}`,
    ],
    leftovers: left,
  };
}

if (import.meta.main) await mainOf(run);
