import type { ContainerGroup, ContainerStateSummary, LogLine } from './model.js';
// Imported only so that the {@link}s below resolve.
import type { assertValidTail } from './assert-valid-tail.js';
import type { AuthenticationError, BackendUnavailableError, ThrottledError } from './errors.js';
import type { hideSecrets } from './hide-secrets.js';
import type { isTerminalContainer, isTerminalGroup } from './is-terminal-group.js';
import type { logContainerOf } from './log-container-of.js';
import type { mainContainerOf, toMessages, toStateSummary } from './main-container.js';
import type { toContainerGroupId } from './to-container-group-id.js';
import type { toListItem } from './to-list-item.js';
import type { assertValidContainerGroup } from './validation/index.js';

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
  /**
   * Aborted by a caller that knows the container is terminal (the run loop, once it saw the final state):
   * a backend that polls for log lines then makes its last read at once and ends, instead of waiting for its
   * next poll to find out. Unlike `abortSignal`, no line is given up. A streaming backend may ignore it.
   */
  finalReadSignal?: AbortSignal;
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
 * for `getStateExitCodeDetails`, `getMessages`, `getLogs`, `followLogs` and `runContainerGroup`
 * ({@link mainContainerOf}).
 *
 * Every method may also throw, whatever it does: {@link AuthenticationError} (credentials refused),
 * {@link ThrottledError} (with `retryAfterMs`), {@link BackendUnavailableError} (the service or engine
 * cannot be reached or failed), and an error named `AbortError` once `options.abortSignal` aborts.
 * A backend is written against this interface and proves it with the contract suite
 * (`describeContainerGroupHookContract` from `@container-hook/contract-tests`); the core's
 * `assertValidTail`, `logContainerOf`, `hideSecrets`, `isTerminalGroup`, `toContainerGroupId` and
 * `toListItem` hold the rules every backend shares.
 *
 * @see https://airflow.apache.org/docs/apache-airflow-providers-microsoft-azure/stable/_api/airflow/providers/microsoft/azure/hooks/container_instance/index.html
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups
 */
export interface ContainerGroupHook {
  /**
   * The backend's native client (dockerode, `ContainerInstanceManagementClient`), for what the contract
   * does not cover. Airflow's `get_conn`.
   * @returns the client; its type is the backend's (the backend's hook class narrows it).
   */
  getConn(options?: GetConnOptions): Promise<unknown>;

  /**
   * PUT semantics: creates the group, or updates it to match `group` (re-applying an unchanged group
   * changes nothing). Validates `group` first ({@link assertValidContainerGroup}).
   * @param resourceGroup - the resource group (ACI: it must exist).
   * @param name - the container group's name (ACI's naming rules).
   * @param group - the definition, in the flattened `@azure/arm-containerinstance` shape.
   * @param options - `wait` to resolve only once provisioning is terminal.
   * @returns the group as the backend sees it, secrets hidden ({@link hideSecrets}).
   * @throws {InvalidContainerGroupError} when `group` breaks a service rule; nothing is created.
   * @throws {UnsupportedFeatureError} when the backend cannot honour a field; nothing is created.
   * @throws {ResourceGroupNotFoundError} when the backend needs the resource group to exist and it does not.
   * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/create-or-update
   */
  createOrUpdate(resourceGroup: string, name: string, group: ContainerGroup, options?: CreateOrUpdateOptions): Promise<ContainerGroup>;

  /**
   * The whole group with its instance views (the group's state and events, each container's current and
   * previous state, restart count and events); secrets hidden as ACI hides them ({@link hideSecrets}).
   * @returns the group, with `id` ({@link toContainerGroupId}), `name`, `type` and `provisioningState`.
   * @throws {ContainerGroupNotFoundError} when there is no such group.
   * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/get
   */
  getState(resourceGroup: string, name: string, options?: GetStateOptions): Promise<ContainerGroup>;

  /**
   * The main container's `{ state, exitCode, detailStatus }` (Airflow's tuple, {@link toStateSummary}).
   * Before any instance view exists: `{ state: provisioningState ?? 'Pending', exitCode: undefined, detailStatus: '' }`.
   * @throws {ContainerGroupNotFoundError} when there is no such group.
   * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/get
   */
  getStateExitCodeDetails(resourceGroup: string, name: string, options?: GetStateExitCodeDetailsOptions): Promise<ContainerStateSummary>;

  /**
   * The main container's event messages, oldest first ({@link toMessages}).
   * @throws {ContainerGroupNotFoundError} when there is no such group.
   * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/get
   */
  getMessages(resourceGroup: string, name: string, options?: GetMessagesOptions): Promise<string[]>;

  /**
   * The last `tail` lines of a container's log ({@link logContainerOf}: `options.container`, else the
   * main container), stdout and stderr merged in the backend's order, each keeping its terminator, so
   * that `lines.join('')` is the log text. A container that has not started yet has no lines.
   * @param tail - how many lines, default 1000 (Airflow's default); 0 gives [].
   * @throws {RangeError} when `tail` is negative or not an integer ({@link assertValidTail}), or when the
   *   group has no container named `options.container`.
   * @throws {ContainerGroupNotFoundError} when there is no such group.
   * @see https://learn.microsoft.com/rest/api/container-instances/containers/list-logs
   */
  getLogs(resourceGroup: string, name: string, tail?: number, options?: GetLogsOptions): Promise<string[]>;

  /**
   * Log lines as they are written, each exactly once and in order, until the container is terminal (it
   * exited and its restart policy will not restart it, {@link isTerminalContainer}; lines of every run are
   * included) or the signal aborts.
   * @throws {RangeError} when the group has no container named `options.container`.
   * @throws {ContainerGroupNotFoundError} when there is no such group.
   * @see https://learn.microsoft.com/rest/api/container-instances/containers/attach
   */
  followLogs(resourceGroup: string, name: string, options?: FollowLogsOptions): AsyncIterable<LogLine>;

  /**
   * Optional: the group as `getState` returns it, now and each time the backend reports a change (a
   * container started, exited, restarted, was OOM-killed), until the group is terminal
   * ({@link isTerminalGroup}) or the signal aborts. A backend with push notifications (Docker's event
   * stream) implements it so that callers need not poll; without it, `runContainerGroup` polls
   * `getState` with backoff.
   * @throws {ContainerGroupNotFoundError} when the group does not exist or is deleted while watched.
   */
  watch?(resourceGroup: string, name: string, options?: WatchOptions): AsyncIterable<ContainerGroup>;

  /**
   * Deletes the group and everything it owns (containers, their logs, volumes); deleting a missing group
   * is not an error. From the moment it begins, the group reads as not found.
   * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/delete
   */
  delete(resourceGroup: string, name: string, options?: DeleteOptions): Promise<void>;

  /**
   * Whether the group exists: one direct lookup (ACI: one GET, 404 → false), never a scan of the
   * resource group.
   * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/get
   */
  exists(resourceGroup: string, name: string, options?: ExistsOptions): Promise<boolean>;

  /**
   * The groups of a resource group (or of every resource group), fetched page by page, as
   * {@link toListItem} shapes them: no instance views (never derive state from a list item), secrets
   * hidden. A group whose delete began may be listed with provisioningState `Deleting`.
   * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/list-by-resource-group
   */
  list(resourceGroup?: string, options?: ListOptions): AsyncIterable<ContainerGroup>;

  /**
   * Starts a stopped group: ACI's `start` allocates compute again and runs the init containers, then
   * every container, from the start (ACI re-creates them; billing starts again). Resolves once the backend
   * started the group (ACI: the start operation completed). Starting a running group is not an error
   * (ACI answers 204 "already running or starting").
   * @throws {ContainerGroupNotFoundError} when there is no such group.
   * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/start
   */
  start(resourceGroup: string, name: string, options?: StartOptions): Promise<void>;

  /**
   * Stops every container of the group: ACI's `stop` terminates them and deallocates the compute (billing
   * stops); the group keeps its definition, reports state `Stopped` (terminal: {@link isTerminalGroup})
   * until `start`, `restart` or `delete`, and its restart policy does not restart the containers.
   * Stopping a stopped group is not an error.
   * @throws {ContainerGroupNotFoundError} when there is no such group.
   * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/stop
   */
  stop(resourceGroup: string, name: string, options?: StopOptions): Promise<void>;

  /**
   * Restarts every container of the group in place: ACI's `restart` (a newer image of the same tag is
   * pulled); a backend without one stops, then starts the group. Resolves once the containers were
   * started again. WARNING: ACI may refuse to restart a stopped group (`ContainerGroupStopped`); call
   * `start` for a stopped group.
   * @throws {ContainerGroupNotFoundError} when there is no such group.
   * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/restart
   */
  restart(resourceGroup: string, name: string, options?: RestartOptions): Promise<void>;

  /**
   * Checks that the backend answers (and the credentials work), without creating anything. Never throws
   * for an unreachable backend or refused credentials: it reports them (`ok: false`, a message saying why).
   * @returns `{ ok, message }`; the message holds no secret.
   * @throws an error named `AbortError` when the signal aborts.
   */
  testConnection(options?: TestConnectionOptions): Promise<TestConnectionResult>;
}

/** The inversify service identifier under which backends bind their hook. */
export const ContainerGroupHook: unique symbol = Symbol.for('container-hook.ContainerGroupHook');
