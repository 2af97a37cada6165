import { describe, expect, it } from 'vitest';
import { learnRuns, recordFinishedRuns, toRestarted } from './runs.js';
import type { EngineContainer, EngineEvent, RunRecord } from './state.js';

const T0 = '2026-01-02T03:04:05.000000000Z';
const T1 = '2026-01-02T03:04:06.000000000Z';
const T2 = '2026-01-02T03:04:07.000000000Z';
const T3 = '2026-01-02T03:04:08.000000000Z';

function engine(id: string, state: Partial<EngineContainer['State']>, restartCount = 0): EngineContainer {
  return {
    Id: id,
    Created: T0,
    RestartCount: restartCount,
    State: { Status: 'running', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, ExitCode: 0, StartedAt: T0, FinishedAt: T1, ...state },
  };
}

// Waiting to be restarted: the run that just ended is still in the inspect.
const restarting = engine('r', { Status: 'restarting', Running: true, Restarting: true, ExitCode: 3, StartedAt: T0, FinishedAt: T1 }, 1);
// Running again after a restart: the previous run's exit code is gone from the inspect.
const rerunning = engine('a', { Status: 'running', Running: true, StartedAt: T2, FinishedAt: T1 }, 1);
const neverRestarted = engine('n', { Status: 'running', Running: true });
const earlier: RunRecord = { startTime: T0, finishTime: T1, exitCode: 3 };

describe('toRestarted', () => {
  it('keeps the containers that restarted or are about to, in order', () => {
    const members = new Map([
      ['n', neverRestarted],
      ['gone', undefined],
      ['a', rerunning],
      ['r', restarting],
    ]);
    expect(toRestarted(members)).toEqual([
      ['a', rerunning],
      ['r', restarting],
    ]);
  });
});

describe('recordFinishedRuns', () => {
  it('records the run a restarting container just finished', () => {
    expect(recordFinishedRuns({}, [['r', restarting]])).toEqual({ runs: { r: [earlier] }, changed: true, missing: [] });
  });

  it('changes nothing when the run is already recorded, and leaves other containers as stored', () => {
    const stored = { r: [earlier], other: [{ finishTime: T0, exitCode: 1 }] };
    const result = recordFinishedRuns(stored, [['r', restarting]]);
    expect(result).toEqual({ runs: stored, changed: false, missing: [] });
    expect(result.runs).not.toBe(stored);
  });

  it('reports a restarted container whose previous run is unknown as missing, with an entry', () => {
    expect(recordFinishedRuns({}, [['a', rerunning]])).toEqual({ runs: { a: [] }, changed: false, missing: [['a', rerunning]] });
    expect(recordFinishedRuns({ a: [earlier] }, [['a', rerunning]])).toEqual({ runs: { a: [earlier] }, changed: false, missing: [] });
  });
});

describe('learnRuns', () => {
  const event = (id: string, Action: string, time: string, exitCode?: string): EngineEvent => ({
    Action,
    Actor: { ID: id, ...(exitCode !== undefined ? { Attributes: { exitCode } } : {}) },
    timeNano: Date.parse(time) * 1e6,
  });

  it("adds each container's runs from its own events", () => {
    const events = [event('a', 'start', T0), event('x', 'die', T1, '9'), event('a', 'die', T1, '3'), event('a', 'start', T2)];
    expect(learnRuns({ a: [] }, [['a', rerunning]], events)).toEqual({
      runs: { a: [{ startTime: '2026-01-02T03:04:05.000Z', finishTime: '2026-01-02T03:04:06.000Z', exitCode: 3 }] },
      changed: true,
    });
  });

  it('changes nothing when the events hold no new run', () => {
    const known = { finishTime: '2026-01-02T03:04:06.000Z', exitCode: 3 };
    expect(learnRuns({ a: [known] }, [['a', rerunning]], [event('a', 'die', T1, '3')])).toEqual({ runs: { a: [known] }, changed: false });
    expect(learnRuns({}, [['a', rerunning]], [event('a', 'start', T3)])).toEqual({ runs: { a: [] }, changed: false });
  });
});
