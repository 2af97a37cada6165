import type { ContainerInspectInfo } from 'dockerode';
import {
  CONTAINER_GROUP_TYPE,
  toContainerGroupId,
  toListItem,
  type Container,
  type ContainerGroup,
  type ContainerPropertiesInstanceView,
  type ContainerState,
  type Event,
  type InitContainerDefinition,
} from '@container-hook/core';
import { LOCAL_SUBSCRIPTION, toPortKey } from './mapping.js';

/** A pull done while creating the group, stored on the sandbox (the engine keeps no pull history). */
export interface StoredEvent {
  /** The container it concerns. */
  container: string;
  name: string;
  type: 'Normal' | 'Warning';
  message: string;
  /** ISO time. */
  time: string;
}

/** The subset of `docker inspect` the state mapping reads. */
export interface EngineContainer {
  Id: string;
  Created: string;
  RestartCount: number;
  State: Pick<ContainerInspectInfo['State'], 'Status' | 'Running' | 'Paused' | 'Restarting' | 'OOMKilled' | 'Dead' | 'ExitCode' | 'StartedAt' | 'FinishedAt'>;
  NetworkSettings?: {
    Ports?: Record<string, Array<{ HostIp: string; HostPort: string }> | null>;
    IPAddress?: string;
  };
}

/**
 * A finished run of a container. The engine forgets a run's exit code once the container runs again, so
 * the hook keeps what it learns (from an inspect while the engine waits to restart the container, or from
 * the engine's recent `die` events) in a file of the group's sandbox. Times are ISO strings.
 */
export interface RunRecord {
  startTime?: string;
  finishTime: string;
  exitCode: number;
  oomKilled?: boolean;
}

/** How many finished runs are kept per container (the previous one is all `getState` needs). */
export const KEPT_RUNS = 4;

/** Everything `getState` knows about a group, gathered by the hook; {@link fromDockerGroup} maps it. */
export interface EngineGroup {
  resourceGroup: string;
  name: string;
  /** The group as applied, secrets removed. */
  spec: ContainerGroup;
  sandbox: EngineContainer;
  members: Map<string, EngineContainer | undefined>;
  inits: Map<string, EngineContainer | undefined>;
  events: StoredEvent[];
  /** Finished runs per container name, when the hook read them (containers that restarted). */
  runs?: Map<string, readonly RunRecord[]>;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

function toDate(value: string | undefined): Date | undefined {
  if (!value || value.startsWith('0001-01-01')) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** True once the engine has started the container at least once. */
export function hasStarted(c: EngineContainer | undefined): boolean {
  return c !== undefined && toDate(c.State.StartedAt) !== undefined && c.State.StartedAt !== ZERO_TIME;
}

/** True when the container has stopped and the engine will not restart it. */
export function isDone(c: EngineContainer | undefined): boolean {
  if (!c) return false;
  const s = c.State.Status;
  return (s === 'exited' || s === 'dead') && !c.State.Restarting && hasStarted(c);
}

/** `Completed` (exit 0), `OOMKilled`, else `Error`. */
export function toDetailStatus(exitCode: number, oomKilled: boolean): string {
  if (oomKilled) return 'OOMKilled';
  return exitCode === 0 ? 'Completed' : 'Error';
}

/**
 * Engine state → ACI container states (the README's table):
 *
 * | engine | currentState | detailStatus |
 * |---|---|---|
 * | (not created: image pull failed) | Waiting | ErrImagePull |
 * | created | Waiting | '' |
 * | running, paused | Running | '' (paused: Paused) |
 * | restarting | Waiting | CrashLoopBackOff (previousState: Terminated with the exit code) |
 * | exited, dead | Terminated | Completed (0), Error (≠0), OOMKilled |
 *
 * `previousState` appears once the engine restarted the container (RestartCount > 0).
 */
export function toContainerStates(
  c: EngineContainer | undefined,
  pullFailed = false,
  runs: readonly RunRecord[] = [],
): { current: ContainerState; previous?: ContainerState } {
  if (!c) return { current: { state: 'Waiting', detailStatus: pullFailed ? 'ErrImagePull' : '' } };
  const st = c.State;
  const started = toDate(st.StartedAt);
  const finished = toDate(st.FinishedAt);
  const terminated = toTerminatedState({ ...(started ? { startTime: st.StartedAt } : {}), finishTime: st.FinishedAt, exitCode: st.ExitCode, oomKilled: st.OOMKilled });
  let current: ContainerState;
  let previous: ContainerState | undefined;
  if (st.Restarting || st.Status === 'restarting') {
    current = { state: 'Waiting', detailStatus: 'CrashLoopBackOff' };
    previous = terminated;
  } else if (st.Running || st.Status === 'running' || st.Status === 'paused') {
    current = { state: 'Running', ...(started ? { startTime: started } : {}), detailStatus: st.Paused ? 'Paused' : '' };
    if (c.RestartCount > 0) {
      const run = previousRun(c, runs);
      // Without a record, the engine still keeps the previous run's finish time (not its exit code).
      previous = run ? toTerminatedState(run) : { state: 'Terminated', ...(finished && started && finished < started ? { finishTime: finished } : {}), detailStatus: '' };
    }
  } else if (st.Status === 'created' || !started) {
    current = { state: 'Waiting', detailStatus: '' };
  } else {
    current = terminated;
    if (c.RestartCount > 0) {
      const run = previousRun(c, runs);
      previous = run ? toTerminatedState(run) : { state: 'Terminated', detailStatus: '' };
    }
  }
  return previous ? { current, previous } : { current };
}

/**
 * A finished run as an ACI `Terminated` state. WARNING: the engine may report an instant exit's
 * FinishedAt a fraction of a millisecond before its StartedAt (two clocks: containerd's exit time and the
 * daemon's start time), so finishTime is clamped to be at least startTime. Pure.
 */
export function toTerminatedState(run: RunRecord): ContainerState {
  const started = toDate(run.startTime);
  let finished = toDate(run.finishTime);
  if (finished && started && finished < started) finished = started;
  return {
    state: 'Terminated',
    ...(started ? { startTime: started } : {}),
    exitCode: run.exitCode,
    ...(finished ? { finishTime: finished } : {}),
    detailStatus: toDetailStatus(run.exitCode, Boolean(run.oomKilled)),
  };
}

/** The run a container just finished, when it is not running (exited, or waiting to be restarted). Pure. */
export function finishedRun(c: EngineContainer): RunRecord | undefined {
  const st = c.State;
  if ((st.Running && !st.Restarting) || !hasStarted(c) || !toDate(st.FinishedAt)) return undefined;
  if (!st.Restarting && st.Status !== 'exited' && st.Status !== 'dead') return undefined;
  return { startTime: st.StartedAt, finishTime: st.FinishedAt, exitCode: st.ExitCode, ...(st.OOMKilled ? { oomKilled: true } : {}) };
}

/** The run before the container's current one: the last record that finished before the current run started. Pure. */
export function previousRun(c: EngineContainer, runs: readonly RunRecord[]): RunRecord | undefined {
  const started = toDate(c.State.StartedAt);
  if (!started) return undefined;
  let best: RunRecord | undefined;
  for (const r of runs) {
    const f = toDate(r.finishTime);
    // Not the current run: an instant exit may be reported as finished before it started.
    if (r.startTime === c.State.StartedAt) continue;
    const s = toDate(r.startTime);
    if (s && s >= started) continue;
    if (!f || f > started) continue;
    if (!best || f >= toDate(best.finishTime)!) best = r;
  }
  return best;
}

/** Adds runs not yet known (same start, or same finish, is the same run), oldest first, the last {@link KEPT_RUNS} kept. Pure. */
export function mergeRuns(known: readonly RunRecord[], learned: readonly RunRecord[]): RunRecord[] {
  const merged = [...known];
  for (const r of learned) {
    if (merged.some((k) => (r.startTime !== undefined && k.startTime === r.startTime) || k.finishTime === r.finishTime)) continue;
    merged.push(r);
  }
  merged.sort((a, b) => Date.parse(a.finishTime) - Date.parse(b.finishTime));
  return merged.slice(-KEPT_RUNS);
}

/** One container event of the engine's event stream (the fields read here). */
export interface EngineEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
  time?: number;
}

function eventTime(e: EngineEvent): string | undefined {
  if (e.timeNano !== undefined) return new Date(Math.floor(e.timeNano / 1e6)).toISOString();
  if (e.time !== undefined) return new Date(e.time * 1000).toISOString();
  return undefined;
}

/**
 * Finished runs of one container from the engine's events (oldest first): each `die` (with its `exitCode`
 * attribute) closes the run opened by the `start` before it; an `oom` in between marks it OOM-killed.
 * A `die` whose `start` the engine no longer holds gives a run without startTime. Pure.
 */
export function runsFromEvents(events: readonly EngineEvent[]): RunRecord[] {
  const runs: RunRecord[] = [];
  let start: string | undefined;
  let oom = false;
  for (const e of events) {
    const action = e.Action ?? e.status;
    const time = eventTime(e);
    if (action === 'start') {
      start = time;
      oom = false;
    } else if (action === 'oom') {
      oom = true;
    } else if (action === 'die' && time) {
      const exitCode = Number(e.Actor?.Attributes?.exitCode ?? NaN);
      if (Number.isInteger(exitCode)) runs.push({ ...(start ? { startTime: start } : {}), finishTime: time, exitCode, ...(oom ? { oomKilled: true } : {}) });
      start = undefined;
      oom = false;
    }
  }
  return runs;
}

function event(name: string, type: 'Normal' | 'Warning', message: string, first: Date, last: Date = first, count = 1): Event {
  return { count, firstTimestamp: first, lastTimestamp: last, name, message, type };
}

/**
 * A container's events, synthesised from the engine's facts (the engine keeps no event history):
 * stored pull events, then Created (creation time), Started (StartedAt; `count` = RestartCount + 1, first
 * timestamp = the creation time when it restarted, as the engine keeps only the last start), BackOff while
 * restarting, Killing when the group was stopped, OOMKilled, and Failed for a failed init container.
 * Oldest first. Pure.
 */
export function toContainerEvents(
  name: string,
  c: EngineContainer | undefined,
  stored: readonly StoredEvent[],
  options: { role: 'container' | 'init'; groupStopped: boolean },
): Event[] {
  const events: Event[] = stored.filter((e) => e.container === name).map((e) => event(e.name, e.type, e.message, new Date(e.time)));
  if (c) {
    const created = toDate(c.Created);
    const started = toDate(c.State.StartedAt);
    const finished = toDate(c.State.FinishedAt);
    if (created) events.push(event('Created', 'Normal', `Created container ${name}`, created));
    if (started) {
      const first = c.RestartCount > 0 && created ? created : started;
      events.push(event('Started', 'Normal', `Started container ${name}`, first, started, c.RestartCount + 1));
    }
    if (c.State.Restarting && finished) events.push(event('BackOff', 'Warning', `Back-off restarting failed container ${name}`, finished));
    if (c.State.OOMKilled && finished) events.push(event('OOMKilled', 'Warning', `Container ${name} was killed: out of memory`, finished));
    if (options.groupStopped && isDone(c) && finished) events.push(event('Killing', 'Normal', `Killing container ${name}: the group was stopped`, finished));
    if (options.role === 'init' && isDone(c) && c.State.ExitCode !== 0 && finished) {
      events.push(event('Failed', 'Warning', `Init container ${name} failed with exit code ${c.State.ExitCode}`, finished));
    }
  }
  return events.sort((a, b) => (a.firstTimestamp?.getTime() ?? 0) - (b.firstTimestamp?.getTime() ?? 0));
}

/**
 * True when the group was stopped with `stop()`: the sandbox is paused (or exited). A sandbox created but
 * not started yet is a group being created (Pending), not a stopped one.
 */
export function isGroupStopped(sandbox: EngineContainer): boolean {
  return Boolean(sandbox.State.Paused) || (!sandbox.State.Running && sandbox.State.Status !== 'created');
}

/**
 * The provisioning state: Failed when an image could not be pulled or an init container failed;
 * Pending until every init container finished and every container started once; else Succeeded.
 */
export function toProvisioningState(g: Pick<EngineGroup, 'events' | 'members' | 'inits'>): string {
  if (g.events.some((e) => e.name === 'Failed')) return 'Failed';
  for (const c of g.inits.values()) if (isDone(c) && c!.State.ExitCode !== 0) return 'Failed';
  for (const c of g.inits.values()) if (!isDone(c)) return 'Pending';
  for (const c of g.members.values()) if (!hasStarted(c)) return 'Pending';
  return 'Succeeded';
}

/**
 * The group's `instanceView.state`, by ACI's rules: Failed when provisioning failed; Stopped after
 * `stop()`; Pending while provisioning; once every container stopped for good (the engine will not
 * restart it: restartPolicy Never, OnFailure after exit 0, or a stopped container) Succeeded when all
 * exited 0, else Failed; otherwise Running.
 */
export function toGroupState(g: Pick<EngineGroup, 'events' | 'members' | 'inits' | 'sandbox'>): string {
  const provisioning = toProvisioningState(g);
  if (provisioning === 'Failed') return 'Failed';
  if (isGroupStopped(g.sandbox)) return 'Stopped';
  if (provisioning !== 'Succeeded') return 'Pending';
  const members = [...g.members.values()];
  if (members.every(isDone)) return members.every((c) => c!.State.ExitCode === 0) ? 'Succeeded' : 'Failed';
  return 'Running';
}

function withInstanceView<T extends Container | InitContainerDefinition>(
  c: T,
  engine: EngineContainer | undefined,
  stored: readonly StoredEvent[],
  role: 'container' | 'init',
  groupStopped: boolean,
  runs: readonly RunRecord[] = [],
): T {
  const pullFailed = stored.some((e) => e.container === c.name && e.name === 'Failed');
  const { current, previous } = toContainerStates(engine, pullFailed, runs);
  const view: ContainerPropertiesInstanceView = {
    restartCount: engine?.RestartCount ?? 0,
    currentState: current,
    ...(previous ? { previousState: previous } : {}),
    events: toContainerEvents(c.name, engine, stored, { role, groupStopped }),
  };
  return { ...c, instanceView: view };
}

/**
 * The ACI-shaped group getState returns: the stored spec (secrets already removed), the resource fields,
 * provisioningState, the group instance view, each container's instance view, and the IP address
 * (`127.0.0.1` for Public groups, with each port's ephemeral host port as `hostPort`; the sandbox's
 * bridge address for Private ones). Pure.
 */
export function fromDockerGroup(g: EngineGroup): ContainerGroup {
  const spec = g.spec;
  const stopped = isGroupStopped(g.sandbox);
  const groupEvents = g.events
    .filter((e) => e.type === 'Warning')
    .map((e) => event(e.name, e.type, e.message, new Date(e.time)))
    .concat(
      [...g.inits.entries()]
        .filter(([, c]) => isDone(c) && c!.State.ExitCode !== 0)
        .map(([n, c]) => event('Failed', 'Warning', `Init container ${n} failed with exit code ${c!.State.ExitCode}`, toDate(c!.State.FinishedAt) ?? new Date())),
    );
  const result: ContainerGroup = {
    id: toContainerGroupId(LOCAL_SUBSCRIPTION, g.resourceGroup, g.name),
    name: g.name,
    type: CONTAINER_GROUP_TYPE,
    location: spec.location ?? 'local',
    ...spec,
    provisioningState: toProvisioningState(g),
    containers: spec.containers.map((c) => withInstanceView(c, g.members.get(c.name), g.events, 'container', stopped, g.runs?.get(c.name))),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map((c) => withInstanceView(c, g.inits.get(c.name), g.events, 'init', stopped)) } : {}),
    instanceView: { state: toGroupState(g), events: groupEvents },
  };
  if (spec.location === undefined) result.location = 'local';
  if (spec.ipAddress) {
    const isPublic = spec.ipAddress.type.toLowerCase() === 'public';
    const ports = g.sandbox.NetworkSettings?.Ports ?? {};
    result.ipAddress = {
      ...spec.ipAddress,
      ...(isPublic ? { ip: '127.0.0.1' } : g.sandbox.NetworkSettings?.IPAddress ? { ip: g.sandbox.NetworkSettings.IPAddress } : {}),
      ports: spec.ipAddress.ports.map((p) => {
        const hostPort = isPublic ? ports[toPortKey(p.port, p.protocol)]?.[0]?.HostPort : undefined;
        // `hostPort` is this backend's addition: where the port is published on 127.0.0.1.
        return hostPort ? { ...p, hostPort: Number(hostPort) } : { ...p };
      }),
    };
  }
  return result;
}

/**
 * A list item (the core's {@link toListItem}: no instance views, secrets hidden, as ACI's List) from the
 * stored spec and the resource fields. Pure.
 */
export function fromDockerListItem(resourceGroup: string, name: string, spec: ContainerGroup, provisioningState?: string): ContainerGroup {
  return toListItem({
    id: toContainerGroupId(LOCAL_SUBSCRIPTION, resourceGroup, name),
    name,
    type: CONTAINER_GROUP_TYPE,
    ...spec,
    location: spec.location ?? 'local',
    ...(provisioningState ? { provisioningState } : {}),
  });
}
