/** CPU, memory and GPU: each container's requests and limits, and the group's total, by the group's kind. */
import { isRecord, type Problems, type Rec } from './problems.js';

// Limits [docs] (aci-rest-contract.md §4, `container-instances-resource-and-quota-limits.md`).

/**
 * CPU and memory a group may request, by kind. The quota page documents these per *group* (Standard
 * 31 vCPU / 240 GB, Spot 4 / 16, Confidential 31 / 180); it documents no separate per-container maximum
 * any more (the old "4 CPU / 16 GB per container" figure was the pre-2024 Standard default, since raised).
 * So we apply the group's figure both to each container (a container cannot be larger than its group)
 * and to the sum of the containers' requests. Dedicated and Windows groups are not documented
 * separately and get the Standard figures; a region's current capacity is left to the service to judge.
 */
const GROUP_RESOURCE_LIMITS = {
  Standard: { cpu: 31, memoryInGB: 240 },
  Spot: { cpu: 4, memoryInGB: 16 },
  Confidential: { cpu: 31, memoryInGB: 180 },
} as const;

/** The most a group may request, and the kind named in messages ("a Spot container group"). */
export interface ResourceLimits {
  kind: string;
  cpu: number;
  memoryInGB: number;
}

/** The limits of the group's kind: Spot by priority, Confidential by sku, else Standard. */
export function resourceLimitsOf(group: Rec): ResourceLimits {
  return group.priority === 'Spot'
    ? { kind: 'Spot', ...GROUP_RESOURCE_LIMITS.Spot }
    : group.sku === 'Confidential'
      ? { kind: 'Confidential', ...GROUP_RESOURCE_LIMITS.Confidential }
      : { kind: 'Standard', ...GROUP_RESOURCE_LIMITS.Standard };
}

export interface ResourceTotals {
  cpu: number;
  memoryInGB: number;
  overLimit: boolean;
}

export function checkResources(resources: unknown, at: string, limits: ResourceLimits, problems: Problems): ResourceTotals {
  const totals: ResourceTotals = { cpu: 0, memoryInGB: 0, overLimit: false };
  if (!isRecord(resources)) return totals;
  const requests = isRecord(resources.requests) ? resources.requests : {};
  const maxima = isRecord(resources.limits) ? resources.limits : undefined;
  const units = { cpu: 'CPUs', memoryInGB: 'GB' } as const;

  for (const field of ['cpu', 'memoryInGB'] as const) {
    const requested = requests[field];
    if (typeof requested === 'number' && Number.isFinite(requested)) {
      if (requested <= 0) problems.add(`${at}.requests.${field}`, `${field} must be greater than 0 (it is ${requested})`);
      else if (requested > limits[field]) {
        totals.overLimit = true;
        problems.add(
          `${at}.requests.${field}`,
          `${field} must be at most ${limits[field]} ${units[field]}, the most a ${limits.kind} container group can have (it is ${requested})`,
        );
      } else totals[field] = requested;
    }
    const limit = maxima?.[field];
    if (typeof limit === 'number' && Number.isFinite(limit)) {
      if (limit <= 0) problems.add(`${at}.limits.${field}`, `${field} must be greater than 0 (it is ${limit})`);
      else if (typeof requested === 'number' && limit < requested) {
        problems.add(`${at}.limits.${field}`, `the ${field} limit (${limit}) must not be below the ${field} request (${requested})`);
      }
    }
  }

  for (const [kind, source] of [
    ['requests', requests],
    ['limits', maxima],
  ] as const) {
    const gpu = source?.gpu;
    if (!isRecord(gpu)) continue;
    if (Number.isInteger(gpu.count) && (gpu.count as number) < 1) {
      problems.add(`${at}.${kind}.gpu.count`, `the GPU count must be at least 1 (it is ${gpu.count as number})`);
    }
    if (typeof gpu.sku === 'string' && gpu.sku.trim() === '') problems.add(`${at}.${kind}.gpu.sku`, 'the GPU sku must not be empty');
  }
  return totals;
}

/** Checks the sum of the containers' requests, unless a container alone is already over the limit. */
export function checkResourceTotals(totals: ResourceTotals, limits: ResourceLimits, problems: Problems): void {
  if (totals.overLimit) return;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  if (totals.cpu > limits.cpu) {
    problems.add('containers', `the containers request ${round(totals.cpu)} CPUs in total, more than the ${limits.cpu} a ${limits.kind} container group can have`);
  }
  if (totals.memoryInGB > limits.memoryInGB) {
    problems.add(
      'containers',
      `the containers request ${round(totals.memoryInGB)} GB of memory in total, more than the ${limits.memoryInGB} GB a ${limits.kind} container group can have`,
    );
  }
}
