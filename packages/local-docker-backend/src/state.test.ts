import { describe, expect, it } from 'vitest';
import type { ContainerGroup } from '@container-hook/core';
import {
  finishedRun,
  fromDockerGroup,
  mergeRuns,
  previousRun,
  runsFromEvents,
  toContainerStates,
  toGroupState,
  toProvisioningState,
  type EngineContainer,
  type RunRecord,
  type StoredEvent,
} from './state.js';

const T0 = '2026-01-02T03:04:05.000000000Z';
const T1 = '2026-01-02T03:04:06.500000000Z';
const ZERO = '0001-01-01T00:00:00Z';

function engine(state: Partial<EngineContainer['State']>, restartCount = 0): EngineContainer {
  return {
    Id: 'id',
    Created: T0,
    RestartCount: restartCount,
    State: { Status: 'running', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, ExitCode: 0, StartedAt: ZERO, FinishedAt: ZERO, ...state },
  };
}

const created = engine({ Status: 'created' });
const running = engine({ Status: 'running', Running: true, StartedAt: T0 });
const exited = (code: number, oom = false) => engine({ Status: 'exited', ExitCode: code, OOMKilled: oom, StartedAt: T0, FinishedAt: T1 });
const restarting = engine({ Status: 'restarting', Running: true, Restarting: true, ExitCode: 3, StartedAt: T0, FinishedAt: T1 }, 1);
const sandboxUp = engine({ Status: 'running', Running: true, StartedAt: T0 });
const sandboxPaused = engine({ Status: 'paused', Running: true, Paused: true, StartedAt: T0 });
const sandboxCreated = engine({ Status: 'created' });
const sandboxExited = engine({ Status: 'exited', ExitCode: 137, StartedAt: T0, FinishedAt: T1 });

describe('toContainerStates (the README table)', () => {
  it.each([
    ['not created', undefined, { state: 'Waiting', detailStatus: '' }],
    ['created', created, { state: 'Waiting', detailStatus: '' }],
    ['running', running, { state: 'Running', startTime: new Date(T0), detailStatus: '' }],
    ['exited 0', exited(0), { state: 'Terminated', exitCode: 0, startTime: new Date(T0), finishTime: new Date(T1), detailStatus: 'Completed' }],
    ['exited 1', exited(1), { state: 'Terminated', exitCode: 1, startTime: new Date(T0), finishTime: new Date(T1), detailStatus: 'Error' }],
    ['killed', exited(137), { state: 'Terminated', exitCode: 137, startTime: new Date(T0), finishTime: new Date(T1), detailStatus: 'Error' }],
    ['OOM killed', exited(137, true), { state: 'Terminated', exitCode: 137, startTime: new Date(T0), finishTime: new Date(T1), detailStatus: 'OOMKilled' }],
    ['restarting', restarting, { state: 'Waiting', detailStatus: 'CrashLoopBackOff' }],
  ] as const)('%s', (_n, c, current) => {
    expect(toContainerStates(c as EngineContainer | undefined).current).toEqual(current);
  });

  it('gives previousState after a restart', () => {
    expect(toContainerStates(restarting).previous).toMatchObject({ state: 'Terminated', exitCode: 3 });
    expect(toContainerStates(running).previous).toBeUndefined();
  });
});

describe('group states', () => {
  const failedPull: StoredEvent = { container: 'a', name: 'Failed', type: 'Warning', message: 'Failed to pull image "x"', time: T0 };
  it.each([
    ['all exited 0', [exited(0), exited(0)], [], [], sandboxUp, 'Succeeded', 'Succeeded'],
    ['one exited 1', [exited(0), exited(1)], [], [], sandboxUp, 'Succeeded', 'Failed'],
    ['one running', [exited(0), running], [], [], sandboxUp, 'Succeeded', 'Running'],
    ['restarting', [restarting], [], [], sandboxUp, 'Succeeded', 'Running'],
    ['not started yet', [created], [], [], sandboxUp, 'Pending', 'Pending'],
    ['init running', [created], [running], [], sandboxUp, 'Pending', 'Pending'],
    ['init failed', [created], [exited(2)], [], sandboxUp, 'Failed', 'Failed'],
    ['pull failed', [undefined], [], [failedPull], sandboxUp, 'Failed', 'Failed'],
    ['stopped', [exited(137)], [], [], sandboxPaused, 'Succeeded', 'Stopped'],
    ['sandbox exited', [exited(137)], [], [], sandboxExited, 'Succeeded', 'Stopped'],
    ['being created: sandbox not started yet', [undefined], [undefined], [], sandboxCreated, 'Pending', 'Pending'],
    ['being created: containers not created yet', [undefined], [], [], sandboxUp, 'Pending', 'Pending'],
  ] as const)('%s', (_n, members, inits, events, sandbox, provisioning, state) => {
    const g = {
      members: new Map(members.map((m, i) => [`m${i}`, m as EngineContainer | undefined])),
      inits: new Map(inits.map((m, i) => [`i${i}`, m as EngineContainer | undefined])),
      events: [...events],
      sandbox,
    };
    expect(toProvisioningState(g)).toBe(provisioning);
    expect(toGroupState(g)).toBe(state);
  });
});

describe('fromDockerGroup', () => {
  it('gives an ACI-shaped group', () => {
    const spec: ContainerGroup = {
      osType: 'Linux',
      restartPolicy: 'Never',
      containers: [{ name: 'web', image: 'busybox', resources: { requests: { cpu: 1, memoryInGB: 1 } } }],
      ipAddress: { type: 'Public', ports: [{ port: 80, protocol: 'TCP' }] },
    };
    const sandbox = { ...sandboxUp, NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '49153' }] } } };
    const g = fromDockerGroup({ resourceGroup: 'RG', name: 'web', spec, sandbox, members: new Map([['web', exited(0)]]), inits: new Map(), events: [] });
    expect(g).toMatchObject({
      id: '/subscriptions/local/resourceGroups/RG/providers/Microsoft.ContainerInstance/containerGroups/web',
      name: 'web',
      type: 'Microsoft.ContainerInstance/containerGroups',
      location: 'local',
      provisioningState: 'Succeeded',
      instanceView: { state: 'Succeeded', events: [] },
      ipAddress: { type: 'Public', ip: '127.0.0.1', ports: [{ port: 80, protocol: 'TCP', hostPort: 49153 }] },
    });
    const view = g.containers[0]!.instanceView!;
    expect(view.restartCount).toBe(0);
    expect(view.events?.map((e) => [e.name, e.message, e.count, e.type])).toEqual([
      ['Created', 'Created container web', 1, 'Normal'],
      ['Started', 'Started container web', 1, 'Normal'],
    ]);
  });
});

describe('finishTime and previous runs', () => {
  const T2 = '2026-01-02T03:04:07.000000000Z';
  const T3 = '2026-01-02T03:04:08.000000000Z';
  it('clamps a finishTime the engine reports before startTime (an instant exit)', () => {
    const instant = engine({ Status: 'exited', ExitCode: 0, StartedAt: '2026-01-02T03:04:05.000300000Z', FinishedAt: T0 });
    const current = toContainerStates(instant).current;
    expect(current.finishTime!.getTime()).toBe(current.startTime!.getTime());
  });

  it('gives the previous run from the records, never the current run even when it finished "before" it started', () => {
    const firstRun: RunRecord = { startTime: T0, finishTime: T1, exitCode: 1 };
    // The second run exited at once: FinishedAt a fraction of a millisecond before StartedAt.
    const second = engine({ Status: 'exited', ExitCode: 0, StartedAt: '2026-01-02T03:04:07.000300000Z', FinishedAt: T2 }, 1);
    const runs = mergeRuns([firstRun], [finishedRun(second)!]);
    expect(runs).toHaveLength(2);
    expect(toContainerStates(second, false, runs).previous).toEqual({ state: 'Terminated', startTime: new Date(T0), exitCode: 1, finishTime: new Date(T1), detailStatus: 'Error' });
    const rerun = engine({ Status: 'running', Running: true, StartedAt: T3, FinishedAt: T2 }, 2);
    expect(previousRun(rerun, runs)?.exitCode).toBe(0);
    // Without a record: the finish time the engine kept, and no exit code.
    expect(toContainerStates(rerun).previous).toEqual({ state: 'Terminated', finishTime: new Date(T2), detailStatus: '' });
  });

  it('reads runs from the engine events: each die closes the start before it; oom marks it', () => {
    const ns = (iso: string) => Date.parse(iso) * 1e6;
    const runs = runsFromEvents([
      { Action: 'die', timeNano: ns(T0), Actor: { Attributes: { exitCode: '2' } } },
      { Action: 'start', timeNano: ns(T1) },
      { Action: 'oom', timeNano: ns(T2) },
      { Action: 'die', timeNano: ns(T2), Actor: { Attributes: { exitCode: '137' } } },
    ]);
    expect(runs).toEqual([
      { finishTime: new Date(T0).toISOString(), exitCode: 2 },
      { startTime: new Date(T1).toISOString(), finishTime: new Date(T2).toISOString(), exitCode: 137, oomKilled: true },
    ]);
  });

  it('merges runs without duplicates and keeps the last few', () => {
    const r = (i: number): RunRecord => ({ startTime: `2026-01-02T03:04:0${i}.000Z`, finishTime: `2026-01-02T03:04:0${i}.500Z`, exitCode: i });
    expect(mergeRuns([r(1)], [r(1), r(2)])).toEqual([r(1), r(2)]);
    expect(mergeRuns([r(1), r(2), r(3), r(4)], [r(5)]).map((x) => x.exitCode)).toEqual([2, 3, 4, 5]);
  });
});
