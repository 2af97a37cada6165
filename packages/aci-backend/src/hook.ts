/**
 * `AciContainerGroupHook`: the `ContainerGroupHook` contract on Azure Container Instances (or the ACI
 * emulator), through `@azure/arm-containerinstance` and `@azure/identity`. Each method reads as validate →
 * map → call → map back; errors become the core's typed errors (errors.ts).
 * @see https://learn.microsoft.com/rest/api/container-instances/
 */
import type { ContainerGroup as AciContainerGroup, ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import {
  assertValidContainerGroup,
  assertValidTail,
  Connection,
  ContainerGroupNotFoundError,
  delay,
  getConnection,
  isContainerHookError,
  isTerminalContainer,
  isTerminalGroup,
  logContainerOf,
  toListItem,
  toMessages,
  toStateSummary,
  type ContainerGroup,
  type ContainerGroupHook,
  type ContainerStateSummary,
  type CreateOrUpdateOptions,
  type DeleteOptions,
  type ExistsOptions,
  type FollowLogsOptions,
  type GetConnOptions,
  type GetLogsOptions,
  type GetMessagesOptions,
  type GetStateExitCodeDetailsOptions,
  type GetStateOptions,
  type ListOptions,
  type LogLine,
  type RestartOptions,
  type StartOptions,
  type StopOptions,
  type TestConnectionOptions,
  type TestConnectionResult,
} from '@container-hook/core';
import createDebug from 'debug';
import { toClientSettings, type AciClientSettings } from './credentials.js';
import { toHookError, type ErrorTarget } from './errors.js';
import { followRetryDelay, LogCursor, nextPollInterval, parseStampedLines, splitLogLines, type CursorTake, type FollowRetryPolicy } from './logs.js';
import { fromAciContainerGroup, toAciContainerGroup } from './mapping.js';

const log = createDebug('container-hook:aci');

/** The connection id a hook built without one uses, as Airflow's `AzureContainerInstanceHook`. */
export const AZURE_DEFAULT_CONN_ID = 'azure_default';
/** The location of a group that names none: the connection's `location` extra, else this. */
export const DEFAULT_LOCATION = 'eastus';

/** Options of {@link AciContainerGroupHook}. */
export interface AciContainerGroupHookOptions {
  /** The interval between polls of a long-running operation (create with `wait`, start, restart, delete). Default 2000, the SDK's. */
  operationPollIntervalInMs?: number;
  /**
   * `followLogs`' shortest interval between log reads, used while lines flow. Default 4000: with the run
   * loop's state polls, a job that logs all the time costs about 30 requests a minute (ARM's budget is per
   * subscription), and no line is lost however many arrive between two reads.
   */
  followMinIntervalInMs?: number;
  /** `followLogs`' longest interval, reached by doubling while the log is quiet. Default 15000. */
  followMaxIntervalInMs?: number;
  /**
   * How often in a row one request of `followLogs` (a log read, a state check) that failed with a
   * `ThrottledError` or `BackendUnavailableError` (after the SDK's own retries) is tried again before
   * `followLogs` fails with that error. It waits `retryAfterMs` when the service named it, else backs off
   * from `followMinIntervalInMs`, doubling up to `followMaxIntervalInMs`; no line is given twice or lost.
   * Default 5; 0 fails at the first such error.
   */
  followRetries?: number;
  /** Retries of one request (429 with `Retry-After`, 5xx, network errors) before it fails; the SDK's default is 3. */
  maxRetries?: number;
  /** Where `AZURE_AUTH_LOCATION` (and, for `DefaultAzureCredential`, `AZURE_AUTHORITY_HOST`) is read; default `process.env`. The chain reads its other variables from `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** The status message an LRO failure carries in its message, as core-lro words it. */
const LRO_FAILED = /long-running operation has failed/i;
/** Lines asked per log read of `followLogs` at first; widened (×4) when more arrived between two reads. */
const FOLLOW_WINDOW = 1000;
/** Past this window, a read asks for the whole log (ACI answers up to 4 MB). */
const FOLLOW_MAX_WINDOW = 64_000;

/**
 * The contract on Azure Container Instances.
 * @example
 * ```ts
 * const hook = new AciContainerGroupHook(await getConnection('azure_default'));
 * await hook.createOrUpdate('my-rg', 'hello', group, { wait: true });
 * ```
 */
export class AciContainerGroupHook implements ContainerGroupHook {
  readonly #connection: Connection | undefined;
  readonly #options: Required<Omit<AciContainerGroupHookOptions, 'env' | 'maxRetries'>> & Pick<AciContainerGroupHookOptions, 'env' | 'maxRetries'>;
  #client: Promise<{ client: ContainerInstanceManagementClient; settings: AciClientSettings; location: string }> | undefined;

  /**
   * @param connection - an `azure_container_instance` connection; default: the connection `azure_default`.
   * No network I/O happens here: the client is built on first use.
   */
  constructor(connection?: Connection, options: AciContainerGroupHookOptions = {}) {
    this.#connection = connection;
    this.#options = {
      operationPollIntervalInMs: options.operationPollIntervalInMs ?? 2000,
      followMinIntervalInMs: options.followMinIntervalInMs ?? 4000,
      followMaxIntervalInMs: options.followMaxIntervalInMs ?? 15_000,
      followRetries: options.followRetries ?? 5,
      env: options.env,
      maxRetries: options.maxRetries,
    };
  }

  /** The `ContainerInstanceManagementClient` of the connection, for what the contract does not cover. */
  async getConn(_options: GetConnOptions = {}): Promise<ContainerInstanceManagementClient> {
    return (await this.#getClient()).client;
  }

  /**
   * PUT semantics (`beginCreateOrUpdate`). Without `wait`, resolves once ACI accepted the group; with it,
   * once provisioning ended — a group whose provisioning failed is returned (`provisioningState: Failed`,
   * with ACI's events), not thrown, as the Docker backend returns a group whose image could not be pulled.
   * A group without a location gets the connection's `location` extra, else `eastus`.
   * @throws {InvalidContainerGroupError} when `group` breaks a service rule (checked before any call, and by ACI).
   */
  async createOrUpdate(resourceGroup: string, name: string, group: ContainerGroup, options: CreateOrUpdateOptions = {}): Promise<ContainerGroup> {
    assertValidContainerGroup(name, group);
    const { abortSignal } = options;
    return this.#call({ resourceGroup, name }, async ({ client, location }) => {
      // The PUT's own answer is the group as ACI accepted it: kept, so that no GET is needed without `wait`.
      let accepted: AciContainerGroup | undefined;
      const poller = await client.containerGroups.beginCreateOrUpdate(resourceGroup, name, toAciContainerGroup(group, location), {
        abortSignal,
        updateIntervalInMs: this.#options.operationPollIntervalInMs,
        onResponse: (raw, flat) => {
          if (accepted === undefined && raw.request.method === 'PUT' && raw.status < 300) accepted = flat as AciContainerGroup;
        },
      });
      if (!options.wait) return fromAciContainerGroup(poller.getResult() ?? accepted ?? (await client.containerGroups.get(resourceGroup, name, { abortSignal })));
      try {
        await poller.pollUntilDone({ abortSignal });
      } catch (e) {
        if (!(e instanceof Error && LRO_FAILED.test(e.message))) throw e;
        log('[%s/%s] provisioning failed: %s', resourceGroup, name, e.message);
      }
      // The operation's result is the group as the final GET saw it; read it again for the instance views.
      return fromAciContainerGroup(await client.containerGroups.get(resourceGroup, name, { abortSignal }));
    });
  }

  /** The group with its instance views (ACI hides secrets itself). */
  async getState(resourceGroup: string, name: string, options: GetStateOptions = {}): Promise<ContainerGroup> {
    // No group has an empty name, or one with a path separator: such a name would make the URL another
    // route (`…/containerGroups/` is the list), whose answer must not be read as a group.
    if (name === '' || /[/?#\\]/.test(name)) throw new ContainerGroupNotFoundError(resourceGroup, name);
    return this.#call({ resourceGroup, name }, async ({ client }) => fromAciContainerGroup(await client.containerGroups.get(resourceGroup, name, { abortSignal: options.abortSignal })));
  }

  async getStateExitCodeDetails(resourceGroup: string, name: string, options: GetStateExitCodeDetailsOptions = {}): Promise<ContainerStateSummary> {
    return toStateSummary(name, await this.getState(resourceGroup, name, options));
  }

  async getMessages(resourceGroup: string, name: string, options: GetMessagesOptions = {}): Promise<string[]> {
    return toMessages(name, await this.getState(resourceGroup, name, options));
  }

  /**
   * The last `tail` lines (`containers.listLogs` with `tail` and `timestamps` passed to ACI). WARNING: ACI's
   * log holds stdout and stderr merged; after a container stopped it keeps a limited log (16 KB or 1,000 lines).
   * @throws {RangeError} for a negative or fractional `tail`, or an unknown `container`.
   */
  async getLogs(resourceGroup: string, name: string, tail = 1000, options: GetLogsOptions = {}): Promise<string[]> {
    assertValidTail(tail);
    const { abortSignal } = options;
    const container = logContainerOf(name, await this.getState(resourceGroup, name, { abortSignal }), options.container);
    if (tail === 0) return [];
    return this.#call({ resourceGroup, name }, async ({ client }) => {
      const logs = await client.containers.listLogs(resourceGroup, name, container, { tail, ...(options.timestamps ? { timestamps: true } : {}), abortSignal });
      return splitLogLines(logs.content);
    });
  }

  /**
   * The container's log as it is written, each line exactly once, in order, until the container is
   * terminal (one final read then) or the signal aborts. ACI has no log stream: this polls `listLogs`
   * with timestamps — every `followMinIntervalInMs` while lines flow, doubling up to `followMaxIntervalInMs`
   * while quiet — and asks for the state only when a read brought nothing new; when `finalReadSignal`
   * aborts (the run loop saw the container end), it reads once more at once and ends. Lines come as
   * `stdout`: ACI does not say which stream a line was written to.
   */
  async *followLogs(resourceGroup: string, name: string, options: FollowLogsOptions = {}): AsyncIterable<LogLine> {
    const { abortSignal } = options;
    const policy: FollowRetryPolicy = { retries: this.#options.followRetries, minDelayInMs: this.#options.followMinIntervalInMs, maxDelayInMs: this.#options.followMaxIntervalInMs };
    // A request that failed for a passing reason is tried again (within the budget). A log read only moves
    // the cursor once it succeeded, so a retried read gives nothing twice and loses nothing.
    const retrying = async <T>(what: string, request: () => Promise<T>): Promise<T> => {
      for (let failures = 1; ; failures++) {
        try {
          return await request();
        } catch (e) {
          const wait = followRetryDelay(e, failures, policy);
          if (wait === undefined) throw e;
          log('[%s/%s] %s failed (%s), try %d of %d in %d ms', resourceGroup, name, what, (e as Error).message, failures, policy.retries, wait);
          await delay(wait, { abortSignal });
        }
      }
    };
    const group = await retrying('state read', () => this.getState(resourceGroup, name, { abortSignal }));
    const container = logContainerOf(name, group, options.container);
    const isInit = (group.initContainers ?? []).some((c) => c.name === container);
    const cursor = new LogCursor();
    const { followMinIntervalInMs: min, followMaxIntervalInMs: max } = this.#options;
    let interval = min;
    let first = true;
    let ended = false;
    // The state read above stands for the first quiet read's check: it is a moment old (one request fewer).
    let fresh: ContainerGroup | undefined = group;
    for (;;) {
      // The caller saw the container end (the run loop's final state): this read is the last one.
      if (options.finalReadSignal?.aborted) ended = true;
      const take = await retrying('log read', () => this.#readNewLines(resourceGroup, name, container, cursor, first, !ended, abortSignal));
      first = false;
      for (const l of take.lines) yield { container, stream: 'stdout', text: l.text, ...(l.timestamp ? { timestamp: new Date(l.timestamp) } : {}) };
      if (ended) return;
      interval = nextPollInterval(interval, take.lines.length > 0, min, max);
      if (take.lines.length > 0) fresh = undefined;
      if (take.lines.length === 0) {
        let state: ContainerGroup;
        try {
          state = fresh ?? (await retrying('state read', () => this.getState(resourceGroup, name, { abortSignal })));
          fresh = undefined;
        } catch (e) {
          if (isContainerHookError(e, 'ContainerGroupNotFound')) return; // deleted while followed: nothing more will come
          throw e;
        }
        const self = [...(state.containers ?? []), ...(state.initContainers ?? [])].find((c) => c.name === container);
        if (isTerminalGroup(state) || (self && isTerminalContainer(self, isInit ? 'Never' : state.restartPolicy))) {
          ended = true;
          continue; // the final read, at once
        }
      }
      await this.#sleep(interval, abortSignal, options.finalReadSignal);
    }
  }

  /** Waits `intervalInMs`, or less when `finalReadSignal` aborts (then the last read is due now). */
  async #sleep(intervalInMs: number, abortSignal: AbortSignal | undefined, finalReadSignal: AbortSignal | undefined): Promise<void> {
    if (!finalReadSignal) return delay(intervalInMs, { abortSignal });
    if (finalReadSignal.aborted) return;
    try {
      await delay(intervalInMs, { abortSignal: abortSignal ? AbortSignal.any([abortSignal, finalReadSignal]) : finalReadSignal });
    } catch (e) {
      if (abortSignal?.aborted || !finalReadSignal.aborted) throw e;
    }
  }

  /** One poll of `followLogs`: a window of stamped lines, widened until it reaches back to what was given. */
  async #readNewLines(resourceGroup: string, name: string, container: string, cursor: LogCursor, whole: boolean, hold: boolean, abortSignal: AbortSignal | undefined): Promise<CursorTake> {
    return this.#call({ resourceGroup, name }, async ({ client }) => {
      for (let window = FOLLOW_WINDOW; ; window *= 4) {
        const askWhole = whole || window > FOLLOW_MAX_WINDOW;
        const logs = await client.containers.listLogs(resourceGroup, name, container, { timestamps: true, ...(askWhole ? {} : { tail: window }), abortSignal });
        const lines = parseStampedLines(logs.content);
        const take = cursor.take(lines, askWhole || lines.length < window, hold);
        if (take.complete) return take;
        log('[%s/%s] more than %d lines since the last read: widening the window', resourceGroup, name, window);
      }
    });
  }

  /** Deletes the group (`beginDeleteAndWait`); a missing group is not an error. */
  async delete(resourceGroup: string, name: string, options: DeleteOptions = {}): Promise<void> {
    try {
      await this.#call({ resourceGroup, name }, async ({ client }) => {
        await client.containerGroups.beginDeleteAndWait(resourceGroup, name, { abortSignal: options.abortSignal, updateIntervalInMs: this.#options.operationPollIntervalInMs });
      });
    } catch (e) {
      if (isContainerHookError(e, 'ContainerGroupNotFound') || isContainerHookError(e, 'ResourceGroupNotFound')) return;
      throw e;
    }
  }

  /** One GET: 404 → false; any other error propagates (never a scan of the resource group, as Airflow's old hook did). */
  async exists(resourceGroup: string, name: string, options: ExistsOptions = {}): Promise<boolean> {
    try {
      await this.getState(resourceGroup, name, options);
      return true;
    } catch (e) {
      if (isContainerHookError(e, 'ContainerGroupNotFound') || isContainerHookError(e, 'ResourceGroupNotFound')) return false;
      throw e;
    }
  }

  /** The groups of a resource group (or of the subscription), page by page as ACI pages them; no instance views. */
  async *list(resourceGroup?: string, options: ListOptions = {}): AsyncIterable<ContainerGroup> {
    const { client } = await this.#call({ ...(resourceGroup !== undefined ? { resourceGroup } : {}) }, async (c) => c);
    const pages = resourceGroup === undefined ? client.containerGroups.list({ abortSignal: options.abortSignal }) : client.containerGroups.listByResourceGroup(resourceGroup, { abortSignal: options.abortSignal });
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      const next = await this.#call({ ...(resourceGroup !== undefined ? { resourceGroup } : {}) }, () => iterator.next());
      if (next.done) return;
      yield toListItem(fromAciContainerGroup(next.value));
    }
  }

  /** Starts a stopped group's containers again (`beginStartAndWait`). */
  async start(resourceGroup: string, name: string, options: StartOptions = {}): Promise<void> {
    await this.#call({ resourceGroup, name }, ({ client }) => client.containerGroups.beginStartAndWait(resourceGroup, name, { abortSignal: options.abortSignal, updateIntervalInMs: this.#options.operationPollIntervalInMs }));
  }

  /** Stops the group's containers; the group stays (`stop`). */
  async stop(resourceGroup: string, name: string, options: StopOptions = {}): Promise<void> {
    await this.#call({ resourceGroup, name }, ({ client }) => client.containerGroups.stop(resourceGroup, name, { abortSignal: options.abortSignal }));
  }

  /** Restarts the group's containers in place (`beginRestartAndWait`). */
  async restart(resourceGroup: string, name: string, options: RestartOptions = {}): Promise<void> {
    await this.#call({ resourceGroup, name }, ({ client }) => client.containerGroups.beginRestartAndWait(resourceGroup, name, { abortSignal: options.abortSignal, updateIntervalInMs: this.#options.operationPollIntervalInMs }));
  }

  /** Gets a token and reads the first page of the subscription's groups, as Airflow's `test_connection`; creates nothing. */
  async testConnection(options: TestConnectionOptions = {}): Promise<TestConnectionResult> {
    try {
      const { settings } = await this.#getClient();
      for await (const _group of this.list(undefined, options)) break;
      return { ok: true, message: `Successfully connected to Azure Container Instance (${settings.endpoint}, subscription ${settings.subscriptionId}, ${settings.source}).` };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** The client, built once from the connection (`azure_default` when none was given). */
  #getClient(): Promise<{ client: ContainerInstanceManagementClient; settings: AciClientSettings; location: string }> {
    this.#client ??= (async () => {
      const connection = this.#connection ?? (await getConnection(AZURE_DEFAULT_CONN_ID));
      const settings = toClientSettings(connection, this.#options.env);
      // Loaded here, not at the top: importing this module must stay cheap (the registry loads it lazily anyway).
      const { ContainerInstanceManagementClient } = await import('@azure/arm-containerinstance');
      const client = new ContainerInstanceManagementClient(settings.credential, settings.subscriptionId, {
        endpoint: settings.endpoint,
        credentialScopes: settings.credentialScopes,
        ...(settings.agent ? { agent: settings.agent } : {}),
        ...(this.#options.maxRetries !== undefined ? { retryOptions: { maxRetries: this.#options.maxRetries } } : {}),
      } as ConstructorParameters<typeof ContainerInstanceManagementClient>[2]);
      const location = typeof connection.extra.location === 'string' && connection.extra.location ? connection.extra.location : DEFAULT_LOCATION;
      log('client for %s (subscription %s, %s)', settings.endpoint, settings.subscriptionId, settings.source);
      return { client, settings, location };
    })();
    this.#client.catch(() => {
      this.#client = undefined; // a bad connection is read again next time, not cached as broken
    });
    return this.#client;
  }

  /** Runs `fn` with the client; whatever it throws leaves as a core error naming `target`. */
  async #call<T>(target: ErrorTarget, fn: (c: { client: ContainerInstanceManagementClient; settings: AciClientSettings; location: string }) => Promise<T>): Promise<T> {
    const c = await this.#getClient();
    try {
      return await fn(c);
    } catch (e) {
      throw toHookError(e, { ...target, endpoint: c.settings.endpoint });
    }
  }
}
