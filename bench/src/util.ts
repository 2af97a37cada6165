// Shared by every benchmark: the run's label, statistics, the result shape, and cleanup (also on SIGINT).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
// @ts-expect-error -- bench has no @types/dockerode (adding it would change the workspace lockfile); typed below.
import Dockerode from 'dockerode';
import type { ContainerGroup, ContainerGroupHook } from '@container-hook/core';
import { DockerContainerGroupHook } from '@container-hook/local-docker-backend';

/** dockerode's client type, as the Docker backend's `getConn()` declares it (from its @types/dockerode). */
export type Docker = Awaited<ReturnType<DockerContainerGroupHook['getConn']>>;

/** The label every object a benchmark creates carries (the hook puts its extra labels on containers and volumes). */
export const RUN_LABEL = 'container-hook.bench-run';
/** One id per process: `run-all` shares it between benchmarks, a benchmark run alone has its own. */
export const RUN_ID = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
/** The resource group of this run (lowercase: the hook stores it lowercased). */
export const RESOURCE_GROUP = `bench-${RUN_ID}`;
export const IMAGE = 'container-hook/busybox:local';
export const RUN_LABELS: Record<string, string> = { [RUN_LABEL]: RUN_ID };

/** A plain dockerode client of its own (not the hook's), for the raw baselines and the cleanup. */
export const docker: Docker = new (Dockerode as new (options: { socketPath: string }) => Docker)({ socketPath: process.env['DOCKER_SOCKET'] ?? '/var/run/docker.sock' });

/** A Docker hook labelled with this run's id. */
export function makeHook(): DockerContainerGroupHook {
  return new DockerContainerGroupHook(undefined, { labels: RUN_LABELS });
}

/** A one-container group running `command` once (restartPolicy Never), named like the group. */
export function oneContainerGroup(name: string, command: string[]): ContainerGroup {
  return {
    osType: 'Linux',
    restartPolicy: 'Never',
    containers: [{ name, image: IMAGE, command, resources: { requests: { cpu: 1, memoryInGB: 0.5 } } }],
  };
}

/**
 * Waits until the main container is Terminated, through the contract only: `watch` when the backend has it
 * (push), else by draining `followLogs` (the engine's log stream ends when the container is terminal: push,
 * no polling), then one `getState` to read the exit code; a short poll only if the state lags behind.
 * @returns how it waited: `watch` or `followLogs`.
 */
export async function waitTerminated(hook: ContainerGroupHook, rg: string, name: string): Promise<{ via: string; exitCode: number | undefined }> {
  const terminated = (g: ContainerGroup) => g.containers.find((c) => c.name === name)?.instanceView?.currentState;
  if (hook.watch) {
    for await (const g of hook.watch(rg, name)) {
      const s = terminated(g);
      if (s?.state === 'Terminated') return { via: 'watch', exitCode: s.exitCode };
    }
  } else {
    for await (const _line of hook.followLogs(rg, name)) {
      // drained: the stream ends when the container is terminal
    }
  }
  for (let i = 0; i < 200; i++) {
    const s = terminated(await hook.getState(rg, name));
    if (s?.state === 'Terminated') return { via: hook.watch ? 'watch' : 'followLogs', exitCode: s.exitCode };
    await sleep(10);
  }
  throw new Error(`group ${name} did not report Terminated`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function nowMs(): number {
  return performance.now();
}

// ---- statistics ----

export function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export const median = (v: number[]) => quantile(v, 0.5);

/** `median [p25–p75] (min–max), n=N` */
export function spread(values: number[], unit = 'ms', digits = 0): string {
  const f = (x: number) => x.toFixed(digits);
  return `${f(median(values))} ${unit} [IQR ${f(quantile(values, 0.25))}–${f(quantile(values, 0.75))}] (min ${f(Math.min(...values))}, max ${f(Math.max(...values))}), n=${values.length}`;
}

// ---- results ----

export interface BenchResult {
  name: string;
  /** What was compared, e.g. "create→terminated→logs→delete, hook vs raw dockerode". */
  what: string;
  /** The hook's figure (median), with unit. */
  hook: string;
  /** The baseline's figure (median), with unit. */
  baseline: string;
  /** e.g. `1.07×`. */
  ratio: string;
  goal: string;
  pass: boolean;
  /** Spread, failures, memory: anything the lead should read with the ratio. */
  notes: string[];
  leftovers: number;
}

export function fmtRatio(r: number): string {
  return `${r.toFixed(2)}×`;
}

export function printResult(r: BenchResult): void {
  console.log(`\n== ${r.name}: ${r.what}`);
  console.log(`   hook ${r.hook} | baseline ${r.baseline} | ratio ${r.ratio} (goal ${r.goal}) ${r.pass ? 'PASS' : 'MISSED'}`);
  for (const n of r.notes) console.log(`   - ${n}`);
  console.log(`   leftovers labelled ${RUN_LABEL}=${RUN_ID}: ${r.leftovers}`);
  console.log(`RESULT ${JSON.stringify(r)}`);
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}

export async function engineVersion(): Promise<string> {
  const v = await docker.version();
  return `Docker Engine ${v.Version} (API ${v.ApiVersion})`;
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

// ---- cleanup ----

/** Everything this run left: containers and volumes with the run label or in the run's resource group. */
export async function leftovers(): Promise<{ containers: string[]; volumes: string[] }> {
  const byLabel = [`${RUN_LABEL}=${RUN_ID}`];
  const byRg = [`container-hook.resource-group=${RESOURCE_GROUP}`];
  const containers = new Set<string>();
  const volumes = new Set<string>();
  for (const label of [byLabel, byRg]) {
    for (const c of await docker.listContainers({ all: true, filters: { label } })) containers.add(c.Id);
    for (const v of (await docker.listVolumes({ filters: { label } })).Volumes ?? []) volumes.add(v.Name);
  }
  return { containers: [...containers], volumes: [...volumes] };
}

/** Removes everything this run created (members before sandboxes is not needed with force). Returns how many objects were left after. */
export async function cleanup(): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { containers, volumes } = await leftovers();
    if (containers.length === 0 && volumes.length === 0) return 0;
    await Promise.all(containers.map((id) => docker.getContainer(id).remove({ force: true, v: true }).catch(() => undefined)));
    await Promise.all(volumes.map((n) => docker.getVolume(n).remove().catch(() => undefined)));
  }
  const { containers, volumes } = await leftovers();
  return containers.length + volumes.length;
}

/** Aborted on SIGINT/SIGTERM: benchmarks stop starting new work (see {@link checkStop}). */
export const stopController = new AbortController();

/** Throws once a signal asked the run to stop, so that no new object is created while cleaning up. */
export function checkStop(): void {
  stopController.signal.throwIfAborted();
}

/** Cleans up until nothing with the run's label is found twice in a row (creations in flight land meanwhile). */
async function cleanupUntilQuiet(): Promise<number> {
  let quiet = 0;
  for (let pass = 0; pass < 20 && quiet < 2; pass++) {
    const left = await cleanup();
    const { containers, volumes } = await leftovers();
    quiet = left === 0 && containers.length + volumes.length === 0 ? quiet + 1 : 0;
    await sleep(500);
  }
  const { containers, volumes } = await leftovers();
  return containers.length + volumes.length;
}

let signalsInstalled = false;

/** On SIGINT/SIGTERM: stop starting work, remove what this run created, then exit 130/143. */
export function cleanupOnSignals(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`\n${sig}: stopping, then removing everything labelled ${RUN_LABEL}=${RUN_ID} …`);
    stopController.abort();
    cleanupUntilQuiet().then(
      (left) => {
        console.error(`leftovers labelled ${RUN_LABEL}=${RUN_ID}: ${left}`);
        process.exit(sig === 'SIGINT' ? 130 : 143);
      },
      (e: unknown) => {
        console.error(`cleanup failed: ${String(e)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/** Runs one benchmark as a program: cleanup on signals, on failure and at the end; exit 1 on failure or leftovers. */
export async function mainOf(run: () => Promise<BenchResult>): Promise<void> {
  cleanupOnSignals();
  console.log(`run ${RUN_ID} — ${machine()} — ${await engineVersion()} — load ${loadAverage()}`);
  try {
    const r = await run();
    printResult(r);
    if (r.leftovers > 0) process.exitCode = 1;
  } catch (e) {
    if (!stopController.signal.aborted) console.error(e);
    process.exitCode = 1;
  } finally {
    const left = await cleanup();
    if (left > 0) {
      console.error(`after cleanup, ${left} objects remain labelled ${RUN_LABEL}=${RUN_ID}`);
      process.exitCode = 1;
    }
  }
}
