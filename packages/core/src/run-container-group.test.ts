// The run loop's decisions (terminal or not, failure states, pacing, throttling, cleanup) on scripted
// state sequences. The scripted hook stands in for ACI, which cannot run here: it replays the instance
// views ACI reports (Unhealthy, Failed provisioning, Retry-After throttling) that a Docker engine never
// produces. The same loop runs against the real Docker backend in run-container-group.engine tests.
import { describe, expect, it } from 'vitest';
import { ContainerGroupNotFoundError, ThrottledError, BackendUnavailableError } from './errors.js';
import type { ContainerGroupHook } from './hook.js';
import type { ContainerGroup, ContainerState, LogLine } from './model.js';
import { runContainerGroup, runContainerGroupEvents, type RunEvent } from './run-container-group.js';

const spec: ContainerGroup = {
  osType: 'Linux',
  restartPolicy: 'Never',
  containers: [{ name: 'job', image: 'img', resources: { requests: { cpu: 1, memoryInGB: 1 } } }],
};

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
function groupIn(current: ContainerState | undefined, extra: Partial<ContainerGroup> = {}, restartCount = 0): ContainerGroup {
  return {
    ...spec,
    provisioningState: 'Succeeded',
    ...extra,
    containers: [{ ...spec.containers[0]!, instanceView: current ? { currentState: current, restartCount, events: [] } : undefined }],
  };
}
const running = () => groupIn({ state: 'Running', startTime: at(1), detailStatus: '' });
const terminated = (exitCode: number, restartCount = 0) =>
  groupIn({ state: 'Terminated', exitCode, startTime: at(1), finishTime: at(2), detailStatus: exitCode ? 'Error' : 'Completed' }, {}, restartCount);

type Step = ContainerGroup | Error;

/** A hook that replays `states` (the last one repeats) and streams `lines` once. */
class ScriptedHook implements ContainerGroupHook {
  calls: { method: string; at: number }[] = [];
  deleted = 0;
  created = 0;
  #states: Step[];
  constructor(
    states: Step[],
    private readonly lines: string[] = [],
    private readonly options: { exists?: boolean; deleteFails?: boolean; followEndsOnlyOnAbort?: boolean } = {},
  ) {
    this.#states = [...states];
  }
  #record(method: string) {
    this.calls.push({ method, at: performance.now() });
  }
  async getConn() {
    return undefined;
  }
  async createOrUpdate(_rg: string, _name: string, group: ContainerGroup) {
    this.#record('createOrUpdate');
    this.created++;
    return group;
  }
  async getState() {
    this.#record('getState');
    const next = this.#states.length > 1 ? this.#states.shift()! : this.#states[0]!;
    if (next instanceof Error) throw next;
    return next;
  }
  async getStateExitCodeDetails(): Promise<never> {
    throw new Error('not used by the run loop');
  }
  async getMessages(): Promise<never> {
    throw new Error('not used by the run loop');
  }
  async getLogs(): Promise<never> {
    throw new Error('not used by the run loop');
  }
  async *followLogs(_rg: string, _name: string, options: { container?: string; abortSignal?: AbortSignal } = {}): AsyncIterable<LogLine> {
    for (const text of this.lines) yield { container: options.container ?? 'job', stream: 'stdout', text };
    if (this.options.followEndsOnlyOnAbort) {
      await new Promise((_, reject) => options.abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
    }
  }
  async delete() {
    this.#record('delete');
    this.deleted++;
    if (this.options.deleteFails) throw new BackendUnavailableError('engine went away while deleting');
  }
  async exists() {
    this.#record('exists');
    return this.options.exists ?? false;
  }
  async *list(): AsyncIterable<ContainerGroup> {}
  async start() {}
  async stop() {}
  async restart() {}
  async testConnection() {
    return { ok: true, message: 'scripted' };
  }
}

const fast = { minCallIntervalInMs: 10, maxPollIntervalInMs: 20 };

describe('runContainerGroup', () => {
  it('returns the exit code once the main container terminated, with every log line once, and deletes the group', async () => {
    const hook = new ScriptedHook([groupIn(undefined, { provisioningState: 'Pending' }), running(), terminated(3)], ['a\n', 'a\n', 'b\n']);
    const events: RunEvent[] = [];
    const result = await runContainerGroup(hook, 'rg', 'job', spec, { ...fast, collectLogs: true, onEvent: (e) => events.push(e) });
    expect(result).toEqual({
      exitCode: 3,
      state: 'Terminated',
      detailStatus: 'Error',
      restartCount: 0,
      lastLogLine: 'b\n',
      logs: ['a\n', 'a\n', 'b\n'],
      deleted: true,
    });
    expect(events.filter((e) => e.type === 'state').map((e) => (e.type === 'state' ? e.state : ''))).toEqual(['Pending', 'Running', 'Terminated']);
    expect(events.filter((e) => e.type === 'log')).toHaveLength(3);
    expect(events.at(-1)?.type).toBe('done');
    expect(hook.deleted).toBe(1);
  });

  it('reports each new event once, and again when its count grows', async () => {
    const withEvents = (count: number) => {
      const g = running();
      g.containers[0]!.instanceView!.events = [
        { name: 'Pulled', message: 'Successfully pulled image "img"', count: 1, firstTimestamp: at(0), type: 'Normal' },
        { name: 'Started', message: 'Started container', count, firstTimestamp: at(1), type: 'Normal' },
      ];
      return g;
    };
    const hook = new ScriptedHook([withEvents(1), withEvents(1), withEvents(2), terminated(0)]);
    const events: RunEvent[] = [];
    await runContainerGroup(hook, 'rg', 'job', spec, { ...fast, onEvent: (e) => events.push(e) });
    const names = events.flatMap((e) => (e.type === 'event' ? [`${e.event.name}x${e.event.count}`] : []));
    expect(names).toEqual(['Pulledx1', 'Startedx1', 'Startedx2']);
  });

  it('keeps going while OnFailure will restart a failed container, and ends on its successful run', async () => {
    const onFailure = { ...spec, restartPolicy: 'OnFailure' };
    const hook = new ScriptedHook([running(), terminated(1), running(), terminated(0, 1)]);
    const result = await runContainerGroup(hook, 'rg', 'job', onFailure, fast);
    expect(result.exitCode).toBe(0);
    expect(result.restartCount).toBe(1);
  });

  it('never ends on a Terminated state that Always will restart', async () => {
    const always = { ...spec, restartPolicy: undefined };
    const hook = new ScriptedHook([running(), terminated(0)]);
    const error = await runContainerGroup(hook, 'rg', 'job', always, { ...fast, timeoutInMs: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OperationTimeout' });
    expect(hook.deleted).toBe(1);
  });

  it.each([
    ['a Failed provisioning', groupIn(undefined, { provisioningState: 'Failed' })],
    ['an Unhealthy group (Spot eviction, #47023)', groupIn({ state: 'Running' }, { provisioningState: 'Unhealthy' })],
    ['a Failed group instance view', groupIn({ state: 'Waiting' }, { instanceView: { state: 'Failed', events: [{ type: 'Warning', message: 'Failed to pull image "nope"' }] } })],
  ])('fails clearly on %s and deletes the group', async (_label, state) => {
    const hook = new ScriptedHook([running(), state]);
    const error = await runContainerGroup(hook, 'rg', 'job', spec, fast).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ContainerGroupFailedError', code: 'ContainerGroupFailed' });
    expect(hook.deleted).toBe(1);
  });

  it('names the failing event in the error', async () => {
    const failed = groupIn({ state: 'Waiting' }, { provisioningState: 'Failed', instanceView: { state: 'Failed', events: [{ type: 'Warning', message: 'Failed to pull image "nope:1"' }] } });
    const error = await runContainerGroup(new ScriptedHook([failed]), 'rg', 'job', spec, fast).catch((e: unknown) => e);
    expect((error as Error).message).toContain('Failed to pull image "nope:1"');
  });

  it('fails with ContainerGroupNotFoundError when the group vanishes', async () => {
    const hook = new ScriptedHook([running(), new ContainerGroupNotFoundError('rg', 'job')]);
    await expect(runContainerGroup(hook, 'rg', 'job', spec, fast)).rejects.toMatchObject({ code: 'ContainerGroupNotFound' });
  });

  it('refuses an existing group with failIfExists and leaves it alone', async () => {
    const hook = new ScriptedHook([running()], [], { exists: true });
    await expect(runContainerGroup(hook, 'rg', 'job', spec, fast)).rejects.toMatchObject({ code: 'ContainerGroupExists' });
    expect(hook.created).toBe(0);
    expect(hook.deleted).toBe(0);
    const replaced = await runContainerGroup(new ScriptedHook([terminated(0)], [], { exists: true }), 'rg', 'job', spec, { ...fast, failIfExists: false });
    expect(replaced.exitCode).toBe(0);
  });

  it.each([
    [0, true, true, true],
    [0, false, true, false],
    [0, true, false, true],
    [0, false, false, false],
    [2, true, true, true],
    [2, false, true, true],
    [2, true, false, false],
    [2, false, false, false],
  ])('exit %i with removeOnSuccess=%s removeOnError=%s deletes: %s', async (exitCode, removeOnSuccess, removeOnError, deletes) => {
    const hook = new ScriptedHook([terminated(exitCode)]);
    const result = await runContainerGroup(hook, 'rg', 'job', spec, { ...fast, removeOnSuccess, removeOnError });
    expect(result.exitCode).toBe(exitCode);
    expect(result.deleted).toBe(deletes);
    expect(hook.deleted).toBe(deletes ? 1 : 0);
  });

  it('stops on abort, deletes the group when removeOnError holds, and rejects with AbortError', async () => {
    const controller = new AbortController();
    const hook = new ScriptedHook([running()]);
    const run = runContainerGroup(hook, 'rg', 'job', spec, { ...fast, abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(hook.deleted).toBe(1);
    const keep = new ScriptedHook([running()]);
    const c2 = new AbortController();
    const run2 = runContainerGroup(keep, 'rg', 'job', spec, { ...fast, abortSignal: c2.signal, removeOnError: false });
    setTimeout(() => c2.abort(), 50);
    await expect(run2).rejects.toMatchObject({ name: 'AbortError' });
    expect(keep.deleted).toBe(0);
  });

  it('reports a failed deletion with the original error, not instead of it', async () => {
    const hook = new ScriptedHook([groupIn(undefined, { provisioningState: 'Failed' })], [], { deleteFails: true });
    const error = await runContainerGroup(hook, 'rg', 'job', spec, fast).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ContainerGroupFailed', cleanupError: { code: 'BackendUnavailable' } });
  });

  it('fails a successful run whose group could not be deleted, so nothing leaks silently', async () => {
    const hook = new ScriptedHook([terminated(0)], [], { deleteFails: true });
    await expect(runContainerGroup(hook, 'rg', 'job', spec, fast)).rejects.toMatchObject({ code: 'BackendUnavailable' });
  });

  it('never calls the backend faster than the minimum interval, whatever it answers', async () => {
    const hook = new ScriptedHook([...Array.from({ length: 8 }, running), terminated(0)]);
    await runContainerGroup(hook, 'rg', 'job', spec, { minCallIntervalInMs: 40, maxPollIntervalInMs: 40 });
    const polls = hook.calls.filter((c) => c.method === 'getState').map((c) => c.at);
    expect(polls.length).toBe(9);
    // Timer slack makes gaps slightly uneven; none may be shorter than the floor (1 ms tolerance for clock granularity).
    for (let i = 1; i < polls.length; i++) expect(polls[i]! - polls[i - 1]!).toBeGreaterThanOrEqual(39);
  });

  it('waits as long as a ThrottledError asks before the next call', async () => {
    const hook = new ScriptedHook([running(), new ThrottledError('slow down', { retryAfterMs: 150 }), terminated(0)]);
    await runContainerGroup(hook, 'rg', 'job', spec, { minCallIntervalInMs: 10, maxPollIntervalInMs: 1000 });
    const polls = hook.calls.filter((c) => c.method === 'getState').map((c) => c.at);
    expect(polls[2]! - polls[1]!).toBeGreaterThanOrEqual(149);
  });

  it('retries a briefly unavailable backend, then gives up', async () => {
    const flaky = new ScriptedHook([new BackendUnavailableError('down'), running(), terminated(0)]);
    expect((await runContainerGroup(flaky, 'rg', 'job', spec, fast)).exitCode).toBe(0);
    const down = new ScriptedHook([new BackendUnavailableError('down')]);
    await expect(runContainerGroup(down, 'rg', 'job', spec, fast)).rejects.toMatchObject({ code: 'BackendUnavailable' });
  });

  it('uses the backend watch instead of polling when it has one', async () => {
    const hook = new ScriptedHook([running()]);
    const watched = Object.assign(hook, {
      async *watch() {
        yield running();
        yield terminated(0);
      },
    });
    const result = await runContainerGroup(watched, 'rg', 'job', spec, fast);
    expect(result.exitCode).toBe(0);
    expect(hook.calls.filter((c) => c.method === 'getState')).toHaveLength(0);
  });

  it('polls at once when the main log stream ends by itself, not after the backed-off interval', async () => {
    // The stream ends after eight polls (seven unchanged), while the run loop sleeps 10 ms × 2^7 = 1.28 s before the
    // next one; the poll that sees Terminated must come right after the stream ended (half that, at most).
    let polls = 0;
    let logsEndedAt: number | undefined;
    let terminalPollAt: number | undefined;
    const hook = new ScriptedHook([running()]);
    hook.getState = async () => {
      polls++;
      if (logsEndedAt === undefined) return running();
      terminalPollAt ??= performance.now();
      return terminated(0);
    };
    hook.followLogs = async function* (_rg: string, _name: string, options: { container?: string } = {}) {
      yield { container: options.container ?? 'job', stream: 'stdout' as const, text: 'working\n' };
      while (polls < 8) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20)); // well inside the run loop's sleep
      logsEndedAt = performance.now();
    };
    const result = await runContainerGroup(hook, 'rg', 'job', spec, { minCallIntervalInMs: 10, maxPollIntervalInMs: 600_000 });
    expect(result.exitCode).toBe(0);
    expect(terminalPollAt! - logsEndedAt!).toBeLessThan(640);
  });

  it('tells a polling log stream, once the container is terminal, to make its last read now (finalReadSignal)', async () => {
    // A stream that would otherwise end only with its next poll: it ends when the run loop signals, with its
    // last line delivered (a drain time of a minute would fail the test's 5 s if the signal never came).
    const hook = new ScriptedHook([running(), terminated(0)]);
    hook.followLogs = async function* (_rg: string, _name: string, options: { container?: string; finalReadSignal?: AbortSignal } = {}) {
      yield { container: options.container ?? 'job', stream: 'stdout' as const, text: 'first\n' };
      await new Promise<void>((resolve) => {
        if (options.finalReadSignal?.aborted) return resolve();
        options.finalReadSignal?.addEventListener('abort', () => resolve(), { once: true });
      });
      yield { container: options.container ?? 'job', stream: 'stdout' as const, text: 'last\n' };
    };
    const result = await runContainerGroup(hook, 'rg', 'job', spec, { ...fast, logDrainTimeoutInMs: 60_000, collectLogs: true });
    expect(result).toMatchObject({ exitCode: 0, logs: ['first\n', 'last\n'], lastLogLine: 'last\n' });
  });

  it('ends a log stream that does not end by itself once the drain time is over', async () => {
    const hook = new ScriptedHook([terminated(0)], ['only\n'], { followEndsOnlyOnAbort: true });
    const result = await runContainerGroup(hook, 'rg', 'job', spec, { ...fast, logDrainTimeoutInMs: 50 });
    expect(result.lastLogLine).toBe('only\n');
  });

  it('treats a consumer that stops iterating as an abort: the group is deleted', async () => {
    const hook = new ScriptedHook([running()], ['x\n']);
    for await (const event of runContainerGroupEvents(hook, 'rg', 'job', spec, fast)) {
      if (event.type === 'log') break;
    }
    expect(hook.deleted).toBe(1);
  });
});
