import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import { Connection, type Container, type ContainerGroup } from '@container-hook/core';
import { DockerContainerGroupHook } from './hook.js';

/** The label that scopes a test run's objects, for leak checks. */
export const RUN_LABEL = 'container-hook.test-run';

export const BUSYBOX = 'container-hook/busybox:local';

/** A hook whose objects carry this run's label, and the label's value. */
export function makeTestHook(): { hook: DockerContainerGroupHook; runId: string; rg: string } {
  const runId = randomUUID().slice(0, 8);
  const hook = new DockerContainerGroupHook(new Connection({ connId: 'docker_test', connType: 'docker' }), { labels: { [RUN_LABEL]: runId }, stopTimeoutInSeconds: 1 });
  return { hook, runId, rg: `Test-RG-${runId}` };
}

/** A busybox container running `sh -c script`. */
export function shContainer(name: string, script: string, extra: Partial<Container> = {}): Container {
  return { name, image: BUSYBOX, command: ['sh', '-c', script], resources: { requests: { cpu: 0.5, memoryInGB: 0.25 } }, ...extra };
}

export function group(containers: Container[], extra: Partial<ContainerGroup> = {}): ContainerGroup {
  return { osType: 'Linux', restartPolicy: 'Never', containers, ...extra };
}

/** Every container and volume carrying the run's label (fails the test when the engine is unreachable). */
export async function leftovers(runId: string): Promise<string[]> {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const filters = { label: [`${RUN_LABEL}=${runId}`] };
  const containers = await docker.listContainers({ all: true, filters });
  const { Volumes } = await docker.listVolumes({ filters });
  return [...containers.map((c) => `container ${c.Names[0]}`), ...(Volumes ?? []).map((v) => `volume ${v.Name}`)];
}

/** Waits until `check` is true, polling (tests only). */
export async function until(check: () => Promise<boolean>, timeoutInMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutInMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `promise`, or a rejection naming `what` once `timeoutInMs` passed (the promise keeps running). */
export async function within<T>(what: string, timeoutInMs: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${timeoutInMs} ms`)), timeoutInMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
