import type Docker from 'dockerode';
import type { ContainerInspectInfo } from 'dockerode';
import { throwIfAborted } from '@container-hook/core';
import { isNotFound } from './errors.js';
import { fromStoredSpec, LABELS, toSandboxFilter, type GroupNames } from './mapping.js';
import type { EngineContainer, EngineGroup, StoredEvent } from './state.js';

/** One container's inspect, or undefined when the engine has no such container. */
export async function inspectContainer(docker: Docker, nameOrId: string, signal: AbortSignal | undefined): Promise<ContainerInspectInfo | undefined> {
  throwIfAborted(signal);
  try {
    return await docker.getContainer(nameOrId).inspect({ abortSignal: signal } as object);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Whether the engine is removing the container (`docker rm -f` kills it first), or failed to (dead). Pure. */
export function isBeingRemoved(info: Pick<ContainerInspectInfo, 'State'>): boolean {
  return info.State.Status === 'removing' || info.State.Status === 'dead';
}

/** What the engine holds of a group: its sandbox (with the applied spec and pull events) and its containers. */
export type InspectedGroup = Pick<EngineGroup, 'spec' | 'members' | 'inits' | 'events'> & { sandbox: EngineContainer & { Name: string } };

/**
 * The group's sandbox, containers and init containers (one inspect each, by name), or undefined when the
 * group does not exist. A group being deleted counts as absent from the moment `delete` renamed its
 * sandbox (or the sandbox is being removed): reading it then would report its containers killed, or
 * missing (`Waiting`), or the group as stopped. A container found missing or being removed makes the
 * sandbox be looked up again, by name: a read that found the sandbox just before a delete renamed it
 * then finds the group gone, while a group being created (its sandbox made, its containers not yet)
 * still reads as existing.
 */
export async function inspectGroup(docker: Docker, names: GroupNames, signal: AbortSignal | undefined): Promise<InspectedGroup | undefined> {
  const sandbox = await inspectContainer(docker, names.sandbox, signal);
  if (!sandbox || isBeingRemoved(sandbox)) return undefined;
  const spec = fromStoredSpec(sandbox.Config.Labels);
  const events = JSON.parse(sandbox.Config.Labels?.[LABELS.events] ?? '[]') as StoredEvent[];
  const lookup = async (engineName: string) => {
    const info = await inspectContainer(docker, engineName, signal);
    return (info && !isBeingRemoved(info) ? info : undefined) as unknown as EngineContainer | undefined;
  };
  const [members, inits] = await Promise.all([
    Promise.all(spec.containers.map(async (c) => [c.name, await lookup(names.member(c.name))] as const)),
    Promise.all((spec.initContainers ?? []).map(async (c) => [c.name, await lookup(names.init(c.name))] as const)),
  ]);
  if ([...members, ...inits].some(([, c]) => c === undefined)) {
    const again = await inspectContainer(docker, names.sandbox, signal);
    if (!again || again.Id !== sandbox.Id || isBeingRemoved(again)) return undefined;
  }
  return { sandbox: sandbox as unknown as InspectedGroup['sandbox'], spec, events, members: new Map(members), inits: new Map(inits) };
}

/** Whether every container and init container of the group's stored definition exists (a fully built group). */
export async function isComplete(docker: Docker, names: GroupNames, signal: AbortSignal | undefined): Promise<boolean> {
  const group = await inspectGroup(docker, names, signal);
  return group !== undefined && [...group.members.values(), ...group.inits.values()].every((c) => c !== undefined);
}

/** The sandboxes of a resource group (or of every group), oldest first: one label lookup. */
export async function listSandboxes(docker: Docker, resourceGroup: string | undefined, signal: AbortSignal | undefined): Promise<Docker.ContainerInfo[]> {
  const sandboxes = await docker.listContainers({ all: true, filters: toSandboxFilter(resourceGroup), abortSignal: signal } as object);
  return sandboxes.sort((a, b) => a.Created - b.Created);
}
