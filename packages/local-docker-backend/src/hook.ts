import createDebug from 'debug';
import type Docker from 'dockerode';
import {
  assertValidContainerGroup,
  assertValidTail,
  ContainerGroupNotFoundError,
  isAbortError,
  throwIfAborted,
  toMessages,
  toStateSummary,
  type Connection,
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
  type WatchOptions,
} from '@container-hook/core';
import { inspectContainer, inspectGroup, isComplete, listSandboxes } from './containers.js';
import { toHookError } from './errors.js';
import { followContainer } from './follow.js';
import { pullImages } from './images.js';
import { createGroup, removeGroup, removeLeftovers, startGroup, stopGroup } from './lifecycle.js';
import { formatLine, toLogSource, type LogSource } from './logs.js';
import { fromStoredSpec, isDeletingSandbox, LABELS, normaliseGroup, toGroupNames, toSpecHash, type GroupNames } from './mapping.js';
import { ensureSandboxImage } from './network.js';
import { runHistory } from './runs.js';
import { resolveEngineAddress, toDockerode, type EngineAddress } from './runtime.js';
import { fromDockerGroup, fromDockerListItem } from './state.js';
import { findLogTarget, readTail } from './tail.js';
import { assertSupported } from './unsupported.js';
import { watchGroup, WATCH_DEBOUNCE_IN_MS } from './watch.js';

const log = createDebug('container-hook:docker');

/** Options of {@link DockerContainerGroupHook}. */
export interface DockerContainerGroupHookOptions {
  /**
   * Extra labels put on every container and volume the hook creates (e.g. a test run's id, so that leak
   * checks can be scoped). They do not filter `list`/`exists`, and they are part of the spec hash.
   */
  labels?: Record<string, string>;
  /** Seconds the engine waits after SIGTERM before SIGKILL in `stop`; default 10 (`docker stop`'s). */
  stopTimeoutInSeconds?: number;
}

interface Engine {
  docker: Docker;
  address: EngineAddress;
}

/**
 * The {@link ContainerGroupHook} contract on a Docker Engine. A container group is a "sandbox" container
 * holding the shared network namespace (and published ports, DNS settings, secret volumes), its init
 * containers and its containers, plus engine volumes; all carry labels naming the resource group
 * (lowercased), the group and the container.
 *
 * The engine is the connection's extra `docker_url` when set, else found the way testcontainers finds
 * one. The connection's host/login/password are registry credentials, as in Airflow's Docker connection.
 *
 * @example
 * ```ts
 * const hook = new DockerContainerGroupHook(new Connection({ connId: 'docker_default', connType: 'docker' }));
 * await hook.createOrUpdate('rg1', 'hello', { osType: 'Linux', restartPolicy: 'Never',
 *   containers: [{ name: 'hello', image: 'busybox', command: ['echo', 'hi'], resources: { requests: { cpu: 1, memoryInGB: 0.5 } } }] });
 * ```
 */
export class DockerContainerGroupHook implements ContainerGroupHook {
  readonly #connection: Connection | undefined;
  readonly #labels: Record<string, string>;
  readonly #stopTimeout: number;
  #engine: Promise<Engine> | undefined;

  /**
   * @param connection - a `docker` connection (extra `docker_url`; host/login/password for a registry).
   * @param options - extra labels and the stop timeout.
   */
  constructor(connection?: Connection, options: DockerContainerGroupHookOptions = {}) {
    this.#connection = connection;
    this.#labels = { ...options.labels };
    this.#stopTimeout = options.stopTimeoutInSeconds ?? 10;
  }

  /** The dockerode client of the engine this hook uses. */
  async getConn(options: GetConnOptions = {}): Promise<Docker> {
    return (await this.#getEngine(options.abortSignal)).docker;
  }

  /**
   * Creates the group, or replaces it when its definition changed (an unchanged group is left as is:
   * same containers). Images are used when present, else pulled; a failed pull is not thrown: the group
   * exists with provisioningState `Failed` and an event naming the image, as in ACI. Init containers run
   * to completion, in order, before the containers start.
   *
   * WARNING: with or without `wait`, this resolves once init containers finished and the containers
   * were started (or provisioning failed): nothing else would sequence the init containers, so
   * provisioning is always terminal on return. It does not wait for containers to exit.
   *
   * What an interrupted `delete` of the group left (a group `list` gives as `Deleting`), or a `delete`
   * still running, is removed first, so the group is created anew; a live group of that name is kept or
   * replaced as above, never removed as a leftover.
   * @throws {InvalidContainerGroupError} when `group` breaks a service rule; nothing is created.
   * @throws {UnsupportedFeatureError} for a field this backend cannot honour; nothing is created.
   */
  async createOrUpdate(resourceGroup: string, name: string, group: ContainerGroup, options: CreateOrUpdateOptions = {}): Promise<ContainerGroup> {
    assertValidContainerGroup(name, group);
    assertSupported(group);
    const signal = options.abortSignal;
    const names = toGroupNames(resourceGroup, name);
    const spec = normaliseGroup(group);
    const hash = toSpecHash(spec, this.#labels);
    return this.#call(signal, { resourceGroup, name }, async (docker) => {
      const existing = await inspectContainer(docker, names.sandbox, signal);
      if (existing && existing.Config.Labels?.[LABELS.specHash] === hash) {
        if (await isComplete(docker, names, signal)) {
          log('[%s/%s] unchanged, kept', resourceGroup, name);
          return await this.getState(resourceGroup, name, { abortSignal: signal });
        }
        // Same definition but containers missing: a create that was interrupted (or a pull that failed)
        // left it half-built; applying it again builds it whole, as a PUT to ACI retries provisioning.
        log('[%s/%s] incomplete, re-created', resourceGroup, name);
      }
      if (existing) {
        log('[%s/%s] changed or incomplete, replaced', resourceGroup, name);
        await this.delete(resourceGroup, name, { abortSignal: signal });
      }
      await ensureSandboxImage(docker, signal);
      const pulls = await pullImages(docker, spec, group, this.#connection, signal);
      // A delete that was interrupted, or is still running, holds the names the group is about to take.
      const removed = existing ? 0 : await removeLeftovers(docker, names, signal);
      if (removed > 0) log('[%s/%s] removed %d objects left by a delete', resourceGroup, name, removed);
      await createGroup(docker, { names, group, spec, specHash: hash, extraLabels: this.#labels, pulls }, signal);
      return this.getState(resourceGroup, name, { abortSignal: signal });
    });
  }

  /** The whole group with its instance views; secure values and secret volume contents are never returned. */
  async getState(resourceGroup: string, name: string, options: GetStateOptions = {}): Promise<ContainerGroup> {
    const signal = options.abortSignal;
    return this.#call(signal, { resourceGroup, name }, async (docker) => {
      const found = await inspectGroup(docker, toGroupNames(resourceGroup, name), signal);
      if (!found) throw new ContainerGroupNotFoundError(resourceGroup, name);
      return fromDockerGroup({ resourceGroup, name, ...found, runs: await runHistory(docker, found.sandbox, found.members, signal) });
    });
  }

  /** The main container's `{ state, exitCode, detailStatus }`. */
  async getStateExitCodeDetails(resourceGroup: string, name: string, options: GetStateExitCodeDetailsOptions = {}): Promise<ContainerStateSummary> {
    return toStateSummary(name, await this.getState(resourceGroup, name, options));
  }

  /** The main container's event messages, oldest first. */
  async getMessages(resourceGroup: string, name: string, options: GetMessagesOptions = {}): Promise<string[]> {
    return toMessages(name, await this.getState(resourceGroup, name, options));
  }

  /**
   * The last `tail` lines of a container's log, cut by the engine (`docker logs --tail`), never by
   * reading the whole log: the window grows only when the engine's entries hold fewer whole lines than
   * asked (lines over 16 KiB are several entries). Each line keeps its terminator.
   *
   * With `timestamps`, each line starts with the engine's time of the line and a space, as `docker logs -t`
   * prints it: RFC 3339 UTC with nanoseconds, e.g. `2026-01-02T03:04:05.123456789Z `.
   * @param tail - how many lines, default 1000; 0 gives [].
   * @throws {RangeError} when `tail` is negative or not an integer.
   * @throws {ContainerGroupNotFoundError} when there is no such group.
   */
  async getLogs(resourceGroup: string, name: string, tail = 1000, options: GetLogsOptions = {}): Promise<string[]> {
    assertValidTail(tail);
    const signal = options.abortSignal;
    return this.#call(signal, { resourceGroup, name }, async (docker) => {
      const target = await findLogTarget(docker, resourceGroup, name, options.container, signal);
      if (tail === 0 || !target) return [];
      return (await readTail(docker, target, tail, signal)).map((l) => formatLine(l, options.timestamps ?? false));
    });
  }

  /**
   * Log lines as the container writes them, streamed by the engine (`docker logs --follow`, no polling),
   * each exactly once and in order, until the container stopped for good (it will not be restarted) or
   * the signal aborts. When the restart policy restarts the container, its next run is followed too
   * (re-opened with `since`; lines already given are skipped, per stream). When a follow stream ends, one
   * read without `follow` gives the last entries the engine may not have sent on it.
   */
  async *followLogs(resourceGroup: string, name: string, options: FollowLogsOptions = {}): AsyncIterable<LogLine> {
    const signal = options.abortSignal;
    const { docker, address } = await this.#getEngine(signal);
    let source: LogSource;
    try {
      const state = await this.getState(resourceGroup, name, { abortSignal: signal });
      source = toLogSource(toGroupNames(resourceGroup, name), state, name, options.container);
    } catch (e) {
      throw toHookError(e, { resourceGroup, name, address: address.uri });
    }
    const readGroup = () => this.getState(resourceGroup, name, { abortSignal: signal }).catch(() => undefined);
    yield* followContainer(docker, source, readGroup, { resourceGroup, name, address: address.uri }, signal);
  }

  /**
   * The group as {@link getState} returns it: once now, then after each burst of the engine's events about
   * its containers (start, die, oom, restart, kill, destroy, pause, unpause), streamed by the engine with
   * no polling; a burst (e.g. kill, die, destroy) gives one read, after {@link WATCH_DEBOUNCE_IN_MS} ms of
   * quiet. Ends after yielding a group that will not change by itself (provisioning failed, stopped, or
   * every container stopped for good), or when the signal aborts.
   * @throws {ContainerGroupNotFoundError} when the group does not exist, or is deleted while watched.
   */
  async *watch(resourceGroup: string, name: string, options: WatchOptions = {}): AsyncIterable<ContainerGroup> {
    const signal = options.abortSignal;
    const { docker, address } = await this.#getEngine(signal);
    try {
      yield* watchGroup(docker, toGroupNames(resourceGroup, name), () => this.getState(resourceGroup, name, { abortSignal: signal }), signal);
    } catch (e) {
      if (isAbortError(e) || signal?.aborted) return;
      throw toHookError(e, { resourceGroup, name, address: address.uri });
    }
  }

  /**
   * Deletes every container and volume of the group (label lookups); deleting a missing group is fine.
   * From the moment it begins, the group reads as not found (getState, exists, watch, logs); a delete that
   * was interrupted leaves a group that `list` gives as `Deleting`, and that a second delete, or a
   * `createOrUpdate` of the group, finishes.
   */
  async delete(resourceGroup: string, name: string, options: DeleteOptions = {}): Promise<void> {
    const signal = options.abortSignal;
    await this.#call(signal, {}, (docker) => removeGroup(docker, toGroupNames(resourceGroup, name), signal));
  }

  /** One inspect of the group's sandbox, by its deterministic name (never a scan). */
  async exists(resourceGroup: string, name: string, options: ExistsOptions = {}): Promise<boolean> {
    const signal = options.abortSignal;
    return this.#call(signal, {}, async (docker) => (await inspectContainer(docker, toGroupNames(resourceGroup, name).sandbox, signal)) !== undefined);
  }

  /**
   * The groups of a resource group (or all), by label lookup; no instance views, as ACI's List. A group
   * being deleted is listed with provisioningState `Deleting`.
   */
  async *list(resourceGroup?: string, options: ListOptions = {}): AsyncIterable<ContainerGroup> {
    const signal = options.abortSignal;
    const { docker, address } = await this.#getEngine(signal);
    let sandboxes: Docker.ContainerInfo[];
    try {
      sandboxes = await listSandboxes(docker, resourceGroup, signal);
    } catch (e) {
      throw toHookError(e, { address: address.uri });
    }
    for (const s of sandboxes) {
      throwIfAborted(signal);
      const [rg, group] = [s.Labels[LABELS.resourceGroup] ?? '', s.Labels[LABELS.group] ?? ''];
      // A group whose delete began (or was interrupted) is still listed, as `Deleting`, so that it can be
      // found and deleted again; getState already reads it as not found.
      const deleting = isDeletingSandbox(toGroupNames(rg, group), s.Names[0] ?? '');
      yield fromDockerListItem(rg, group, fromStoredSpec(s.Labels), deleting ? 'Deleting' : undefined);
    }
  }

  /**
   * Starts a stopped group: resumes the sandbox, runs the init containers again (in order), then starts
   * every container. WARNING: ACI's start re-creates the containers; here the same containers start again
   * and their logs keep the earlier runs.
   */
  async start(resourceGroup: string, name: string, options: StartOptions = {}): Promise<void> {
    const signal = options.abortSignal;
    await this.#call(signal, { resourceGroup, name }, async (docker) => {
      const names = toGroupNames(resourceGroup, name);
      await startGroup(docker, names, await this.#sandboxOf(docker, names, resourceGroup, name, signal), signal);
    });
  }

  /**
   * Stops every container (SIGTERM, then SIGKILL after the stop timeout) and pauses the sandbox, which
   * marks the group `Stopped`. WARNING: ACI's stop deallocates the group; here the containers, their logs
   * and the network namespace are kept until `delete`.
   */
  async stop(resourceGroup: string, name: string, options: StopOptions = {}): Promise<void> {
    const signal = options.abortSignal;
    await this.#call(signal, { resourceGroup, name }, async (docker) => {
      const names = toGroupNames(resourceGroup, name);
      await stopGroup(docker, names, await this.#sandboxOf(docker, names, resourceGroup, name, signal), this.#stopTimeout, signal);
    });
  }

  /** `stop` then `start`. */
  async restart(resourceGroup: string, name: string, options: RestartOptions = {}): Promise<void> {
    await this.stop(resourceGroup, name, options);
    await this.start(resourceGroup, name, options);
  }

  /** Asks the engine its version; never throws for an unreachable engine. */
  async testConnection(options: TestConnectionOptions = {}): Promise<TestConnectionResult> {
    let uri = 'the discovered address';
    try {
      const { docker, address } = await this.#getEngine(options.abortSignal);
      uri = address.uri;
      throwIfAborted(options.abortSignal);
      const v = await docker.version();
      return { ok: true, message: `Docker Engine ${v.Version} (API ${v.ApiVersion}) at ${uri}` };
    } catch (e) {
      if (isAbortError(e)) throw e;
      return { ok: false, message: toHookError(e, { address: uri }).message };
    }
  }

  // ---- private ----

  /**
   * Runs `fn` with the engine's client and turns whatever it throws into the core's errors, naming the
   * group and the engine address. Misused arguments (`RangeError`) pass through as they are.
   */
  async #call<T>(signal: AbortSignal | undefined, target: { resourceGroup?: string; name?: string }, fn: (docker: Docker) => Promise<T>): Promise<T> {
    const { docker, address } = await this.#getEngine(signal);
    try {
      return await fn(docker);
    } catch (e) {
      if (e instanceof RangeError) throw e;
      throw toHookError(e, { ...target, address: address.uri });
    }
  }

  /** The group's sandbox container, or `ContainerGroupNotFoundError`. */
  async #sandboxOf(docker: Docker, names: GroupNames, resourceGroup: string, name: string, signal: AbortSignal | undefined): Promise<Docker.ContainerInspectInfo> {
    const sandbox = await inspectContainer(docker, names.sandbox, signal);
    if (!sandbox) throw new ContainerGroupNotFoundError(resourceGroup, name);
    return sandbox;
  }

  #getEngine(signal: AbortSignal | undefined): Promise<Engine> {
    throwIfAborted(signal);
    if (!this.#engine) {
      this.#engine = resolveEngineAddress(this.#connection).then((address) => ({ address, docker: toDockerode(address) }));
      this.#engine.catch(() => (this.#engine = undefined));
    }
    return this.#engine;
  }
}
