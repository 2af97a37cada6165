// aci-follow: the run loop on ACI (through the emulator, real Docker containers) for a job that prints a line
// every 100 ms, against Airflow's operator loop run at the same time on the same kind of job (each its own group):
// ARM requests per minute (a pipeline policy on each SDK client) and log lines lost or duplicated.
//   ours:    runContainerGroup(AciContainerGroupHook, …): followLogs (listLogs with timestamps, adaptive interval)
//            + getState polled with backoff (ACI has no watch), log lines counted from the run's `log` events;
//   Airflow: AzureContainerInstancesOperator.execute/_monitor_logging ported from the provider (main, 2026):
//            exists (GET), PUT (not awaited), then every 1 s get_state (GET) + get_logs(tail=1000), de-duplicated
//            with `_log_last` (the last line logged is searched backwards in the new batch), then delete.
// The job's lines are distinct except for runs of three identical lines (at lines 48–50, 98–100, …, each 100 ms
// apart): where `_log_last` matches the newest copy of its marker and skips what lies between.
// `node src/aci-follow.ts --seconds 20` for a quicker run (default 60, or BENCH_ACI_FOLLOW_SECONDS).
import type { AciContainerGroupHook } from '@container-hook/aci-backend';
import { runContainerGroup, type ContainerGroup, type RunResult } from '@container-hook/core';
import { countRequests, formatKinds, startBenchEmulator, type RequestCounter } from '#bench/aci-util';
import { checkStop, cleanup, IMAGE, leftovers, mainOf, makeHook, nowMs, RESOURCE_GROUP, sleep, stopController, type BenchResult } from '#bench/util';

function secondsArg(): number {
  const i = process.argv.indexOf('--seconds');
  const v = i >= 0 ? process.argv[i + 1] : process.env['BENCH_ACI_FOLLOW_SECONDS'];
  const n = Number(v ?? 60);
  if (!Number.isInteger(n) || n < 5) throw new RangeError(`--seconds must be an integer ≥ 5, not ${v}`);
  return n;
}

/** followLogs' shortest interval for our side; default: the hook's default (1000 ms). */
const FOLLOW_MIN_MS = process.env['BENCH_ACI_FOLLOW_MIN_MS'] ? Number(process.env['BENCH_ACI_FOLLOW_MIN_MS']) : undefined;
const GOAL_PER_MINUTE = 30;
const REPEAT_EVERY = 50;

/** The job's lines, as the shell loop below prints them: `line i`, except that lines 49 and 50 of every 50 repeat line 48. */
export function expectedLines(count: number): string[] {
  const out: string[] = [];
  let last = '';
  for (let i = 1; i <= count; i++) {
    const m = i % REPEAT_EVERY;
    const t = m === REPEAT_EVERY - 1 || m === 0 ? last : `line ${i}`;
    out.push(t);
    last = t;
  }
  return out;
}

function jobCommand(count: number): string[] {
  const script =
    `i=1; last=; while [ $i -le ${count} ]; do m=$((i % ${REPEAT_EVERY})); ` +
    `if [ $m -eq ${REPEAT_EVERY - 1} ] || [ $m -eq 0 ]; then t=$last; else t="line $i"; fi; ` +
    `echo "$t"; last=$t; usleep 100000; i=$((i+1)); done`;
  return ['sh', '-c', script];
}

function jobGroup(name: string, count: number): ContainerGroup {
  return { osType: 'Linux', restartPolicy: 'Never', containers: [{ name, image: IMAGE, command: jobCommand(count), resources: { requests: { cpu: 1, memoryInGB: 0.5 } } }] };
}

/** Python's `str.splitlines(keepends=True)`. */
export function splitlinesKeepends(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\r' && text[i + 1] === '\n') {
      out.push(text.slice(start, i + 2));
      start = ++i + 1;
    } else if ('\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029'.includes(c)) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Python's `str.rstrip()` (whitespace). */
const rstrip = (s: string) => s.replace(/\s+$/u, '');

/**
 * `AzureContainerInstancesOperator._log_last`, unchanged since 1.10.3: finds the last line logged before by
 * scanning the new batch backwards, logs everything after it, and remembers the batch's last line.
 */
export function logLast(logs: string[] | null, lastLineLogged: string | null, log: (line: string) => void): string | null {
  if (logs && logs.length > 0) {
    // determine the last line which was logged before
    let lastLineIndex = 0;
    for (let i = logs.length - 1; i >= 0; i--) {
      if (logs[i] === lastLineLogged) {
        // this line is the same, hence print from i+1
        lastLineIndex = i + 1;
        break;
      }
    }
    // log all new ones
    for (const line of logs.slice(lastLineIndex)) log(rstrip(line));
    return logs[logs.length - 1]!;
  }
  return null;
}

interface AirflowRun {
  exitCode: number;
  iterations: number;
  errors: string[];
  lines: string[];
  messages: string[];
}

/** The SDK's client, as the ACI hook's `getConn()` declares it (bench has no direct @azure dependency). */
type ContainerInstanceManagementClient = Awaited<ReturnType<AciContainerGroupHook['getConn']>>;

const statusOf = (e: unknown) => (e as { statusCode?: number }).statusCode;

/**
 * The operator's `execute` for one container (fail_if_exists, create not awaited, `_monitor_logging`, on_kill),
 * with the hook's calls as the provider's hook makes them on the track-2 SDK. `deadline` only bounds the loop
 * (the real one runs until the task's timeout).
 */
async function airflowOperator(client: ContainerInstanceManagementClient, rg: string, name: string, command: string[], deadline: number): Promise<AirflowRun> {
  const run: AirflowRun = { exitCode: 1, iterations: 0, errors: [], lines: [], messages: [] };
  // hook.exists (#63567): get → True, ResourceNotFoundError → False.
  let exists = true;
  try {
    await client.containerGroups.get(rg, name);
  } catch (e) {
    if (statusOf(e) !== 404) throw e;
    exists = false;
  }
  if (exists) throw new Error('Container group exists');
  try {
    // hook.create_or_update: begin_create_or_update, the poller not awaited.
    await client.containerGroups.beginCreateOrUpdate(rg, name, {
      location: 'eastus',
      osType: 'Linux',
      restartPolicy: 'Never',
      containers: [{ name, image: IMAGE, command, resources: { requests: { cpu: 1, memoryInGB: 0.5 } } }],
    });
    run.exitCode = await monitorLogging(client, rg, name, run, deadline);
    return run;
  } finally {
    // on_kill: hook.delete = begin_delete, not awaited; errors logged, never raised.
    await client.containerGroups.beginDelete(rg, name).catch((e: unknown) => run.errors.push(`delete: ${String(e)}`));
  }
}

/** `_monitor_logging`: every 1 s, get_state (one GET) and, once Running/Terminated/Succeeded, get_logs (tail=1000). */
async function monitorLogging(client: ContainerInstanceManagementClient, rg: string, name: string, run: AirflowRun, deadline: number): Promise<number> {
  let lastState: string | undefined | null = null;
  let lastMessageLogged: string | null = null;
  let lastLineLogged: string | null = null;
  for (;;) {
    checkStop();
    if (nowMs() > deadline) throw new Error(`the Airflow loop did not see Terminated before the bench's deadline (${run.iterations} iterations)`);
    run.iterations++;
    try {
      const cgState = await client.containerGroups.get(rg, name); // hook.get_state
      const instanceView = cgState.containers[0]?.instanceView;
      let state: string | undefined;
      let exitCode: number | undefined;
      if (instanceView !== undefined) {
        state = instanceView.currentState?.state;
        exitCode = instanceView.currentState?.exitCode;
      } else {
        state = cgState.provisioningState;
        exitCode = 0;
      }
      if (instanceView !== undefined && instanceView.events !== undefined) {
        const messages = instanceView.events.map((e) => e.message ?? '');
        lastMessageLogged = logLast(messages, lastMessageLogged, (m) => run.messages.push(m));
      }
      if (state !== lastState) lastState = state;
      if (state === 'Running' || state === 'Terminated' || state === 'Succeeded') {
        try {
          // hook.get_logs(tail=1000): list_logs(rg, name, name, tail=1000).content.splitlines(True); None → [].
          const logs = await client.containers.listLogs(rg, name, name, { tail: 1000 });
          const lines = logs.content == null ? [] : splitlinesKeepends(logs.content);
          lastLineLogged = logLast(lines, lastLineLogged, (l) => run.lines.push(l));
        } catch (e) {
          run.errors.push(`get_logs: ${String(e)}`); // logged, "retrying..."
        }
      }
      if (state === 'Terminated') return exitCode ?? 1;
      if (state === 'Unhealthy' || state === 'Failed') return 1;
    } catch (e) {
      // Track-2 errors are not msrestazure's CloudError: "Exception while getting container groups", retried.
      run.errors.push(`get_state: ${String(e)}`);
    }
    await sleep(1000); // time.sleep(1)
  }
}

/** Lines lost and duplicated: per distinct text, expected copies vs received copies. */
function compare(expected: string[], received: string[]): { lost: number; duplicated: number; inOrder: boolean; which: string } {
  const counts = new Map<string, number>();
  for (const t of expected) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const t of received) counts.set(t, (counts.get(t) ?? 0) - 1);
  let lost = 0;
  let duplicated = 0;
  const which: string[] = [];
  for (const [t, d] of counts) {
    if (d > 0) lost += d;
    else duplicated -= d;
    if (d !== 0) which.push(`"${t}" ${d > 0 ? `−${d}` : `+${-d}`} (of ${expected.filter((e) => e === t).length})`);
  }
  const inOrder = received.length === expected.length && received.every((t, i) => t === expected[i]);
  return { lost, duplicated, inOrder, which: which.slice(0, 12).join(', ') + (which.length > 12 ? ', …' : '') };
}

interface Side {
  wallMs: number;
  start: number;
  end: number;
  firstLineAt: number | undefined;
  lastLineAt: number | undefined;
  counter: RequestCounter;
}

export async function run(): Promise<BenchResult> {
  const seconds = secondsArg();
  const count = seconds * 10;
  const expected = expectedLines(count);
  const docker = makeHook();
  const emu = await startBenchEmulator(docker);
  let stopped = false;
  try {
    const ours = emu.newHook('bench_aci_ours', FOLLOW_MIN_MS !== undefined ? { followMinIntervalInMs: FOLLOW_MIN_MS } : {});
    const airflowHook = emu.newHook('bench_aci_airflow');
    const oursCounter = await countRequests(ours);
    const airflowCounter = await countRequests(airflowHook);
    const airflowClient = await airflowHook.getConn();
    // Both clients get their token before the clock starts (token requests are not ARM requests anyway).
    await Promise.all([ours.exists(RESOURCE_GROUP, 'warm-up'), airflowHook.exists(RESOURCE_GROUP, 'warm-up')]);
    oursCounter.times.length = 0;
    oursCounter.byKind.clear();
    airflowCounter.times.length = 0;
    airflowCounter.byKind.clear();

    const ourLines: string[] = [];
    const events = new Map<string, number>();
    const oursSide: Side = { wallMs: 0, start: 0, end: 0, firstLineAt: undefined, lastLineAt: undefined, counter: oursCounter };
    const airflowSide: Side = { wallMs: 0, start: 0, end: 0, firstLineAt: undefined, lastLineAt: undefined, counter: airflowCounter };
    const deadline = nowMs() + (seconds * 3 + 120) * 1000;

    const runOurs = async (): Promise<RunResult> => {
      oursSide.start = nowMs();
      try {
        return await runContainerGroup(ours, RESOURCE_GROUP, 'follow-hook', jobGroup('follow-hook', count), {
          abortSignal: stopController.signal,
          timeoutInMs: deadline - nowMs(),
          onEvent: (e) => {
            events.set(e.type, (events.get(e.type) ?? 0) + 1);
            if (e.type === 'log') {
              ourLines.push(e.line.text.replace(/\n$/, ''));
              oursSide.firstLineAt ??= nowMs();
              oursSide.lastLineAt = nowMs();
            }
          },
        });
      } finally {
        oursSide.end = nowMs();
        oursSide.wallMs = oursSide.end - oursSide.start;
      }
    };
    const runAirflow = async (): Promise<AirflowRun> => {
      airflowSide.start = nowMs();
      try {
        return await airflowOperator(airflowClient, RESOURCE_GROUP, 'follow-airflow', jobCommand(count), deadline);
      } finally {
        airflowSide.end = nowMs();
        airflowSide.wallMs = airflowSide.end - airflowSide.start;
      }
    };
    const [oursResult, airflowResult] = await Promise.all([runOurs(), runAirflow()]);

    // Stop the emulator (it deletes what it still has), then check the engine.
    await emu.stop();
    stopped = true;
    for (let i = 0; i < 20 && (await leftovers()).containers.length > 0; i++) await sleep(250);
    const left = await cleanup();

    const o = compare(expected, ourLines);
    const a = compare(expected, airflowResult.lines);
    const perMin = (s: Side) => (s.counter.total * 60_000) / s.wallMs;
    // The steady part: from 5 s after the side's start to 5 s before its end.
    const steady = (s: Side) => {
      const from = s.start + 5_000;
      const to = s.end - 5_000;
      return { n: s.counter.between(from, to), perMin: (s.counter.between(from, to) * 60_000) / Math.max(1, to - from), seconds: Math.max(0, to - from) / 1000 };
    };
    const oSteady = steady(oursSide);
    const aSteady = steady(airflowSide);
    const oursOk = o.lost === 0 && o.duplicated === 0 && o.inOrder;
    const runs = Math.floor(count / REPEAT_EVERY);
    return {
      name: 'aci-follow',
      what: `a ${seconds}-s job printing a line every 100 ms (${count} lines, ${runs} runs of 3 identical lines) on ACI via the emulator (real Docker containers): runContainerGroup vs Airflow's operator loop, both at once`,
      hook: `${perMin(oursSide).toFixed(1)} requests/min; lost ${o.lost}, duplicated ${o.duplicated}`,
      baseline: `Airflow loop: ${perMin(airflowSide).toFixed(1)} requests/min; lost ${a.lost}, duplicated ${a.duplicated}`,
      ratio: `${(perMin(oursSide) / perMin(airflowSide)).toFixed(2)}× requests`,
      goal: `≤ ${GOAL_PER_MINUTE} requests/min; 0 lost, 0 duplicated`,
      pass: perMin(oursSide) <= GOAL_PER_MINUTE && oursOk,
      notes: [
        `ours: wall ${(oursSide.wallMs / 1000).toFixed(1)} s, exit ${oursResult.exitCode}, ${ourLines.length}/${count} lines, ${o.inOrder ? 'all in order, each once' : `NOT the expected sequence${o.which ? ` (${o.which})` : ''}`}; resolved ${oursSide.lastLineAt ? ((oursSide.end - oursSide.lastLineAt) / 1000).toFixed(1) : '?'} s after its last line; followLogs min interval ${FOLLOW_MIN_MS ?? 'the default'} ms`,
        `ours: ${oursCounter.total} ARM requests: ${formatKinds(oursCounter.byKind, oursSide.wallMs)}; ${oSteady.seconds > 0 ? `steady ${oSteady.seconds.toFixed(0)} s in the middle: ${oSteady.n} requests = ${oSteady.perMin.toFixed(1)}/min` : 'too short for a steady part'}`,
        `ours: run events ${formatKinds(events)}`,
        `Airflow: wall ${(airflowSide.wallMs / 1000).toFixed(1)} s, exit ${airflowResult.exitCode}, ${airflowResult.iterations} loop iterations, ${airflowResult.lines.length}/${count} lines logged (lost ${a.lost}, duplicated ${a.duplicated}${a.which ? `: ${a.which}` : ''}), errors logged ${airflowResult.errors.length}${airflowResult.errors.length ? ` (first: ${airflowResult.errors[0]!.slice(0, 160)})` : ''}`,
        `Airflow: ${airflowCounter.total} ARM requests: ${formatKinds(airflowCounter.byKind, airflowSide.wallMs)}; ${aSteady.seconds > 0 ? `steady ${aSteady.seconds.toFixed(0)} s in the middle: ${aSteady.n} requests = ${aSteady.perMin.toFixed(1)}/min` : 'too short for a steady part'}`,
        `requests/min = all ARM requests of the side (exists, PUT, polls, log reads, delete) × 60 / its wall time`,
      ],
      leftovers: left,
    };
  } finally {
    if (!stopped) await emu.stop().catch((e: unknown) => console.error('emulator stop failed', e));
  }
}

if (import.meta.main) await mainOf(run);
