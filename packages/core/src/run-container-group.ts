import { AbortError, isAbortError, throwIfAborted } from './abort.js';
import { AsyncQueue } from './async-queue.js';
import { ContainerGroupExistsError, OperationTimeoutError } from './errors.js';
import type { ContainerGroupHook, OperationOptions } from './hook.js';
import type { ContainerGroup, Event, LogLine } from './model.js';
import { RunMonitor } from './run-monitor.js';

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
