/**
 * The core's model ⇄ the SDK's `ContainerGroup`. The core's model mirrors the SDK's flattened shape
 * field for field (a type-level test keeps them assignable), so the mapping is a copy: `undefined`
 * members dropped on the way out, the group's location filled in, unknown keys the service sends
 * (`provisioningTimeoutInSeconds`, …) kept on the way back. Pure functions.
 */
import type { ContainerGroup as AciContainerGroup } from '@azure/arm-containerinstance';
import type { ContainerGroup } from '@container-hook/core';

/** A deep copy without `undefined` members (the SDK serialises what it is given). */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value instanceof Date || typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out as T;
}

/**
 * The SDK body of a group. ACI requires a location; a group without one gets `defaultLocation`.
 * Read-only fields (`id`, `instanceView`, `provisioningState`) are left to the SDK, which drops them.
 */
export function toAciContainerGroup(group: ContainerGroup, defaultLocation: string): AciContainerGroup {
  const body = withoutUndefined(group) as unknown as AciContainerGroup;
  return { ...body, location: group.location ?? defaultLocation };
}

/** The core's model of a group the SDK returned (Dates stay Dates). */
export function fromAciContainerGroup(group: AciContainerGroup): ContainerGroup {
  return withoutUndefined(group) as unknown as ContainerGroup;
}
