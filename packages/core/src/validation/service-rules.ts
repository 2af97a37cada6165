/**
 * The second pass: the service's rules over the whole group (names, bounds, uniqueness, cross references).
 * Each rule only looks at values that already have the right type, so one mistake gives one problem.
 */
import { checkEnvironmentVariables } from './environment-variables.js';
import { NAME_RULES, nameProblem } from './names.js';
import { checkContainerPorts, checkIpAddress } from './network.js';
import { isRecord, itemsOf, type Problems, type Rec } from './problems.js';
import { checkResources, checkResourceTotals, resourceLimitsOf, type ResourceTotals } from './resources.js';
import { checkVolumeMounts, checkVolumes } from './volumes.js';

// Limits [docs] (aci-rest-contract.md §4, `container-instances-resource-and-quota-limits.md`).

/** Containers per group. Init containers are not counted: the quota page counts containers. */
const MAX_CONTAINERS = 60;

export function checkServiceRules(group: Rec, problems: Problems): void {
  const containers = itemsOf(group.containers);
  if (Array.isArray(group.containers)) {
    if (containers.length === 0) problems.add('containers', 'a container group needs at least one container');
    if (containers.length > MAX_CONTAINERS) {
      problems.add('containers', `a container group can have at most ${MAX_CONTAINERS} containers (it has ${containers.length})`);
    }
  }

  const volumeNames = checkVolumes(group, problems);
  const limits = resourceLimitsOf(group);

  const seenNames = new Map<string, string>();
  const exposedPorts = new Set<number>();
  const totals: ResourceTotals = { cpu: 0, memoryInGB: 0, overLimit: false };

  const lists = [
    ['containers', containers],
    ['initContainers', itemsOf(group.initContainers)],
  ] as const;
  for (const [list, items] of lists) {
    items.forEach((container, i) => {
      if (!isRecord(container)) return;
      const at = `${list}[${i}]`;
      if (typeof container.name === 'string') {
        const problem = nameProblem(container.name, NAME_RULES.container);
        if (problem) problems.add(`${at}.name`, problem);
        const first = seenNames.get(container.name);
        if (first !== undefined) problems.add(`${at}.name`, `the container name ${JSON.stringify(container.name)} is already used by ${first}`);
        else seenNames.set(container.name, at);
      }
      if (typeof container.image === 'string' && container.image.trim() === '') problems.add(`${at}.image`, 'the image must not be empty');

      if (list === 'containers') {
        checkContainerPorts(container.ports, `${at}.ports`, exposedPorts, problems);
        const resources = checkResources(container.resources, `${at}.resources`, limits, problems);
        totals.cpu += resources.cpu;
        totals.memoryInGB += resources.memoryInGB;
        totals.overLimit ||= resources.overLimit;
      }

      checkEnvironmentVariables(container.environmentVariables, `${at}.environmentVariables`, problems);
      checkVolumeMounts(container.volumeMounts, `${at}.volumeMounts`, volumeNames, problems);
    });
  }

  checkResourceTotals(totals, limits, problems);

  // Without containers, "no container exposes this port" would only repeat the problem above.
  checkIpAddress(group.ipAddress, containers.length > 0 ? exposedPorts : undefined, problems);
}
