import type Docker from 'dockerode';
import type { ContainerInspectInfo } from 'dockerode';
import { hideSecrets, throwIfAborted, type ContainerGroup } from '@container-hook/core';
import { inspectContainer, isBeingRemoved } from './containers.js';
import { ignoreGone, ignoreNotModified, isConflict, isNotFound } from './errors.js';
import {
  fromStoredSpec,
  isDeletingSandbox,
  LABELS,
  SECRET_HOLD_DIR,
  toDeletingName,
  toEmptyDirVolumeOptions,
  toGroupFilter,
  toLabels,
  toLeftovers,
  toMemberCreateOptions,
  toSandboxCreateOptions,
  toSecretVolumeOptions,
  type GroupNames,
  type Role,
} from './mapping.js';
import type { StoredEvent } from './state.js';
import { tarFiles } from './tar.js';

/** A group to create on the engine: its names, the spec as given and normalised, and what its labels carry. */
export interface GroupToCreate {
  names: GroupNames;
  /** The group as given (secure values and secret volume contents included). */
  group: ContainerGroup;
  /** The group normalised (`normaliseGroup`). */
  spec: ContainerGroup;
  specHash: string;
  /** The hook's extra labels. */
  extraLabels: Record<string, string>;
  /** The image pulls done for it (stored on the sandbox; a `Failed` one fails the group). */
  pulls: StoredEvent[];
}

/**
 * Creates the group's volumes and sandbox, then (unless a pull failed) its init containers and containers;
 * runs the init containers to completion, in order, and starts the containers when all succeeded.
 */
export async function createGroup(docker: Docker, g: GroupToCreate, signal: AbortSignal | undefined): Promise<void> {
  const { names, group, spec } = g;
  const label = (role: Role, container?: string) => toLabels(names, role, g.specHash, g.extraLabels, container);
  const volumeLabels = { ...label('sandbox'), [LABELS.role]: 'volume' };
  for (const v of spec.volumes ?? []) {
    throwIfAborted(signal);
    if (v.secret) await docker.createVolume({ ...toSecretVolumeOptions(names.volume(v.name), volumeLabels), abortSignal: signal } as object);
    else await docker.createVolume({ ...toEmptyDirVolumeOptions(names.volume(v.name), volumeLabels), abortSignal: signal } as object);
  }
  const sandboxOptions = toSandboxCreateOptions(
    names,
    spec,
    { ...label('sandbox'), [LABELS.spec]: JSON.stringify(hideSecrets(spec)), [LABELS.events]: JSON.stringify(g.pulls) },
    volumeLabels,
  );
  const sandbox = await docker.createContainer({ ...sandboxOptions, abortSignal: signal });
  await sandbox.start({ abortSignal: signal });
  await fillSecretVolumes(sandbox, group, signal);
  if (g.pulls.some((e) => e.name === 'Failed')) return;
  const inits = [];
  for (const [i, c] of (spec.initContainers ?? []).entries()) {
    const opts = toMemberCreateOptions(names, group, c, 'init', { ...label('init', c.name), [LABELS.initIndex]: String(i) }, volumeLabels);
    inits.push(await docker.createContainer({ ...opts, abortSignal: signal }));
  }
  const members = [];
  for (const c of spec.containers) {
    const opts = toMemberCreateOptions(names, group, c, 'container', label('container', c.name), volumeLabels);
    members.push(await docker.createContainer({ ...opts, abortSignal: signal }));
  }
  if (await runInits(inits, signal)) {
    for (const m of members) await m.start({ abortSignal: signal });
  }
}

/**
 * Starts a stopped group: resumes (or starts) the sandbox, runs the init containers again, in order, then
 * starts every container; a failed init container leaves the containers stopped.
 */
export async function startGroup(docker: Docker, names: GroupNames, sandboxInfo: ContainerInspectInfo, signal: AbortSignal | undefined): Promise<void> {
  const sandbox = docker.getContainer(names.sandbox);
  if (sandboxInfo.State.Paused) await sandbox.unpause({ abortSignal: signal });
  else if (!sandboxInfo.State.Running) await sandbox.start({ abortSignal: signal }).catch(ignoreNotModified);
  const spec = fromStoredSpec(sandboxInfo.Config.Labels);
  const inits = [];
  for (const c of spec.initContainers ?? []) if (await inspectContainer(docker, names.init(c.name), signal)) inits.push(docker.getContainer(names.init(c.name)));
  if (!(await runInits(inits, signal))) return;
  for (const c of spec.containers) {
    if (!(await inspectContainer(docker, names.member(c.name), signal))) continue;
    await docker.getContainer(names.member(c.name)).start({ abortSignal: signal }).catch(ignoreNotModified);
  }
}

/** Stops every container of the group (SIGTERM, then SIGKILL after `stopTimeoutInSeconds`) and pauses the sandbox: the group reads `Stopped`. */
export async function stopGroup(
  docker: Docker,
  names: GroupNames,
  sandboxInfo: ContainerInspectInfo,
  stopTimeoutInSeconds: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: toGroupFilter(names), abortSignal: signal } as object);
  await Promise.all(
    containers
      .filter((c) => c.Labels[LABELS.role] !== 'sandbox')
      .map((c) => docker.getContainer(c.Id).stop({ t: stopTimeoutInSeconds, abortSignal: signal } as object).catch(ignoreNotModified)),
  );
  if (sandboxInfo.State.Running && !sandboxInfo.State.Paused) await docker.getContainer(names.sandbox).pause({ abortSignal: signal });
}

/**
 * Removes every container and volume of the group (label lookups); what is already gone is fine. The
 * sandbox is first renamed ({@link toDeletingName}), so that the group reads as not found from then on,
 * never as a group whose containers vanish one by one (`Waiting`) or were killed.
 */
export async function removeGroup(docker: Docker, names: GroupNames, signal: AbortSignal | undefined): Promise<void> {
  const filters = toGroupFilter(names);
  const containers = await docker.listContainers({ all: true, filters, abortSignal: signal } as object);
  const live = containers.filter((c) => c.Labels[LABELS.role] === 'sandbox' && !isDeletingSandbox(names, c.Names[0] ?? ''));
  await Promise.all(live.map((c) => markDeleting(docker, names, c.Id, signal)));
  await removeContainers(docker, containers, signal);
  const { Volumes } = await docker.listVolumes({ filters, abortSignal: signal } as object);
  await removeVolumes(docker, Volumes ?? [], signal);
}

/**
 * Removes what an interrupted `delete` (abort, engine restart, killed process), or one still running, left
 * of the group, so that the group can be created again: its renamed sandbox, members, init containers and
 * volumes, found by one label lookup. A live group of that name (a `createOrUpdate` running alongside) is
 * never touched: its sandbox holds the deterministic name, and its containers joined that sandbox
 * ({@link toLeftovers}); when one exists, no volume is removed. Returns how many objects were removed.
 */
export async function removeLeftovers(docker: Docker, names: GroupNames, signal: AbortSignal | undefined): Promise<number> {
  const filters = toGroupFilter(names);
  const [containers, { Volumes }] = await Promise.all([
    docker.listContainers({ all: true, filters, abortSignal: signal } as object) as Promise<Docker.ContainerInfo[]>,
    docker.listVolumes({ filters, abortSignal: signal } as object),
  ]);
  const { leftovers, live } = toLeftovers(names, containers);
  const volumes = live ? [] : (Volumes ?? []);
  await removeContainers(docker, leftovers, signal);
  await removeVolumes(docker, volumes, signal);
  return leftovers.length + volumes.length;
}

/** How long a removal another `delete` has in progress is waited for before going on. */
const REMOVAL_WAIT_IN_MS = 30_000;

/**
 * Removes containers (with their anonymous volumes), the members before the sandboxes (their namespace);
 * what is already gone is fine. One that another `delete` is removing is waited for until it is gone, so
 * that its name is free when this returns (a group created next reuses the names).
 */
async function removeContainers(docker: Docker, containers: Docker.ContainerInfo[], signal: AbortSignal | undefined): Promise<void> {
  const isSandbox = (c: Docker.ContainerInfo) => c.Labels[LABELS.role] === 'sandbox';
  for (const batch of [containers.filter((c) => !isSandbox(c)), containers.filter(isSandbox)]) {
    await Promise.all(batch.map((c) => removeContainer(docker.getContainer(c.Id), signal)));
  }
}

async function removeContainer(c: Docker.Container, signal: AbortSignal | undefined): Promise<void> {
  try {
    await c.remove({ force: true, v: true, abortSignal: signal });
  } catch (e) {
    if (isNotFound(e)) return;
    // 409: its removal is in progress (a concurrent delete); anything else is a real failure.
    if (!isConflict(e)) throw e;
    await untilRemoved(c, signal);
  }
}

/**
 * Waits (the engine's `removed` condition, no polling) until a container being removed is gone, at most
 * {@link REMOVAL_WAIT_IN_MS}: a removal that failed leaves the container `dead`, never removed; the name is
 * then still taken and creating the group reports that conflict.
 */
async function untilRemoved(c: Docker.Container, signal: AbortSignal | undefined): Promise<void> {
  const timeout = AbortSignal.timeout(REMOVAL_WAIT_IN_MS);
  try {
    await c.wait({ condition: 'removed', abortSignal: signal ? AbortSignal.any([signal, timeout]) : timeout } as object);
  } catch (e) {
    signal?.throwIfAborted();
    if (isNotFound(e) || timeout.aborted) return;
    throw e;
  }
}

/** Removes volumes; what is already gone or still in use (409: a live container mounts it) is left. */
async function removeVolumes(docker: Docker, volumes: Docker.VolumeInspectInfo[], signal: AbortSignal | undefined): Promise<void> {
  await Promise.all(volumes.map((v) => docker.getVolume(v.Name).remove({ abortSignal: signal }).catch(ignoreGone)));
}

/**
 * Renames the sandbox (see {@link toDeletingName}). WARNING: removing it first instead is allowed by the
 * engine while members share its namespace, but a member restarted by its policy in between then fails
 * ("No such container"); stopping it first would read like `stop()`, or like a group still being created.
 */
async function markDeleting(docker: Docker, names: GroupNames, sandboxId: string, signal: AbortSignal | undefined): Promise<void> {
  try {
    await docker.getContainer(sandboxId).rename({ name: toDeletingName(names, sandboxId), abortSignal: signal } as object);
  } catch (e) {
    // Gone, renamed or being removed by a concurrent delete: the group already reads as not found.
    const still = await inspectContainer(docker, names.sandbox, signal);
    if (still?.Id === sandboxId && !isBeingRemoved(still)) throw e;
  }
}

/** Runs init containers one after the other; false when one failed (the group's provisioning failed). */
async function runInits(inits: Docker.Container[], signal: AbortSignal | undefined): Promise<boolean> {
  for (const c of inits) {
    throwIfAborted(signal);
    await c.start({ abortSignal: signal });
    if ((await waitForExit(c, signal)) !== 0) return false;
  }
  return true;
}

/**
 * The exit code of a container started before the call (the engine's `start` returns once it runs).
 * WARNING: not `next-exit` issued before `start`: the wait request races the start request on another
 * connection, and under load the engine may register the wait only after an instant exit, then wait for
 * an exit that never comes. `not-running` answers at once for a container that already exited, with
 * that run's exit code, so no exit can be missed.
 */
async function waitForExit(c: Docker.Container, signal: AbortSignal | undefined): Promise<number> {
  const { StatusCode } = (await c.wait({ condition: 'not-running', abortSignal: signal } as object)) as { StatusCode: number };
  return StatusCode;
}

/** Writes each secret volume's files (base64-decoded, in memory) into its tmpfs, held by the running sandbox. */
async function fillSecretVolumes(sandbox: Docker.Container, group: ContainerGroup, signal: AbortSignal | undefined): Promise<void> {
  for (const v of group.volumes ?? []) {
    if (!v.secret) continue;
    throwIfAborted(signal);
    const archive = tarFiles(
      Object.entries(v.secret).map(([file, b64]) => ({ name: file, content: Buffer.from(b64, 'base64'), mode: 0o444 })),
      Math.floor(Date.now() / 1000),
    );
    await sandbox.putArchive(archive, { path: `${SECRET_HOLD_DIR}/${v.name}`, abortSignal: signal } as object);
  }
}
