// lifecycle: create → terminated → logs → delete of a one-container group, through the hook vs raw dockerode
// doing the same containers (a sandbox holding the network namespace + the member joined to it).
import type { ContainerGroupHook } from '@container-hook/core';
import {
  checkStop,
  cleanup,
  stopController,
  docker,
  fmtRatio,
  IMAGE,
  mainOf,
  makeHook,
  median,
  nowMs,
  oneContainerGroup,
  RESOURCE_GROUP,
  RUN_LABELS,
  spread,
  waitTerminated,
  type BenchResult,
  type Docker,
} from '#bench/util';

const N = Number(process.env['BENCH_LIFECYCLE_N'] ?? 20);
const WARMUP = 2;
const COMMAND = ['sh', '-c', 'echo hello from the bench'];

/** One group through the contract; returns ms and how termination was awaited. */
export async function hookLifecycle(hook: ContainerGroupHook, name: string): Promise<{ ms: number; via: string }> {
  checkStop();
  const t0 = nowMs();
  await hook.createOrUpdate(RESOURCE_GROUP, name, oneContainerGroup(name, COMMAND), { wait: true, abortSignal: stopController.signal });
  const { via, exitCode } = await waitTerminated(hook, RESOURCE_GROUP, name);
  const lines = await hook.getLogs(RESOURCE_GROUP, name);
  await hook.delete(RESOURCE_GROUP, name);
  const ms = nowMs() - t0;
  if (exitCode !== 0 || lines.join('') !== 'hello from the bench\n') throw new Error(`hook ${name}: exit ${exitCode}, logs ${JSON.stringify(lines)}`);
  return { ms, via };
}

/** The same containers with dockerode alone: sandbox (sleep), member in its namespace, wait, logs, remove both. */
export async function rawLifecycle(d: Docker, name: string): Promise<number> {
  checkStop();
  const t0 = nowMs();
  const labels = { ...RUN_LABELS, 'container-hook.resource-group': RESOURCE_GROUP };
  const sandbox = await d.createContainer({
    name: `${name}-sandbox`,
    Image: IMAGE,
    Entrypoint: ['sleep', '3600'],
    Labels: labels,
    HostConfig: { RestartPolicy: { Name: 'unless-stopped' } },
  });
  await sandbox.start();
  checkStop();
  const member = await d.createContainer({
    name: `${name}-main`,
    Image: IMAGE,
    Entrypoint: COMMAND,
    Labels: labels,
    HostConfig: { NetworkMode: `container:${sandbox.id}`, RestartPolicy: { Name: 'no' }, NanoCpus: 1e9, Memory: 512 * 1024 ** 2 },
  });
  await member.start();
  // After start, `not-running` returns at once if it already exited. (`next-exit` requested before start can
  // miss an exit that happens before the engine registers the wait: seen hanging with 50 groups at once.)
  const { StatusCode } = (await member.wait({ condition: 'not-running' })) as { StatusCode: number };
  const body = (await member.logs({ stdout: true, stderr: true, follow: false, tail: 1000 })) as unknown as Buffer;
  await member.remove({ force: true, v: true });
  await sandbox.remove({ force: true, v: true });
  const ms = nowMs() - t0;
  // 8-byte multiplexing header + the line
  if (StatusCode !== 0 || !body.subarray(8).toString().startsWith('hello from the bench')) throw new Error(`raw ${name}: exit ${StatusCode}`);
  return ms;
}

export async function run(): Promise<BenchResult> {
  const hook = makeHook();
  const hookMs: number[] = [];
  const rawMs: number[] = [];
  const pairRatios: number[] = [];
  let via = '';
  for (let i = -WARMUP; i < N; i++) {
    // Alternate which goes first, so that drift in the machine's load hits both sides alike.
    const tag = i < 0 ? `w${-i}` : String(i);
    let h = 0;
    let r = 0;
    if (i % 2 === 0) {
      ({ ms: h, via } = await hookLifecycle(hook, `lc-h-${tag}`));
      r = await rawLifecycle(docker, `lc-r-${tag}`);
    } else {
      r = await rawLifecycle(docker, `lc-r-${tag}`);
      ({ ms: h, via } = await hookLifecycle(hook, `lc-h-${tag}`));
    }
    if (i < 0) continue;
    hookMs.push(h);
    rawMs.push(r);
    pairRatios.push(h / r);
    if (process.env['BENCH_VERBOSE']) console.log(`  #${i} hook ${h.toFixed(0)} ms, raw ${r.toFixed(0)} ms, ${(h / r).toFixed(2)}`);
  }
  const ratio = median(pairRatios);
  const left = await cleanup();
  return {
    name: 'lifecycle',
    what: `create → Terminated → logs → delete, one-container group, hook vs raw dockerode (sandbox + member), ${N} interleaved pairs`,
    hook: `${median(hookMs).toFixed(0)} ms`,
    baseline: `${median(rawMs).toFixed(0)} ms`,
    ratio: fmtRatio(ratio),
    goal: '≤ 1.10',
    pass: ratio <= 1.1,
    notes: [
      `hook ${spread(hookMs)}`,
      `raw  ${spread(rawMs)}`,
      `paired ratios ${spread(pairRatios, '×', 2)}; ratio of medians ${fmtRatio(median(hookMs) / median(rawMs))}`,
      `hook waited for Terminated via ${via} (the Docker hook ${(hook as ContainerGroupHook).watch ? 'has' : 'has no'} watch())`,
    ],
    leftovers: left,
  };
}

if (import.meta.main) await mainOf(run);
