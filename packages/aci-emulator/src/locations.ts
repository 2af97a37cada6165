/**
 * The location-scoped and provider-scoped reads (`usages`, `capabilities`, `cachedImages`, `operations`),
 * answered with plausible values for a local machine: what the emulator can run, not Azure's catalogue.
 * @see https://learn.microsoft.com/rest/api/container-instances/location
 */
import type { ArmResponse } from './arm-response.js';
import type { EmulatorContext } from './context.js';

/** ACI's default quotas per region and subscription (Standard sku). */
const GROUP_LIMIT = 100;
const CORE_LIMIT = 100;

/** `GET …/locations/{location}/usages`: groups and cores used in that location, against ACI's default quotas. */
export function listUsage(ctx: EmulatorContext, subscriptionId: string, location: string): ArmResponse {
  const here = ctx.store.listGroups(subscriptionId).filter((g) => (g.spec.location ?? '').replace(/\s/g, '').toLowerCase() === location.replace(/\s/g, '').toLowerCase());
  const cores = here.reduce((sum, g) => sum + g.spec.containers.reduce((s, c) => s + (c.resources?.requests?.cpu ?? 0), 0), 0);
  const usage = (value: string, localizedValue: string, currentValue: number, limit: number) => ({ unit: 'Count', currentValue, limit, name: { value, localizedValue } });
  return {
    status: 200,
    body: {
      value: [
        usage('ContainerGroups', 'Container Groups', here.length, GROUP_LIMIT),
        usage('StandardCores', 'Standard Cores', Math.ceil(cores), CORE_LIMIT),
      ],
    },
  };
}

/** `GET …/locations/{location}/capabilities`: Linux groups without GPUs, within a Standard group's limits. */
export function listCapabilities(location: string): ArmResponse {
  return {
    status: 200,
    body: {
      value: ['Public', 'Private'].map((ipAddressType) => ({
        resourceType: 'containerGroups',
        osType: 'Linux',
        location,
        ipAddressType,
        gpu: 'None',
        capabilities: { maxMemoryInGB: 240, maxCpu: 31, maxGpuCount: 0 },
      })),
    },
  };
}

/** `GET …/locations/{location}/cachedImages`: none (no image is cached by Azure here). */
export function listCachedImages(): ArmResponse {
  return { status: 200, body: { value: [] } };
}

const OPERATIONS: ReadonlyArray<[string, string, string]> = [
  ['containerGroups/read', 'Get Container Groups', 'Get all container groups.'],
  ['containerGroups/write', 'Create or Update Container Groups', 'Create or update a specific container group.'],
  ['containerGroups/delete', 'Delete Container Groups', 'Delete the specific container group.'],
  ['containerGroups/start/action', 'Start Container Groups', 'Starts a specific container group.'],
  ['containerGroups/stop/action', 'Stop Container Groups', 'Stops a specific container group.'],
  ['containerGroups/restart/action', 'Restart Container Groups', 'Restarts a specific container group.'],
  ['containerGroups/containers/logs/read', 'Get Container Logs', 'Get logs for a specific container.'],
];

/** `GET /providers/Microsoft.ContainerInstance/operations`. */
export function listOperations(): ArmResponse {
  return {
    status: 200,
    body: {
      value: OPERATIONS.map(([name, operation, description]) => ({
        name: `Microsoft.ContainerInstance/${name}`,
        display: { provider: 'Microsoft Container Instance', resource: 'Container Group', operation, description },
        origin: 'User',
      })),
    },
  };
}
