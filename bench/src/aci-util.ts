// Shared by the ACI benchmarks: an emulator in this process (state in a temporary folder), AciContainerGroupHook
// clients of it built from its Airflow-form connection (as `container-hook emulator` users do), and a pipeline
// policy on each SDK client that counts every HTTP request it sends to ARM.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AciContainerGroupHook, type AciContainerGroupHookOptions } from '@container-hook/aci-backend';
import { startAciEmulator, type AciEmulator, type AciEmulatorOptions } from '@container-hook/aci-emulator';
import { Connection, type ContainerGroup, type ContainerGroupHook } from '@container-hook/core';
import { checkStop, IMAGE, nowMs, RESOURCE_GROUP } from '#bench/util';

export interface BenchEmulator {
  emulator: AciEmulator;
  /** A new client of the emulator: its own SDK client (own pipeline, own connection pool). */
  newHook(connId: string, options?: AciContainerGroupHookOptions): AciContainerGroupHook;
  /** Stops the emulator (it deletes every group it created through its hook) and removes its state folder. */
  stop(): Promise<void>;
}

export async function startBenchEmulator(hook: ContainerGroupHook, options: Omit<AciEmulatorOptions, 'hook' | 'stateDir'> = {}): Promise<BenchEmulator> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'bench-aci-emulator-'));
  const emulator = await startAciEmulator({ hook, stateDir, ...options });
  const { conn_type: connType, login, password, extra } = emulator.connection;
  let stopped = false;
  return {
    emulator,
    newHook: (connId, hookOptions = {}) => new AciContainerGroupHook(new Connection({ connId, connType, login, password, extra: { ...extra } }), hookOptions),
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await emulator.stop();
      } finally {
        await rm(stateDir, { recursive: true, force: true });
      }
    },
  };
}

/** The HTTP requests one SDK client sent: by kind (`GET group`, `GET logs`, `PUT group`, …) and when. */
export class RequestCounter {
  readonly byKind = new Map<string, number>();
  readonly times: number[] = [];
  get total(): number {
    return this.times.length;
  }
  /** Requests sent at or after `since` (a {@link nowMs} time) and before `until`. */
  between(since: number, until = Number.POSITIVE_INFINITY): number {
    return this.times.filter((t) => t >= since && t < until).length;
  }
  kindsBetween(since: number, until = Number.POSITIVE_INFINITY): Map<string, number> {
    const m = new Map<string, number>();
    this.#log.forEach(([t, k]) => {
      if (t >= since && t < until) m.set(k, (m.get(k) ?? 0) + 1);
    });
    return m;
  }
  readonly #log: Array<[number, string]> = [];
  record(kind: string): void {
    const t = nowMs();
    this.times.push(t);
    this.#log.push([t, kind]);
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
  }
}

/** `GET group`, `GET logs`, `GET list`, `PUT group`, `DELETE group`, `GET operation`, else `METHOD /path` with names replaced. */
export function requestKind(method: string, url: string): string {
  const p = new URL(url).pathname;
  if (/\/containerGroups\/[^/]+\/containers\/[^/]+\/logs$/i.test(p)) return `${method} logs`;
  if (/\/containerGroups\/[^/]+$/i.test(p)) return `${method} group`;
  if (/\/containerGroups$/i.test(p)) return `${method} list`;
  if (/\/operations\//i.test(p)) return `${method} operation`;
  return `${method} ${p.replace(/\/subscriptions\/[^/]+/i, '/subscriptions/{s}').replace(/\/resourceGroups\/[^/]+/i, '/resourceGroups/{rg}')}`;
}

/**
 * Counts every request the hook's SDK client sends to ARM, retries included (the policy runs after the retry
 * policy; token requests go through the credential's own pipeline and are not counted).
 */
export async function countRequests(hook: AciContainerGroupHook): Promise<RequestCounter> {
  const counter = new RequestCounter();
  const client = await hook.getConn();
  client.pipeline.addPolicy(
    {
      name: 'benchRequestCounter',
      sendRequest: (request, next) => {
        counter.record(requestKind(request.method, request.url));
        return next(request);
      },
    },
    { afterPhase: 'Retry' },
  );
  return counter;
}

export function formatKinds(m: Map<string, number>, perMinuteOver?: number): string {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => (perMinuteOver ? `${k} ${n} (${((n * 60_000) / perMinuteOver).toFixed(1)}/min)` : `${k} ${n}`))
    .join(', ');
}

/** The name of the i-th group of a benchmark that creates many: `g-0000`, `g-0001`, … (list order is name order). */
export const benchGroupName = (i: number): string => `g-${String(i).padStart(4, '0')}`;

/** A one-container group that runs `true`: what benchmarks that only need groups to exist create. */
export function trivialGroup(name: string): ContainerGroup {
  return { osType: 'Linux', restartPolicy: 'Never', containers: [{ name, image: IMAGE, command: ['true'], resources: { requests: { cpu: 1, memoryInGB: 0.5 } } }] };
}

/** Creates `count` trivial groups (`benchGroupName(0…)`) through `hook`, at most `concurrency` at a time; returns their names. */
export async function createTrivialGroups(hook: ContainerGroupHook, count: number, concurrency: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => benchGroupName(i));
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < names.length) {
        checkStop();
        const name = names[next++]!;
        await hook.createOrUpdate(RESOURCE_GROUP, name, trivialGroup(name));
      }
    }),
  );
  return names;
}
