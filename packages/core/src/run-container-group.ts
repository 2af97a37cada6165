import { delay, isAbortError, throwIfAborted, AbortError } from './abort.js';
import { AsyncQueue } from './async-queue.js';
import {
  ContainerGroupExistsError,
  ContainerGroupFailedError,
  isContainerHookError,
  OperationTimeoutError,
  type ThrottledError,
} from './errors.js';
import type { ContainerGroupHook, OperationOptions } from './hook.js';
import { mainContainerOf, toStateSummary } from './main-container.js';
import type { ContainerGroup, Event, LogLine } from './model.js';
import { willRestart } from './restart-policy.js';

/** Options of {@link runContainerGroup}: Airflow's `AzureContainerInstancesOperator` parameters, in camelCase. */
export interface RunContainerGroupOptions extends OperationOptions {
  /** Refuse to run when a group of that name exists (it is then left alone). Default true, as Airflow. */
  failIfExists?: boolean;
  /** Delete the group after the main container exited 0. Default true. */
  removeOnSuccess?: boolean;
  /** Delete the group after a non-zero exit, a failure, a timeout or an abort. Default true. */
  removeOnError?: boolean;
  /** Give up (and fail with `OperationTimeoutError`) after this long. Default: no limit. */
  timeoutInMs?: number;
  /** Whose log lines to report: the main container's (default), every container's, or none. */
  logs?: 'main' | 'all' | 'none';
  /** Keep every line of the main container in the result's `logs` (Airflow's `xcom_all=True`). Default false. */
  collectLogs?: boolean;
  /**
   * The least time between two state calls to the backend, whatever it answers (the cure for Airflow's
   * busy loop, #14213). Default 1000; never below 10.
   */
  minCallIntervalInMs?: number;
  /** How far state polling backs off while nothing changes. Default 30000. */
  maxPollIntervalInMs?: number;
  /** How long to wait, once the main container is terminal, for its log stream to deliver its last lines. Default 30000. */
  logDrainTimeoutInMs?: number;
  /** Called with every progress event, in order. */
  onEvent?: (event: RunEvent) => void;
}

/** What a finished run reports (Airflow's exit code and XCom values). */
export interface RunResult {
  /** The main container's exit code. */
  exitCode: number;
  /** The main container's last state (`Terminated`). */
  state: string;
  /** e.g. `Completed`, `Error`, `OOMKilled`. */
  detailStatus: string;
  /** How often the main container was restarted. */
  restartCount: number;
  /** The main container's last log line, with its terminator (Airflow's `xcom_all=False`). */
  lastLogLine: string | undefined;
  /** Every line of the main container, with `collectLogs` (Airflow's `xcom_all=True`). */
  logs?: string[];
  /** Whether the group was deleted afterwards. */
  deleted: boolean;
}

/** The main container's state changed (or the group's provisioning or instance state did). */
export interface RunStateEvent {
  type: 'state';
  state: string;
  exitCode: number | undefined;
  detailStatus: string;
  restartCount: number;
  provisioningState: string | undefined;
  groupState: string | undefined;
}

/** A new instance-view event of a container (or of the group, with `container` undefined). */
export interface RunInstanceEvent {
  type: 'event';
  container: string | undefined;
  event: Event;
}

/** A log line, exactly once and in order per container. */
export interface RunLogEvent {
  type: 'log';
  line: LogLine;
}

/** The run finished; the group was deleted or kept per the options. Always the last event. */
export interface RunDoneEvent {
  type: 'done';
  result: RunResult;
}

export type RunEvent = RunStateEvent | RunInstanceEvent | RunLogEvent | RunDoneEvent;

/** A failed deletion on the error path, reported with the original error (never instead of it). */
export interface RunCleanupFailure {
  cleanupError?: unknown;
}

const TERMINAL_FAILURE_STATES = new Set(['Failed', 'Unhealthy']);
const MAX_CONSECUTIVE_UNAVAILABLE = 5;

/**
 * Runs a container group to completion: Airflow's `AzureContainerInstancesOperator`, done right. Creates
 * the group, reports each state change and new event once and every log line exactly once, in order
 * (through `followLogs`: no tail window, so no lines duplicated or lost), and resolves with the main
 * container's exit code once its restart policy will not restart it. The group is then deleted per
 * `removeOnSuccess` / `removeOnError`.
 *
 * State comes from the backend's `watch` when it has one (Docker: no polling), else from `getState`
 * polled with backoff, honouring `ThrottledError.retryAfterMs`, never faster than `minCallIntervalInMs`.
 *
 * @returns the events of the run, ending with a `done` event.
 * @throws {ContainerGroupExistsError} when the group exists and `failIfExists` holds (the group is left alone).
 * @throws {ContainerGroupFailedError} when the group becomes `Failed` or `Unhealthy`.
 * @throws {ContainerGroupNotFoundError} when the group vanishes while running.
 * @throws {OperationTimeoutError} after `timeoutInMs`.
 * @throws {AbortError} when `abortSignal` aborts (Airflow's `on_kill`): the group is deleted when `removeOnError` holds.
 */
export async function* runContainerGroupEvents(
  hook: ContainerGroupHook,
  resourceGroup: string,
  name: string,
  group: ContainerGroup,
  options: RunContainerGroupOptions = {},
): AsyncGenerator<RunEvent, void, undefined> {
  const { abortSignal, timeoutInMs } = options;
  throwIfAborted(abortSignal);
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  abortSignal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer =
    timeoutInMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutInMs);

  let created = false;
  let result: Omit<RunResult, 'deleted'> | undefined;
  let failure: unknown;
  let deleted = false;
  try {
    if ((options.failIfExists ?? true) && (await hook.exists(resourceGroup, name, { abortSignal: controller.signal }))) {
      throw new ContainerGroupExistsError(resourceGroup, name);
    }
    // Set before the call: a create that fails halfway may leave objects behind, and delete is safe on a missing group.
    created = true;
    await hook.createOrUpdate(resourceGroup, name, group, { abortSignal: controller.signal });
    const queue = new AsyncQueue<RunEvent>();
    const monitor = new RunMonitor(hook, resourceGroup, name, group, options, controller.signal, queue);
    monitor.run().then(
      (r) => {
        result = r;
        queue.close();
      },
      (e: unknown) => queue.fail(e),
    );
    for await (const event of queue) {
      options.onEvent?.(event);
      yield event;
    }
  } catch (e) {
    failure = e;
  } finally {
    clearTimeout(timer);
    abortSignal?.removeEventListener('abort', onAbort);
    // Stops whatever still runs (a consumer that stopped iterating early ends the run as an abort).
    controller.abort();
    if (timedOut) {
      failure = new OperationTimeoutError(
        `container group "${name}" in resource group "${resourceGroup}" did not finish within ${timeoutInMs} ms`,
        timeoutInMs ?? 0,
        { cause: failure },
      );
    } else if (failure !== undefined && isAbortError(failure) && !(failure instanceof AbortError)) {
      failure = new AbortError();
    }
    const success = failure === undefined && result !== undefined && result.exitCode === 0;
    const remove = success ? (options.removeOnSuccess ?? true) : (options.removeOnError ?? true);
    if (created && remove) {
      try {
        await hook.delete(resourceGroup, name);
        deleted = true;
      } catch (deleteError) {
        if (failure === undefined) failure = deleteError;
        else if (typeof failure === 'object' && failure !== null) (failure as RunCleanupFailure).cleanupError = deleteError;
      }
    }
  }
  if (failure !== undefined) throw failure;
  if (result === undefined) throw new AbortError();
  const done: RunDoneEvent = { type: 'done', result: { ...result, deleted } };
  options.onEvent?.(done);
  yield done;
}

/**
 * {@link runContainerGroupEvents}, resolved to its result; `options.onEvent` sees every event.
 * @example
 * ```ts
 * const hook = await createHook();
 * const { exitCode } = await runContainerGroup(hook, 'rg', 'hello', group, {
 *   onEvent: (e) => e.type === 'log' && process.stdout.write(e.line.text),
 * });
 * ```
 */
export async function runContainerGroup(
  hook: ContainerGroupHook,
  resourceGroup: string,
  name: string,
  group: ContainerGroup,
  options: RunContainerGroupOptions = {},
): Promise<RunResult> {
  for await (const event of runContainerGroupEvents(hook, resourceGroup, name, group, options)) {
    if (event.type === 'done') return event.result;
  }
  throw new AbortError();
}

/** Follows one run: log streams and state, merged into one queue of events. */
class RunMonitor {
  readonly #mainName: string | undefined;
  readonly #restartPolicy: string;
  readonly #minIntervalInMs: number;
  readonly #maxIntervalInMs: number;
  readonly #seenEvents = new Map<string, number>();
  #lastStateKey: string | undefined;
  #lastLogLine: string | undefined;
  readonly #logs: string[] = [];
  #lastCallAt = 0;
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
      const logTasks = this.#logTargets().map((container) => this.#followLogs(container, logsController.signal));
      // A log stream that fails (the group vanished) ends the run as much as a state change does.
      const logFailure = Promise.all(logTasks).then(() => new Promise<never>(() => {}));
      const final = await Promise.race([this.#watchUntilTerminal(), logFailure]);
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
      for await (const line of this.hook.followLogs(this.resourceGroup, this.name, { container, abortSignal: signal })) {
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
      intervalInMs = this.#lastStateKey === before ? Math.min(this.#maxIntervalInMs, Math.ceil(intervalInMs * 1.5)) : this.#minIntervalInMs;
      await delay(intervalInMs, { abortSignal: this.signal });
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
