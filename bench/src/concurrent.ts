// concurrent: 50 groups created and run to completion at once through the hook, vs raw dockerode doing the
// same containers at once: wall clock, failures, leaks.
import { hookLifecycle, rawLifecycle } from '#bench/lifecycle';
import { checkStop, cleanup, docker, fmtRatio, leftovers, mainOf, makeHook, median, nowMs, spread, type BenchResult } from '#bench/util';

const GROUPS = Number(process.env['BENCH_CONCURRENT_GROUPS'] ?? 50);
const ROUNDS = Number(process.env['BENCH_CONCURRENT_ROUNDS'] ?? 3);

interface Round {
  ms: number;
  failures: number;
  errors: string[];
  /** Objects of this round still there after every lifecycle resolved (each deletes its own). */
  leaked: number;
}

async function round(kind: 'hook' | 'raw', r: number): Promise<Round> {
  const hook = makeHook();
  const t0 = nowMs();
  const results = await Promise.allSettled(
    Array.from({ length: GROUPS }, (_, i) => (kind === 'hook' ? hookLifecycle(hook, `cc-h${r}-${i}`) : rawLifecycle(docker, `cc-r${r}-${i}`))),
  );
  const ms = nowMs() - t0;
  const failed = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
  const { containers, volumes } = await leftovers();
  const leaked = containers.length + volumes.length;
  // Failures leave objects behind by design (nothing deleted them): clear them so the next round starts clean.
  if (leaked > 0) await cleanup();
  return { ms, failures: failed.length, errors: [...new Set(failed.map((f) => String((f.reason as Error)?.message ?? f.reason)))], leaked };
}

export async function run(): Promise<BenchResult> {
  const hookRounds: Round[] = [];
  const rawRounds: Round[] = [];
  // Warm both paths (engine discovery, sandbox image check) outside the timing.
  await hookLifecycle(makeHook(), 'cc-warm-h');
  await rawLifecycle(docker, 'cc-warm-r');
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order: hook, raw, raw, hook, …
    const order: Array<'hook' | 'raw'> = r % 2 === 0 ? ['hook', 'raw'] : ['raw', 'hook'];
    for (const kind of order) {
      checkStop();
      const res = await round(kind, r);
      (kind === 'hook' ? hookRounds : rawRounds).push(res);
      if (process.env['BENCH_VERBOSE']) console.log(`  round ${r} ${kind}: ${res.ms.toFixed(0)} ms, ${res.failures} failed, ${res.leaked} leaked`);
    }
  }
  const hookMs = hookRounds.map((x) => x.ms);
  const rawMs = rawRounds.map((x) => x.ms);
  const ratio = median(hookMs) / median(rawMs);
  const sum = (rs: Round[], k: 'failures' | 'leaked') => rs.reduce((a, x) => a + x[k], 0);
  const errors = [...new Set([...hookRounds, ...rawRounds].flatMap((x) => x.errors))];
  const left = await cleanup();
  const hookFailures = sum(hookRounds, 'failures');
  const hookLeaks = sum(hookRounds, 'leaked');
  return {
    name: 'concurrent',
    what: `${GROUPS} one-container groups at once, create → Terminated → logs → delete, hook vs raw dockerode, ${ROUNDS} rounds each (alternated)`,
    hook: `${(median(hookMs) / 1000).toFixed(1)} s`,
    baseline: `${(median(rawMs) / 1000).toFixed(1)} s`,
    ratio: fmtRatio(ratio),
    goal: '≤ 1.2, 0 failures, 0 leaks',
    pass: ratio <= 1.2 && hookFailures === 0 && hookLeaks === 0,
    notes: [
      `hook wall ${spread(hookMs)}`,
      `raw  wall ${spread(rawMs)}`,
      `failures: hook ${hookFailures}/${GROUPS * ROUNDS}, raw ${sum(rawRounds, 'failures')}/${GROUPS * ROUNDS}${errors.length ? ` (${errors.slice(0, 3).join('; ')})` : ''}`,
      `objects left after a round's lifecycles resolved: hook ${hookLeaks}, raw ${sum(rawRounds, 'leaked')}`,
    ],
    leftovers: left,
  };
}

if (import.meta.main) await mainOf(run);
