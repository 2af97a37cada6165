import type { Container, ContainerGroup, ContainerState } from '@container-hook/core';
import type { ContractContext } from './context.js';

/**
 * Polls `probe` until `done` holds, then returns the last value.
 * @throws {Error} naming `what` and the last value seen, after `timeoutInMs`.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutInMs: number, intervalInMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutInMs} ms waiting for ${what}; last seen: ${describe(last)}`);
    }
    await new Promise((r) => setTimeout(r, intervalInMs));
  }
}

/** The container `containerName` of `group` (also among init containers). */
export function containerOf(group: ContainerGroup, containerName: string): Pick<Container, 'name' | 'instanceView'> | undefined {
  return group.containers?.find((c) => c.name === containerName) ?? group.initContainers?.find((c) => c.name === containerName);
}

export function currentStateOf(group: ContainerGroup, containerName: string): ContainerState | undefined {
  return containerOf(group, containerName)?.instanceView?.currentState;
}

/** Waits until container `containerName` (default: the group's only/first container) is `Terminated`; returns the group. */
export function waitForTerminated(ctx: ContractContext, name: string, containerName?: string): Promise<ContainerGroup> {
  return waitForGroup(ctx, name, `container "${containerName ?? '(first)'}" of group "${name}" to terminate`, (g) => {
    const c = containerName ?? g.containers?.[0]?.name ?? '';
    return currentStateOf(g, c)?.state === 'Terminated';
  });
}

/** Waits until container `containerName` (default: the first) is `Running`; returns the group. */
export function waitForRunning(ctx: ContractContext, name: string, containerName?: string): Promise<ContainerGroup> {
  return waitForGroup(ctx, name, `container "${containerName ?? '(first)'}" of group "${name}" to run`, (g) => {
    const c = containerName ?? g.containers?.[0]?.name ?? '';
    return currentStateOf(g, c)?.state === 'Running';
  });
}

/** Polls `getState` until `done` holds. */
export function waitForGroup(ctx: ContractContext, name: string, what: string, done: (g: ContainerGroup) => boolean): Promise<ContainerGroup> {
  return waitFor(what, () => ctx.hook.getState(ctx.resourceGroup, name), done, ctx.timeouts.state);
}

/** Rejects with a clear message when `promise` takes longer than `timeoutInMs`. */
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

/** Runs `fn` and returns what it threw (failing when it did not throw). */
export async function rejectionOf(what: string, fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error(`expected ${what} to reject, but it resolved`);
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…` : v));
    return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  } catch {
    return String(value);
  }
}
