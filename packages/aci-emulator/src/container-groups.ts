/**
 * The container-group operations of `Microsoft.ContainerInstance`: PUT, GET, PATCH, DELETE, list,
 * start, stop, restart, the containers' logs. The definition is checked by the core's validator (the
 * same problems, at the same paths, as every backend gives) and run for real by the hook.
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups
 */
import {
  fromArmContainerGroup,
  isContainerHookError,
  mainContainerOf,
  toContainerGroupId,
  validateContainerGroup,
  type ArmContainerGroup,
  type ContainerGroup,
  type Event,
} from '@container-hook/core';
import createDebug from 'debug';
import { isDeepStrictEqual } from 'node:util';
import { CloudError, containerGroupNotFound, resourceGroupNotFound } from './cloud-error.js';
import type { ArmRequest, EmulatorContext } from './context.js';
import type { ArmResponse } from './arm-response.js';
import { toGroupBody, toHookGroup } from './group-body.js';
import { invalidContainerGroup, toCloudError } from './hook-errors.js';
import { toWrittenOrder } from './log-order.js';
import { finishOperation, startOperation } from './operations.js';
import { ensureResourceGroup } from './resource-groups.js';
import type { ContainerGroupRecord, OperationRecord } from './store.js';

const log = createDebug('container-hook:emulator');

/** Where a container group lives. */
export interface GroupAddress {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** ACI keeps up to 4 MB of a running container's log; `logs` without `tail` answers at most that. */
const MAX_LOG_BYTES = 4 * 1024 * 1024;
/** "All available logs": the hook reads at most this many lines (4 MB of one-byte lines). */
const ALL_LINES = MAX_LOG_BYTES;

/**
 * The resource group the hook runs a group under: the ARM resource group for the emulator's own
 * subscription, suffixed with the subscription for any other, so that equal names in two subscriptions
 * never share the hook's group.
 */
export function hookResourceGroupOf(ctx: Pick<EmulatorContext, 'subscriptionId'>, record: Pick<ContainerGroupRecord, 'subscriptionId' | 'resourceGroup'>): string {
  return record.subscriptionId.toLowerCase() === ctx.subscriptionId.toLowerCase() ? record.resourceGroup : `${record.resourceGroup}-${record.subscriptionId.toLowerCase()}`;
}

function requireGroup(ctx: EmulatorContext, at: GroupAddress): ContainerGroupRecord {
  const record = ctx.store.getGroup(at.subscriptionId, at.resourceGroup, at.name);
  if (record) return record;
  // ARM names the resource group when that is what is missing (strict mode: resource groups are real).
  if (ctx.strictResourceGroups && !ctx.store.getResourceGroup(at.subscriptionId, at.resourceGroup)) throw resourceGroupNotFound(at.resourceGroup);
  throw containerGroupNotFound(at.resourceGroup, at.name);
}

/** The error a failed provisioning reported (its last event), for an operation that reports the same outcome. */
function lastError(record: ContainerGroupRecord): { code: string; message: string } {
  const event = record.events.at(-1);
  return { code: event?.name ?? 'ContainerGroupProvisioningFailed', message: event?.message ?? 'the container group could not be provisioned' };
}

/** Whether the group is being (re)provisioned: the hook may be removing its old containers meanwhile. */
function provisioning(record: ContainerGroupRecord): boolean {
  return record.provisioningState === 'Pending' || record.provisioningState === 'Creating';
}

/** The group as the hook runs it, if it does (a group being provisioned may not exist there yet). */
async function readLive(ctx: EmulatorContext, record: ContainerGroupRecord): Promise<ContainerGroup | undefined> {
  if (record.provisioningState === 'Pending' || !record.provisioned) return undefined;
  try {
    return await ctx.hook.getState(hookResourceGroupOf(ctx, record), record.name);
  } catch (e) {
    if (isContainerHookError(e, 'ContainerGroupNotFound') || provisioning(record)) return undefined;
    throw toCloudError(e, record.resourceGroup, record.name);
  }
}

async function groupBody(ctx: EmulatorContext, record: ContainerGroupRecord): Promise<ArmContainerGroup> {
  return toGroupBody(record, ctx, await readLive(ctx, record), true);
}

/** An event the emulator raises itself, in ACI's shape. */
function event(name: string, message: string, type: 'Normal' | 'Warning'): Event {
  const now = new Date();
  return { count: 1, firstTimestamp: now, lastTimestamp: now, name, message, type };
}

/** What ARM fills in when a PUT leaves it out. */
const DEFAULT_PROVISIONING_TIMEOUT_IN_SECONDS = 1800;

/** Whether a group is made from a container-group profile (or a standby pool's), which the emulator does not serve. */
function fromProfile(group: ContainerGroup): boolean {
  const extra = group as unknown as Record<string, unknown>;
  return extra.containerGroupProfile !== undefined || extra.standbyPoolProfile !== undefined;
}

/** The model of a PUT body, validated, its location checked. */
function parseBody(at: GroupAddress, body: unknown): ContainerGroup {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    // ARM's code for content it cannot deserialize, with the validator's problems as details (path ""), so
    // that a client reads the same paths here as from every backend for the same input.
    const problems = validateContainerGroup(at.name, body);
    throw new CloudError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: a JSON object was expected.', {
      target: '',
      details: problems.map((p) => ({ code: 'InvalidContainerGroup', message: p.message, target: p.path })),
    });
  }
  const arm = body as ArmContainerGroup;
  if (typeof arm.location !== 'string' || arm.location.trim() === '') {
    throw new CloudError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  const group = fromArmContainerGroup(arm);
  const extra = group as unknown as Record<string, unknown>;
  // Read-only fields a client may echo back from a GET are not part of the definition.
  for (const key of ['id', 'name', 'type', 'provisioningState', 'instanceView', 'isCreatedFromStandbyPool', 'isCustomProvisioningTimeout'] as const) delete extra[key];
  if (extra.provisioningTimeoutInSeconds === DEFAULT_PROVISIONING_TIMEOUT_IN_SECONDS) delete extra.provisioningTimeoutInSeconds;
  // A group made from a container-group profile takes its containers' images, resources and OS from the
  // profile, so ARM accepts it without them; its provisioning then fails here (profiles are not served).
  if (fromProfile(group)) return group;
  const problems = validateContainerGroup(at.name, group);
  if (problems.length > 0) throw invalidContainerGroup(at.name, problems);
  return group;
}

/**
 * `PUT …/containerGroups/{name}`: 201 on create, 200 on update, both with an `Azure-AsyncOperation`;
 * the group is provisioned by the hook after the answer. An unchanged definition restarts nothing.
 */
export async function putContainerGroup(ctx: EmulatorContext, req: ArmRequest, at: GroupAddress, body: unknown): Promise<ArmResponse> {
  const spec = parseBody(at, body);
  await ensureResourceGroup(ctx, at.subscriptionId, at.resourceGroup, spec.location);
  const existing = ctx.store.getGroup(at.subscriptionId, at.resourceGroup, at.name);
  const id = toContainerGroupId(at.subscriptionId, existing?.resourceGroup ?? at.resourceGroup, existing?.name ?? at.name);
  const { operation, headers } = startOperation(ctx.store, req, at.subscriptionId, spec.location ?? 'local', id);
  if (existing && existing.provisioningState !== 'Failed' && isDeepStrictEqual(existing.spec, spec)) {
    log('[%s/%s] unchanged PUT: nothing restarted', at.resourceGroup, at.name);
    // Still provisioning (a client resending its PUT): this operation ends with the one in flight.
    const settle = () => finishOperation(operation, existing.provisioningState === 'Succeeded' ? 'Succeeded' : 'Failed', existing.provisioningState === 'Succeeded' ? undefined : lastError(existing));
    if (provisioning(existing)) ctx.store.enqueue(at.subscriptionId, at.resourceGroup, at.name, async () => settle()).catch((e: unknown) => log('[%s/%s] %O', at.resourceGroup, at.name, e));
    else settle();
    return { status: 200, headers, body: await groupBody(ctx, existing) };
  }
  const record: ContainerGroupRecord = {
    subscriptionId: at.subscriptionId,
    resourceGroup: existing?.resourceGroup ?? at.resourceGroup,
    name: existing?.name ?? at.name,
    spec,
    provisioningState: 'Pending',
    events: [],
    generation: (existing?.generation ?? 0) + 1,
    provisioned: existing?.provisioned ?? false,
  };
  ctx.store.setGroup(record);
  const answer = toGroupBody(record, ctx, undefined, true);
  // Runs after the answer; whatever escapes it is logged, never an unhandled rejection that would end the process.
  ctx.store.enqueue(at.subscriptionId, at.resourceGroup, at.name, () => provision(ctx, record, operation)).catch((e: unknown) => log('[%s/%s] provisioning: %O', at.resourceGroup, at.name, e));
  return { status: existing ? 200 : 201, headers, body: answer };
}

/** Runs the group through the hook and records how provisioning ended, on the record and its operation. */
async function provision(ctx: EmulatorContext, record: ContainerGroupRecord, operation: OperationRecord): Promise<void> {
  const current = (): boolean => ctx.store.getGroup(record.subscriptionId, record.resourceGroup, record.name) === record;
  if (!current()) return finishOperation(operation, 'Canceled');
  record.provisioningState = 'Creating';
  operation.status = 'Creating';
  record.provisioned = true;
  try {
    if (fromProfile(record.spec)) {
      throw new CloudError(400, 'UnsupportedFeature', 'The ACI emulator does not serve container group profiles or standby pools (containerGroupProfile, standbyPoolProfile): the group cannot be provisioned from one.');
    }
    const result = await ctx.hook.createOrUpdate(hookResourceGroupOf(ctx, record), record.name, toHookGroup(record.spec, ctx.imageMap), { wait: true });
    if (!current()) return finishOperation(operation, 'Canceled');
    const main = mainContainerOf(record.name, result.containers);
    operation.events = [...(main?.instanceView?.events ?? [])];
    if (result.provisioningState === 'Failed') {
      record.provisioningState = 'Failed';
      const reason = operation.events.at(-1)?.message ?? 'the container group could not be provisioned';
      finishOperation(operation, 'Failed', { code: 'ContainerGroupProvisioningFailed', message: reason });
    } else {
      record.provisioningState = 'Succeeded';
      finishOperation(operation, 'Succeeded');
    }
    log('[%s/%s] provisioned: %s', record.resourceGroup, record.name, record.provisioningState);
  } catch (e) {
    if (!current()) return finishOperation(operation, 'Canceled');
    const cloud = toCloudError(e, record.resourceGroup, record.name);
    // What the hook could not do is a provisioning failure for the client, not an emulator crash.
    const error = cloud.code === 'InternalServerError' ? new CloudError(500, 'ContainerGroupProvisioningFailed', explainProvisioningFailure(record.spec, e)) : cloud;
    // A field the hook cannot run (a GPU, an Azure Files share) is accepted as ARM accepts it and fails
    // the provisioning, with an event saying why, as ACI reports a group it could not place.
    record.provisioningState = 'Failed';
    record.provisioned = await ctx.hook.exists(hookResourceGroupOf(ctx, record), record.name).catch(() => false);
    record.events.push(event(error.code, error.message, 'Warning'));
    operation.events = [...record.events];
    finishOperation(operation, 'Failed', { code: error.code, message: error.message });
    log('[%s/%s] provisioning failed: %s', record.resourceGroup, record.name, error.message);
  }
}

/** What a client should read when the hook failed to run a group: the engine's words, made actionable where we know how. */
function explainProvisioningFailure(spec: ContainerGroup, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/no command specified/i.test(message)) {
    // An image without CMD or ENTRYPOINT (ACI's images always have one; a locally mapped image may not).
    const bare = [...(spec.initContainers ?? []), ...spec.containers].filter((c) => !c.command || c.command.length === 0).map((c) => `'${c.name}' (image '${c.image}')`);
    return `The image of container ${bare.join(' or ')} has no default command (no CMD or ENTRYPOINT) and the container gives none: set its "command", or map the image (imageMap) to one that has a default command.`;
  }
  return `The container group could not be provisioned: ${message}`;
}

/** `GET …/containerGroups/{name}`: the group with its instance views. */
export async function getContainerGroup(ctx: EmulatorContext, at: GroupAddress): Promise<ArmResponse> {
  return { status: 200, body: await groupBody(ctx, requireGroup(ctx, at)) };
}

/** `PATCH …/containerGroups/{name}`: updates tags (the only thing ACI lets a PATCH change); not an LRO. */
export async function patchContainerGroup(ctx: EmulatorContext, at: GroupAddress, body: unknown): Promise<ArmResponse> {
  const record = requireGroup(ctx, at);
  const patch = (typeof body === 'object' && body !== null ? body : {}) as { tags?: unknown };
  if (patch.tags !== undefined) {
    if (typeof patch.tags !== 'object' || patch.tags === null || Array.isArray(patch.tags) || Object.values(patch.tags).some((v) => typeof v !== 'string')) {
      throw new CloudError(400, 'InvalidRequestContent', 'tags must be an object of string values.', { target: 'tags' });
    }
    record.spec = { ...record.spec, tags: { ...(patch.tags as Record<string, string>) } };
  }
  return { status: 200, body: await groupBody(ctx, record) };
}

/** `DELETE …/containerGroups/{name}`: 200 with the group's last body once the hook removed it; 204 when absent. */
export async function deleteContainerGroup(ctx: EmulatorContext, at: GroupAddress): Promise<ArmResponse> {
  const record = ctx.store.getGroup(at.subscriptionId, at.resourceGroup, at.name);
  if (!record) return { status: 204 };
  // The group is gone for readers at once; the hook's removal is queued behind any provisioning of it.
  const body = await groupBody(ctx, record).catch(() => toGroupBody(record, ctx, undefined, true));
  ctx.store.deleteGroup(record);
  await ctx.store.enqueue(at.subscriptionId, at.resourceGroup, at.name, async () => {
    if (ctx.store.getGroup(at.subscriptionId, at.resourceGroup, at.name)) return; // created again meanwhile: that PUT replaced it
    await ctx.hook.delete(hookResourceGroupOf(ctx, record), record.name).catch((e: unknown) => {
      // Not deleted after all: the group is back, so that a retried DELETE (or stop()) removes it.
      if (!ctx.store.getGroup(at.subscriptionId, at.resourceGroup, at.name)) ctx.store.setGroup(record);
      throw toCloudError(e, at.resourceGroup, at.name);
    });
  });
  return { status: 200, body };
}

/** `GET …/containerGroups` of a subscription or a resource group: pages of list items (no instance views). */
export async function listContainerGroups(ctx: EmulatorContext, req: ArmRequest, subscriptionId: string, resourceGroup: string | undefined, path: string, skipToken: string | undefined): Promise<ArmResponse> {
  if (resourceGroup !== undefined && ctx.strictResourceGroups && !ctx.store.getResourceGroup(subscriptionId, resourceGroup)) {
    throw resourceGroupNotFound(resourceGroup);
  }
  const all = ctx.store.listGroups(subscriptionId, resourceGroup);
  const start = Math.max(0, Number.parseInt(skipToken ?? '0', 10) || 0);
  const page = all.slice(start, start + ctx.pageSize);
  const value = page.map((r) => toGroupBody(r, ctx, undefined, false));
  const next = start + ctx.pageSize;
  const nextLink = next < all.length ? `${req.origin}${path}?api-version=${encodeURIComponent(req.apiVersion)}&$skipToken=${next}` : undefined;
  return { status: 200, body: { value, ...(nextLink ? { nextLink } : {}) } };
}

/** `POST …/start`: 202 with an operation that ends once the hook started the group (204 when it already runs). */
export async function startContainerGroup(ctx: EmulatorContext, req: ArmRequest, at: GroupAddress): Promise<ArmResponse> {
  const record = requireGroup(ctx, at);
  const { operation, headers } = startOperation(ctx.store, req, at.subscriptionId, record.spec.location ?? 'local', toContainerGroupId(at.subscriptionId, record.resourceGroup, record.name));
  ctx.store.enqueue(at.subscriptionId, at.resourceGroup, at.name, async () => {
    try {
      await ctx.hook.start(hookResourceGroupOf(ctx, record), record.name);
      finishOperation(operation, 'Succeeded');
    } catch (e) {
      const error = toCloudError(e, at.resourceGroup, at.name);
      finishOperation(operation, 'Failed', { code: error.code, message: error.message });
    }
  }).catch((e: unknown) => log('[%s/%s] start: %O', at.resourceGroup, at.name, e));
  return { status: 202, headers };
}

/** `POST …/stop`: exactly 204 once the hook stopped the group (the SDK accepts nothing else). */
export async function stopContainerGroup(ctx: EmulatorContext, at: GroupAddress): Promise<ArmResponse> {
  const record = requireGroup(ctx, at);
  await ctx.store.enqueue(at.subscriptionId, at.resourceGroup, at.name, () => ctx.hook.stop(hookResourceGroupOf(ctx, record), record.name)).catch((e: unknown) => {
    throw toCloudError(e, at.resourceGroup, at.name);
  });
  return { status: 204 };
}

/** `POST …/restart`: 204 once the hook restarted the group's containers. */
export async function restartContainerGroup(ctx: EmulatorContext, at: GroupAddress): Promise<ArmResponse> {
  const record = requireGroup(ctx, at);
  await ctx.store.enqueue(at.subscriptionId, at.resourceGroup, at.name, () => ctx.hook.restart(hookResourceGroupOf(ctx, record), record.name)).catch((e: unknown) => {
    throw toCloudError(e, at.resourceGroup, at.name);
  });
  return { status: 204 };
}

/** `GET …/containers/{container}/logs?tail&timestamps`: `{ content }`, the last `tail` lines or all (≤ 4 MB). */
export async function listContainerLogs(ctx: EmulatorContext, at: GroupAddress, container: string, query: { tail?: string; timestamps?: string }): Promise<ArmResponse> {
  const record = requireGroup(ctx, at);
  const known = [...record.spec.containers, ...(record.spec.initContainers ?? [])].find((c) => c.name.toLowerCase() === container.toLowerCase());
  if (!known) throw new CloudError(404, 'ContainerNotFound', `The container '${container}' could not be found in container group '${record.name}'.`);
  const tail = query.tail === undefined ? undefined : Number(query.tail);
  if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) {
    throw new CloudError(400, 'InvalidParameter', `The value '${query.tail}' of parameter 'tail' is not a non-negative integer.`, { target: 'tail' });
  }
  const timestamps = (query.timestamps ?? 'false').toLowerCase() === 'true';
  // Nothing to read before the group runs — and while a changed group is being replaced, what the hook still
  // holds is the old run's log, which ACI no longer has: a follower must not read it as the new run's.
  if (!record.provisioned || provisioning(record)) return { status: 200, body: { content: '' } };
  let lines: string[];
  try {
    // Stamped, so that stdout and stderr come back merged in the order they were written, as ACI's log is.
    lines = toWrittenOrder(await ctx.hook.getLogs(hookResourceGroupOf(ctx, record), record.name, tail ?? ALL_LINES, { container: known.name, timestamps: true }), timestamps);
  } catch (e) {
    if (isContainerHookError(e, 'ContainerGroupNotFound')) return { status: 200, body: { content: '' } };
    throw toCloudError(e, at.resourceGroup, at.name);
  }
  return { status: 200, body: { content: tail === undefined ? lastBytes(lines.join(''), MAX_LOG_BYTES) : lines.join('') } };
}

/** The end of `text`, at most `max` UTF-8 bytes, cut at a line start. */
function lastBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  const bytes = Buffer.from(text);
  const cut = bytes.subarray(bytes.length - max).toString('utf8');
  const nl = cut.indexOf('\n');
  return nl >= 0 ? cut.slice(nl + 1) : cut;
}

/** `GET …/outboundNetworkDependenciesEndpoints`: what a group needs to reach. Locally: nothing outside the machine. */
export function getOutboundNetworkDependencies(ctx: EmulatorContext, at: GroupAddress): ArmResponse {
  requireGroup(ctx, at);
  return { status: 200, body: [] };
}

/** `POST …/containers/{container}/exec` and `attach`: not served (no websocket bridge yet). */
export function unsupportedContainerOperation(ctx: EmulatorContext, at: GroupAddress, operation: string): ArmResponse {
  requireGroup(ctx, at);
  throw new CloudError(501, 'NotImplemented', `The ACI emulator does not serve '${operation}' yet; use the logs operation or run the command in the container group itself.`);
}
