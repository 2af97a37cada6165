import { delay, isAbortError, throwIfAborted } from './abort.js';
import type { AsyncQueue } from './async-queue.js';
import { ContainerGroupFailedError, isContainerHookError, type ThrottledError } from './errors.js';
import type { ContainerGroupHook } from './hook.js';
import { mainContainerOf, toStateSummary } from './main-container.js';
import type { ContainerGroup, Event } from './model.js';
import { willRestart } from './restart-policy.js';
import type { runContainerGroupEvents, RunContainerGroupOptions, RunEvent, RunResult } from './run-container-group.js';

const TERMINAL_FAILURE_STATES = new Set(['Failed', 'Unhealthy']);
const MAX_CONSECUTIVE_UNAVAILABLE = 5;

/**
 * Follows one run of {@link runContainerGroupEvents}: the log streams and the state (pushed by the backend's
 * `watch`, else polled with backoff), merged into one queue of events; decides when the run is over.
 */
export class RunMonitor {
  readonly #mainName: string | undefined;
  readonly #restartPolicy: string;
  readonly #minIntervalInMs: number;
  readonly #maxIntervalInMs: number;
  readonly #seenEvents = new Map<string, number>();
  #lastStateKey: string | undefined;
  #lastLogLine: string | undefined;
  readonly #logs: string[] = [];
  #lastCallAt = 0;
  /** Aborted when the main container's log stream ended by itself: it is terminal, so the next state poll is due now. */
  readonly #mainLogsEnded = new AbortController();
  /** Aborted once the main container is terminal for good: a polling `followLogs` makes its last read now. */
  readonly #terminalSeen = new AbortController();
  private readonly hook: ContainerGroupHook;
  private readonly resourceGroup: string;
  private readonly name: string;
  private readonly group: ContainerGroup;
  private readonly options: RunContainerGroupOptions;
  private readonly signal: AbortSignal;
  private readonly queue: AsyncQueue<RunEvent>;

  // Plain assignments rather than parameter properties, so Node's type stripping can run this file too.
  constructor(
    hook: ContainerGroupHook,
    resourceGroup: string,
    name: string,
    group: ContainerGroup,
    options: RunContainerGroupOptions,
    signal: AbortSignal,
    queue: AsyncQueue<RunEvent>,
  ) {
    this.hook = hook;
    this.resourceGroup = resourceGroup;
    this.name = name;
    this.group = group;
    this.options = options;
    this.signal = signal;
    this.queue = queue;
    this.#mainName = mainContainerOf(name, group.containers ?? [])?.name;
    // ACI's default restart policy is Always.
    this.#restartPolicy = group.restartPolicy ?? 'Always';
    this.#minIntervalInMs = Math.max(10, options.minCallIntervalInMs ?? 1000);
    this.#maxIntervalInMs = Math.max(this.#minIntervalInMs, options.maxPollIntervalInMs ?? 30_000);
  }

  async run(): Promise<Omit<RunResult, 'deleted'>> {
    const logsController = new AbortController();
    const stopLogs = () => logsController.abort();
    this.signal.addEventListener('abort', stopLogs, { once: true });
    try {
      const logTasks = this.#logTargets().map((container) => {
        const task = this.#followLogs(container, logsController.signal);
        // A stream that ended by itself (not aborted) says the container is terminal: poll now, not after the backoff.
        if (container === this.#mainName) void task.then(() => !logsController.signal.aborted && this.#mainLogsEnded.abort(), () => undefined);
        return task;
      });
      // A log stream that fails (the group vanished) ends the run as much as a state change does.
      const logFailure = Promise.all(logTasks).then(() => new Promise<never>(() => {}));
      const final = await Promise.race([this.#watchUntilTerminal(), logFailure]);
      this.#terminalSeen.abort();
      await this.#drainLogs(logTasks, logsController);
      const summary = toStateSummary(this.name, final);
      return {
        exitCode: summary.exitCode ?? 1,
        state: summary.state,
        detailStatus: summary.detailStatus,
        restartCount: mainContainerOf(this.name, final.containers ?? [])?.instanceView?.restartCount ?? 0,
        lastLogLine: this.#lastLogLine,
        ...(this.options.collectLogs ? { logs: this.#logs } : {}),
      };
    } finally {
      this.signal.removeEventListener('abort', stopLogs);
      logsController.abort();
    }
  }

  #logTargets(): string[] {
    const mode = this.options.logs ?? 'main';
    if (mode === 'none') return [];
    if (mode === 'all') return (this.group.containers ?? []).map((c) => c.name);
    return this.#mainName === undefined ? [] : [this.#mainName];
  }

  async #followLogs(container: string, signal: AbortSignal): Promise<void> {
    try {
      for await (const line of this.hook.followLogs(this.resourceGroup, this.name, { container, abortSignal: signal, finalReadSignal: this.#terminalSeen.signal })) {
        this.queue.push({ type: 'log', line });
        if (container === this.#mainName) {
          this.#lastLogLine = line.text;
          if (this.options.collectLogs) this.#logs.push(line.text);
        }
      }
    } catch (e) {
      if (signal.aborted && isAbortError(e)) return;
      throw e;
    }
  }

  /** Once the main container is terminal, its stream ends by itself; give it a bounded time to deliver the rest. */
  async #drainLogs(logTasks: Promise<void>[], logsController: AbortController): Promise<void> {
    const grace = new AbortController();
    const drained = Promise.all(logTasks).then(() => true);
    const timedOut = delay(this.options.logDrainTimeoutInMs ?? 30_000, { abortSignal: grace.signal }).then(
      () => false,
      () => false,
    );
    const finished = await Promise.race([drained, timedOut]);
    grace.abort();
    if (!finished) logsController.abort();
    await Promise.allSettled(logTasks);
  }

  /** Reports state and events until the main container is terminal; returns the final group. */
  async #watchUntilTerminal(): Promise<ContainerGroup> {
    if (this.hook.watch) {
      for await (const g of this.hook.watch(this.resourceGroup, this.name, { abortSignal: this.signal })) {
        if (this.#observe(g)) return g;
      }
      throwIfAborted(this.signal);
      // The watch ended without a terminal state (a backend that stops pushing): fall back to polling.
    }
    return this.#pollUntilTerminal();
  }

  async #pollUntilTerminal(): Promise<ContainerGroup> {
    let intervalInMs = this.#minIntervalInMs;
    let unavailable = 0;
    for (;;) {
      await this.#pace();
      let g: ContainerGroup;
      try {
        g = await this.hook.getState(this.resourceGroup, this.name, { abortSignal: this.signal });
        unavailable = 0;
      } catch (e) {
        if (isContainerHookError(e, 'Throttled')) {
          intervalInMs = Math.min(this.#maxIntervalInMs, Math.max(intervalInMs, (e as ThrottledError).retryAfterMs ?? intervalInMs * 2));
          await delay(intervalInMs, { abortSignal: this.signal });
          continue;
        }
        if (isContainerHookError(e, 'BackendUnavailable') && ++unavailable <= MAX_CONSECUTIVE_UNAVAILABLE) {
          intervalInMs = Math.min(this.#maxIntervalInMs, intervalInMs * 2);
          await delay(intervalInMs, { abortSignal: this.signal });
          continue;
        }
        throw e;
      }
      const before = this.#lastStateKey;
      if (this.#observe(g)) return g;
      // Backs off while nothing changes (×2: a polled backend's budget goes to the log reads), back to the
      // minimum on a change; once the main log stream ended, only the minimum interval is kept.
      intervalInMs = this.#lastStateKey === before ? Math.min(this.#maxIntervalInMs, intervalInMs * 2) : this.#minIntervalInMs;
      await this.#sleep(intervalInMs);
    }
  }

  /** Waits `intervalInMs`, or less once the main container's log stream ended (then `#pace` keeps the minimum). */
  async #sleep(intervalInMs: number): Promise<void> {
    if (this.#mainLogsEnded.signal.aborted) return;
    try {
      await delay(intervalInMs, { abortSignal: AbortSignal.any([this.signal, this.#mainLogsEnded.signal]) });
    } catch (e) {
      if (this.signal.aborted) throw e;
    }
  }

  /** Waits so that two state calls are never closer than the minimum interval. */
  async #pace(): Promise<void> {
    const wait = this.#lastCallAt + this.#minIntervalInMs - Date.now();
    if (wait > 0) await delay(wait, { abortSignal: this.signal });
    this.#lastCallAt = Date.now();
  }

  /** Reports what changed in `g`; true when the main container is terminal for good. */
  #observe(g: ContainerGroup): boolean {
    const summary = toStateSummary(this.name, g);
    const main = mainContainerOf(this.name, g.containers ?? []);
    const restartCount = main?.instanceView?.restartCount ?? 0;
    const provisioningState = g.provisioningState;
    const groupState = g.instanceView?.state;
    // Events first: they say how the group got to the state reported next (Pulled, Started, then Terminated).
    this.#reportEvents(undefined, g.instanceView?.events);
    for (const c of [...(g.initContainers ?? []), ...(g.containers ?? [])]) this.#reportEvents(c.name, c.instanceView?.events);
    const key = JSON.stringify([summary.state, summary.exitCode, summary.detailStatus, restartCount, provisioningState, groupState]);
    if (key !== this.#lastStateKey) {
      this.#lastStateKey = key;
      this.queue.push({ type: 'state', ...summary, restartCount, provisioningState, groupState });
    }

    const exitCode = summary.state === 'Terminated' ? summary.exitCode : undefined;
    const terminated = exitCode !== undefined;
    if (terminated && (!willRestart(this.#restartPolicy, exitCode) || groupState === 'Stopped')) return true;
    const failedState = [provisioningState, groupState, summary.state].find((s) => s !== undefined && TERMINAL_FAILURE_STATES.has(s));
    if (failedState !== undefined && !terminated) {
      throw new ContainerGroupFailedError(this.resourceGroup, this.name, failedState, failureReason(g, summary.detailStatus));
    }
    if (groupState === 'Stopped') {
      throw new ContainerGroupFailedError(this.resourceGroup, this.name, 'Stopped', 'the group was stopped before its main container finished');
    }
    return false;
  }

  #reportEvents(container: string | undefined, events: Event[] | undefined): void {
    for (const event of events ?? []) {
      const id = JSON.stringify([container, event.name, event.message, event.firstTimestamp?.getTime()]);
      const count = event.count ?? 1;
      const seen = this.#seenEvents.get(id);
      if (seen !== undefined && seen >= count) continue;
      this.#seenEvents.set(id, count);
      this.queue.push({ type: 'event', container, event });
    }
  }
}

/** The most telling reason a group failed: its last warning event, else the main container's detail status. */
function failureReason(g: ContainerGroup, detailStatus: string): string {
  const events = [...(g.instanceView?.events ?? []), ...(g.initContainers ?? []).flatMap((c) => c.instanceView?.events ?? []), ...(g.containers ?? []).flatMap((c) => c.instanceView?.events ?? [])];
  const warning = events.filter((e) => e.type === 'Warning' && e.message).at(-1);
  return warning?.message ?? (detailStatus || 'the backend reported no reason');
}
