import type Docker from 'dockerode';
import type { ContainerInspectInfo } from 'dockerode';
import { ContainerGroupNotFoundError, throwIfAborted } from '@container-hook/core';
import { inspectContainer } from './containers.js';
import { pickTail, restoresNewline, toLogSource, toTailWindow, type AssembledLine, type TailWindow } from './logs.js';
import { fromStoredSpec, toGroupNames } from './mapping.js';

/** The container whose log `getLogs` reads: its engine name and inspect. */
export interface LogTarget {
  name: string;
  info: ContainerInspectInfo;
}

/**
 * The engine name and inspect of the container to read, or undefined when it was never created.
 * @throws {ContainerGroupNotFoundError} when there is no such group.
 * @throws {RangeError} when the group has no container of that name.
 */
export async function findLogTarget(
  docker: Docker,
  resourceGroup: string,
  name: string,
  container: string | undefined,
  signal: AbortSignal | undefined,
): Promise<LogTarget | undefined> {
  const names = toGroupNames(resourceGroup, name);
  const sandbox = await inspectContainer(docker, names.sandbox, signal);
  if (!sandbox) throw new ContainerGroupNotFoundError(resourceGroup, name);
  const target = toLogSource(names, fromStoredSpec(sandbox.Config.Labels), name, container).engineName;
  const info = await inspectContainer(docker, target, signal);
  return info ? { name: target, info } : undefined;
}

/** One read of a container's log without `follow`: the last `tail` entries, or the entries since `since`. */
export async function readLogWindow(
  container: Docker.Container,
  range: { tail?: number; since?: string },
  restoreNewline: boolean,
  signal: AbortSignal | undefined,
): Promise<TailWindow> {
  // Always with the engine's timestamps: they tell the fragments of a cut line from the next line.
  const body = (await container.logs({
    stdout: true,
    stderr: true,
    follow: false,
    timestamps: true,
    ...(range.tail !== undefined ? { tail: range.tail } : {}),
    ...(range.since !== undefined ? { since: range.since } : {}),
    abortSignal: signal,
  } as object)) as unknown as Buffer;
  return toTailWindow(Buffer.isBuffer(body) ? body : Buffer.from(body as unknown as string), { timestamps: true, restoreNewline });
}

/**
 * The last `tail` (> 0) lines of the container's log, cut by the engine (`docker logs --tail`): the window
 * grows only when the engine's entries hold fewer whole lines than asked (a line over 16 KiB is several
 * entries), or a stream's first line in the window may be cut.
 */
export async function readTail(docker: Docker, target: LogTarget, tail: number, signal: AbortSignal | undefined): Promise<AssembledLine[]> {
  const container = docker.getContainer(target.name);
  let requested = tail + 1;
  for (;;) {
    throwIfAborted(signal);
    const picked = pickTail(await readLogWindow(container, { tail: requested }, restoresNewline(target.info), signal), requested, tail);
    if (picked) return picked;
    requested *= 2;
  }
}
