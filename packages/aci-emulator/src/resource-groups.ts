/**
 * Resource groups, subscriptions and tenants, as far as ACI clients need them: the Azure CLI lists
 * subscriptions and tenants at login, SDK users create a resource group first. Unless strict, a resource group springs into being
 * on first use, so code that assumes one exists runs as is.
 * @see https://learn.microsoft.com/rest/api/resources/resource-groups
 */
import type { ArmResponse } from './arm-response.js';
import { CloudError, resourceGroupNotFound } from './cloud-error.js';
import type { EmulatorContext } from './context.js';
import type { ResourceGroupRecord } from './store.js';

/** The location a resource group auto-created without one gets. */
export const DEFAULT_LOCATION = 'local';

function toBody(r: ResourceGroupRecord): unknown {
  return {
    id: `/subscriptions/${r.subscriptionId}/resourceGroups/${r.name}`,
    name: r.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: r.location,
    ...(r.tags ? { tags: r.tags } : {}),
    properties: { provisioningState: 'Succeeded' },
  };
}

/**
 * The resource group a container-group request names: created on first use, or — in strict mode —
 * `ResourceGroupNotFound` as ARM answers it.
 */
export async function ensureResourceGroup(ctx: EmulatorContext, subscriptionId: string, name: string, location: string | undefined): Promise<ResourceGroupRecord> {
  const existing = ctx.store.getResourceGroup(subscriptionId, name);
  if (existing) return existing;
  if (ctx.strictResourceGroups) throw resourceGroupNotFound(name);
  return ctx.store.putResourceGroup({ subscriptionId, name, location: location ?? DEFAULT_LOCATION }).record;
}

export function putResourceGroup(ctx: EmulatorContext, subscriptionId: string, name: string, body: unknown): ArmResponse {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { location?: unknown; tags?: unknown };
  if (typeof b.location !== 'string' || !b.location) throw new CloudError(400, 'LocationRequired', 'The location property is required for this definition.');
  const { record, created } = ctx.store.putResourceGroup({
    subscriptionId,
    name,
    location: b.location,
    ...(typeof b.tags === 'object' && b.tags !== null ? { tags: b.tags as Record<string, string> } : {}),
  });
  return { status: created ? 201 : 200, body: toBody(record) };
}

export function getResourceGroup(ctx: EmulatorContext, subscriptionId: string, name: string): ArmResponse {
  const record = ctx.store.getResourceGroup(subscriptionId, name);
  if (!record) throw resourceGroupNotFound(name);
  return { status: 200, body: toBody(record) };
}

/** `HEAD …/resourcegroups/{name}`: 204 when it exists, 404 without a body when not. */
export function checkResourceGroup(ctx: EmulatorContext, subscriptionId: string, name: string): ArmResponse {
  return { status: ctx.store.getResourceGroup(subscriptionId, name) ? 204 : 404 };
}

/** `DELETE …/resourcegroups/{name}`: removes its container groups (through the hook), then the group. */
export async function deleteResourceGroup(ctx: EmulatorContext, subscriptionId: string, name: string, deleteGroup: (rg: string, group: string) => Promise<unknown>): Promise<ArmResponse> {
  const record = ctx.store.getResourceGroup(subscriptionId, name);
  if (!record) return { status: 204 };
  await Promise.all(ctx.store.listGroups(subscriptionId, name).map((g) => deleteGroup(g.resourceGroup, g.name)));
  ctx.store.deleteResourceGroup(subscriptionId, name);
  return { status: 200 };
}

export function listResourceGroups(ctx: EmulatorContext, subscriptionId: string): ArmResponse {
  return { status: 200, body: { value: ctx.store.listResourceGroups(subscriptionId).map(toBody) } };
}

/** `GET /subscriptions` and `GET /subscriptions/{id}`: the emulator's one subscription. */
export function subscriptionBody(subscriptionId: string, tenantId: string): unknown {
  return {
    id: `/subscriptions/${subscriptionId}`,
    subscriptionId,
    tenantId,
    displayName: 'ACI emulator',
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
  };
}

/** `GET /tenants`: the emulator's one tenant (the Azure CLI lists tenants at login). */
export function tenantBody(tenantId: string): unknown {
  return { id: `/tenants/${tenantId}`, tenantId, tenantCategory: 'Home', displayName: 'ACI emulator' };
}
