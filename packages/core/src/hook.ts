import type { ContainerGroup, ContainerStateSummary, LogLine } from './model.js';

/** Options every operation accepts (the Azure SDK for JS's `OperationOptions`). */
export interface OperationOptions {
  /**
   * Cancels the waiting. WARNING: aborting stops our waiting, it does not undo what the backend already
   * accepted (a group being created goes on being created); `runContainerGroup`'s `removeOnError` cleans up.
   */
  abortSignal?: AbortSignal;
}

export interface CreateOrUpdateOptions extends OperationOptions {
  /** Resolve only once provisioning reached a terminal state (`Succeeded`, `Failed`, …). Default false. */
  wait?: boolean;
}

export type GetStateOptions = OperationOptions;
export type GetStateExitCodeDetailsOptions = OperationOptions;
export type GetMessagesOptions = OperationOptions;

export interface GetLogsOptions extends OperationOptions {
  /** The container to read; default: the main container (named like the group, else the first). */
  container?: string;
  /** Prefix each line with the engine's RFC 3339 timestamp and a space, as `az container logs` and `docker logs -t` do. */
  timestamps?: boolean;
}

export interface FollowLogsOptions extends OperationOptions {
  /** The container to follow; default: the main container. */
  container?: string;
}

export type WatchOptions = OperationOptions;
export type DeleteOptions = OperationOptions;
export type ExistsOptions = OperationOptions;
export type ListOptions = OperationOptions;
export type StartOptions = OperationOptions;
export type StopOptions = OperationOptions;
export type RestartOptions = OperationOptions;
export type TestConnectionOptions = OperationOptions;
export type GetConnOptions = OperationOptions;

/** What `testConnection` reports. */
export interface TestConnectionResult {
  ok: boolean;
  message: string;
}

/**
 * One contract for container groups, whatever runs them: Airflow's `AzureContainerInstanceHook`
 * operations in camelCase, plus `getState`, `followLogs`, `list`, `start`/`stop`/`restart` and
 * `testConnection`.
 *
 * The "main container" of a group is the container named like the group, else the first: the same rule
 * for `getStateExitCodeDetails`, `getMessages`, `getLogs`, `followLogs` and `runContainerGroup`.
 *
 * @see https://airflow.apache.org/docs/apache-airflow-providers-microsoft-azure/stable/_api/airflow/providers/microsoft/azure/hooks/container_instance/index.html
 */
export interface ContainerGroupHook {
  /** The backend's native client (dockerode, `ContainerInstanceManagementClient`), for what the contract does not cover. */
  getConn(options?: GetConnOptions): Promise<unknown>;

  /**
   * PUT semantics: creates the group, or updates it to match `group` (re-applying an unchanged group
   * changes nothing). Validates `group` first.
   * @returns the group as the backend sees it.
   * @throws {InvalidContainerGroupError} when `group` breaks a service rule; nothing is created.
   * @throws {UnsupportedFeatureError} when the backend cannot honour a field; nothing is created.
   */
  createOrUpdate(resourceGroup: string, name: string, group: ContainerGroup, options?: CreateOrUpdateOptions): Promise<ContainerGroup>;

  /**
   * The whole group with its instance views; secrets hidden as ACI hides them.
   * @throws {ContainerGroupNotFoundError} when there is no such group.
   */
  getState(resourceGroup: string, name: string, options?: GetStateOptions): Promise<ContainerGroup>;

  /**
   * The main container's `{ state, exitCode, detailStatus }`. Before any instance view exists:
   * `{ state: provisioningState ?? 'Pending', exitCode: undefined, detailStatus: '' }`.
   */
  getStateExitCodeDetails(resourceGroup: string, name: string, options?: GetStateExitCodeDetailsOptions): Promise<ContainerStateSummary>;

  /** The main container's event messages, oldest first. */
  getMessages(resourceGroup: string, name: string, options?: GetMessagesOptions): Promise<string[]>;

  /**
   * The last `tail` lines of a container's log, stdout and stderr merged in the backend's order, each
   * keeping its terminator, so that `lines.join('')` is the log text.
   * @param tail - how many lines, default 1000 (Airflow's default).
   * @throws {RangeError} when `tail` is negative or not an integer.
   */
  getLogs(resourceGroup: string, name: string, tail?: number, options?: GetLogsOptions): Promise<string[]>;

  /**
   * Log lines as they are written, each exactly once and in order, until the container is terminal (it
   * exited and its restart policy will not restart it; lines of every run are included) or the signal aborts.
   */
  followLogs(resourceGroup: string, name: string, options?: FollowLogsOptions): AsyncIterable<LogLine>;

  /**
   * Optional: the group as `getState` returns it, now and each time the backend reports a change (a
   * container started, exited, restarted, was OOM-killed), until the group is terminal or the signal
   * aborts. A backend with push notifications (Docker's event stream) implements it so that callers
   * need not poll; without it, `runContainerGroup` polls `getState` with backoff.
   * @throws {ContainerGroupNotFoundError} when the group does not exist or is deleted while watched.
   */
  watch?(resourceGroup: string, name: string, options?: WatchOptions): AsyncIterable<ContainerGroup>;

  /** Deletes the group and everything it owns; deleting a missing group is not an error. */
  delete(resourceGroup: string, name: string, options?: DeleteOptions): Promise<void>;

  /** One direct lookup (never a scan of the resource group). */
  exists(resourceGroup: string, name: string, options?: ExistsOptions): Promise<boolean>;

  /** The groups of a resource group (or of every resource group), fetched page by page. No instance views. */
  list(resourceGroup?: string, options?: ListOptions): AsyncIterable<ContainerGroup>;

  start(resourceGroup: string, name: string, options?: StartOptions): Promise<void>;
  stop(resourceGroup: string, name: string, options?: StopOptions): Promise<void>;
  restart(resourceGroup: string, name: string, options?: RestartOptions): Promise<void>;

  /** Checks that the backend answers (and the credentials work), without creating anything. */
  testConnection(options?: TestConnectionOptions): Promise<TestConnectionResult>;
}

/** The inversify service identifier under which backends bind their hook. */
export const ContainerGroupHook: unique symbol = Symbol.for('container-hook.ContainerGroupHook');
